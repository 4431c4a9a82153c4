"""The Staff rubric as validated data (rubrics/staff.yaml)."""

from pathlib import Path

from pydantic import Field, model_validator

from sim.domain.questions import Strict
from sim.domain.types import DIMENSIONS, MAX_LEVEL, MIN_LEVEL, Dimension, Kind
from sim.domain.yaml_io import load_model

LevelAnchors = dict[int, str]


class LevelInfo(Strict):
    level: int = Field(ge=MIN_LEVEL, le=MAX_LEVEL)
    label: str


class SignalBand(Strict):
    min_score: float = Field(ge=0, le=MAX_LEVEL)
    label: str


class RubricDimension(Strict):
    id: Dimension
    title: str
    guiding_question: str
    anchors: dict[Kind, LevelAnchors]

    @model_validator(mode="after")
    def _every_kind_every_level(self) -> "RubricDimension":
        expected = set(range(MIN_LEVEL, MAX_LEVEL + 1))
        for kind in Kind:
            levels = self.anchors.get(kind)
            if levels is None:
                raise ValueError(f"anchors missing for kind {kind.value!r}")
            if set(levels) != expected:
                raise ValueError(f"anchors for {kind.value!r} must have levels {sorted(expected)}")
        return self


class ChecklistItem(Strict):
    id: str
    title: str
    description: str
    cues: list[str] = Field(min_length=1)


class Rubric(Strict):
    id: str
    version: str
    title: str
    source: dict[str, object]
    levels: list[LevelInfo]
    signals: list[SignalBand] = Field(min_length=1)
    min_judged_dimensions: int = Field(ge=1, le=len(DIMENSIONS))
    dimensions: list[RubricDimension]
    system_design_checklist: list[ChecklistItem] = Field(min_length=9, max_length=9)
    star_parts: list[ChecklistItem] = Field(min_length=4, max_length=4)

    @model_validator(mode="after")
    def _all_dimensions_once(self) -> "Rubric":
        ids = [d.id for d in self.dimensions]
        if sorted(ids) != sorted(DIMENSIONS):
            raise ValueError(f"dimensions must be exactly {[d.value for d in DIMENSIONS]}")
        return self

    def dimension(self, dim: Dimension) -> RubricDimension:
        return next(d for d in self.dimensions if d.id is dim)

    def anchor(self, dim: Dimension, kind: Kind, level: int) -> str:
        return self.dimension(dim).anchors[kind][level]

    def level_label(self, level: int) -> str:
        return next(info.label for info in self.levels if info.level == level)

    def signal_for(self, score: float) -> str:
        bands = sorted(self.signals, key=lambda band: band.min_score, reverse=True)
        return next(band.label for band in bands if score >= band.min_score)


def load_rubric(path: Path) -> Rubric:
    return load_model(path, Rubric)


def rubric_prompt_text(rubric: Rubric) -> str:
    """The whole rubric as the LLM reads it: every kind's anchors, the system-design deliverables
    and the STAR parts. The same text for every answer of every kind, so it can open the prompt
    and providers' prompt caching (which needs 1,024 identical leading tokens) reuses it across
    answers and kinds; the question's kind, given after it, says which anchors apply."""
    kinds = ", ".join(kind.value for kind in Kind)
    lines = [
        f"Rubric {rubric.id} version {rubric.version}. Levels: "
        + "; ".join(f"{info.level} = {info.label}" for info in rubric.levels)
        + f". Each dimension has level anchors for each question kind ({kinds}): judge with"
        " the anchors of the kind given with the question."
    ]
    for dim in rubric.dimensions:
        lines.append(f"\n## {dim.title} ({dim.id.value}): {dim.guiding_question}")
        for kind in Kind:
            lines.append(f"### {dim.title} anchors for {kind.value}")
            for level in sorted(dim.anchors[kind]):
                lines.append(f"- Level {level}: {dim.anchors[kind][level]}")
    lines.append(
        f"\n{Kind.SYSTEM_DESIGN.value} deliverables: "
        + "; ".join(f"{item.title} ({item.description})" for item in rubric.system_design_checklist)
    )
    lines.append(
        f"\n{Kind.BEHAVIORAL.value} STAR parts: "
        + "; ".join(f"{part.title} ({part.description})" for part in rubric.star_parts)
    )
    return "\n".join(lines)
