"""The evaluation-set builder (sim/evaluation/sets/), run on the licensed texts in ../shared/eval.

The texts are never copied into the repository: every test reads them at run time. Without them
the tests skip with a printed reason on a user's machine and fail under CI=true.
"""

import hashlib
import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from sim.evaluation import sets as eval_sets
from sim.evaluation.runner import EvalItem, parse_lines
from tests.conftest import SHARED, need_or_skip

SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
EVAL_DIR = SHARED_DIR / "eval"

REQUIRED = {"id", "kind", "question", "group", "answer", "label", "variant", "source"}
OPTIONAL = {"key_points", "reference"}
KINDS = {"system_design", "behavioral", "deep_dive"}
TOP = {"original", "detailed"}


def _need_texts() -> None:
    need_or_skip(EVAL_DIR.is_dir(), f"licensed evaluation texts not found at {EVAL_DIR}")


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def built(eval_build: eval_sets.BuildResult) -> eval_sets.BuildResult:
    return eval_build


@pytest.fixture(scope="session")
def lines(built: eval_sets.BuildResult) -> dict[str, list[dict]]:
    return {name: _read(built.paths[name]) for name in ("tune", "heldout")}


@pytest.fixture(scope="session")
def groups(lines: dict[str, list[dict]]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for record in lines["tune"] + lines["heldout"]:
        out[record["group"]].append(record)
    return dict(out)


def test_shared_location_is_the_one_conftest_uses() -> None:
    assert SHARED.resolve() == SHARED_DIR.resolve()  # either may be reached through a link


def test_build_sets_writes_the_same_files_again(
    built: eval_sets.BuildResult, tmp_path: Path
) -> None:
    """build_sets returns the files it wrote, byte for byte what an earlier build wrote."""
    paths = eval_sets.build_sets(SHARED_DIR, tmp_path / "out")
    assert set(paths) == {"tune", "heldout", "attribution"}
    assert {p.name for p in paths.values()} == {"tune.jsonl", "heldout.jsonl", "ATTRIBUTION.txt"}
    assert all(p.is_file() and p.parent == tmp_path / "out" for p in paths.values())
    for name, path in built.paths.items():
        assert path.read_bytes() == paths[name].read_bytes(), name


def test_every_line_matches_the_schema(lines: dict[str, list[dict]]) -> None:
    ids = set()
    for record in lines["tune"] + lines["heldout"]:
        assert REQUIRED <= set(record) <= REQUIRED | OPTIONAL, record.get("id")
        for key in ("id", "question", "group", "answer", "variant", "source"):
            assert isinstance(record[key], str) and record[key].strip(), (record["id"], key)
        assert record["kind"] in KINDS
        assert isinstance(record["label"], int | float) and 1 <= record["label"] <= 4
        points = record.get("key_points", [])
        assert isinstance(points, list) and all(isinstance(p, str) and p for p in points)
        assert len(points) <= 8
        source = Path(record["source"])
        assert not source.is_absolute() and ".." not in source.parts
        assert (EVAL_DIR / source).is_file(), record["source"]
        assert record["id"] not in ids
        ids.add(record["id"])


def test_lines_load_in_the_evaluator(built: eval_sets.BuildResult) -> None:
    for name in ("tune", "heldout"):
        text = built.paths[name].read_text(encoding="utf-8")
        items, problems = parse_lines(text.splitlines(), bank=None)
        assert problems == []
        assert len(items) == len(text.splitlines())
        assert all(isinstance(item, EvalItem) for item in items)


def test_enough_groups_per_kind(groups: dict[str, list[dict]]) -> None:
    per_kind = defaultdict(int)
    for records in groups.values():
        per_kind[records[0]["kind"]] += 1
    assert per_kind["system_design"] >= 8
    assert per_kind["behavioral"] >= 60
    assert per_kind["deep_dive"] >= 30


def test_each_group_has_two_labels_and_one_kind_and_question(
    groups: dict[str, list[dict]],
) -> None:
    for group, records in groups.items():
        assert len({r["label"] for r in records}) >= 2, group
        assert len({r["kind"] for r in records}) == 1, group
        assert len({r["question"] for r in records}) == 1, group
        assert len({r["answer"] for r in records}) == len(records), group


def test_degraded_variants_rank_below_their_original(groups: dict[str, list[dict]]) -> None:
    for group, records in groups.items():
        top = [r for r in records if r["variant"] in TOP]
        assert len(top) == 1, group
        for record in records:
            if record is not top[0]:
                assert record["label"] < top[0]["label"], record["id"]


def test_cut_down_variants_are_shorter_than_the_original(groups: dict[str, list[dict]]) -> None:
    cut = {"no_tradeoffs_failures_ops", "core_only", "first_paragraph", "no_result"}
    cut |= {"situation_only", "terse"}
    for records in groups.values():
        top = next(r for r in records if r["variant"] in TOP)
        for record in records:
            if record["variant"] in cut:
                assert len(record["answer"]) < len(top["answer"]), record["id"]
                assert record["source"] == top["source"], record["id"]


def test_system_design_variants_keep_their_order_of_size(groups: dict[str, list[dict]]) -> None:
    order = ["original", "no_tradeoffs_failures_ops", "core_only", "first_paragraph"]
    for group, records in groups.items():
        if records[0]["kind"] != "system_design":
            continue
        sizes = {r["variant"]: len(r["answer"]) for r in records}
        present = [sizes[v] for v in order if v in sizes]
        assert present == sorted(present, reverse=True), group
        assert {"original", "core_only", "keyword_salad", "other_question"} <= set(sizes), group


def test_we_no_numbers_has_no_digits_and_no_first_person_singular(
    lines: dict[str, list[dict]],
) -> None:
    variants = [r for r in lines["tune"] + lines["heldout"] if r["variant"] == "we_no_numbers"]
    assert variants
    for record in variants:
        assert not re.search(r"\d", record["answer"]), record["id"]
        assert not re.search(r"\b(I|my|me|mine|myself)\b", record["answer"]), record["id"]


def test_keyword_salads_have_no_sentences(lines: dict[str, list[dict]]) -> None:
    salads = [r for r in lines["tune"] + lines["heldout"] if r["variant"] == "keyword_salad"]
    assert salads
    for record in salads:
        terms = re.split(r"\n|, ", record["answer"])
        assert len(terms) >= 3, record["id"]
        for term in terms:
            assert 1 <= len(term.split()) <= 5, (record["id"], term)
            assert not term.rstrip().endswith((".", "!", "?")), (record["id"], term)


def test_other_answers_come_from_another_group(groups: dict[str, list[dict]]) -> None:
    originals = {
        r["answer"]: group for group, rs in groups.items() for r in rs if r["variant"] in TOP
    }
    for group, records in groups.items():
        for record in records:
            if record["variant"] in {"other_question", "other_answer"}:
                assert originals.get(record["answer"], group) != group, record["id"]


def test_split_is_by_group_hash_and_disjoint(lines: dict[str, list[dict]]) -> None:
    tune = {r["group"] for r in lines["tune"]}
    heldout = {r["group"] for r in lines["heldout"]}
    assert tune and heldout and not tune & heldout
    for group in tune | heldout:
        bucket = int(hashlib.sha1(group.encode("utf-8")).hexdigest(), 16) % 10
        assert (group in heldout) == (bucket < 3), group


def test_heldout_is_roughly_thirty_percent_of_groups(lines: dict[str, list[dict]]) -> None:
    tune = {r["group"] for r in lines["tune"]}
    heldout = {r["group"] for r in lines["heldout"]}
    assert 0.2 <= len(heldout) / len(tune | heldout) <= 0.4


def test_attribution_names_every_source_and_licence(built: eval_sets.BuildResult) -> None:
    text = built.paths["attribution"].read_text(encoding="utf-8")
    for needle in (
        "System Design Primer, Donne Martin",
        "CC BY 4.0",
        "chitamoor/interview-prep",
        "Jdubz/llm-prep",
        "envico801",
        "MIT",
    ):
        assert needle in text, needle
    for notice in sorted(EVAL_DIR.glob("*/LICENSE*")):
        copyright_lines = [
            ln for ln in notice.read_text(encoding="utf-8").splitlines() if "Copyright" in ln
        ]
        assert copyright_lines and all(ln.strip() in text for ln in copyright_lines), notice


def test_main_prints_one_line_per_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _need_texts()
    out = tmp_path / "cli"
    assert eval_sets.main(["--shared", str(SHARED_DIR), "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    for name in ("tune.jsonl", "heldout.jsonl", "ATTRIBUTION.txt"):
        assert sum(name in line for line in printed) == 1, name
    assert any(line.startswith("skipped 0 files") for line in printed)


def test_main_reports_a_missing_shared_folder(tmp_path: Path) -> None:
    assert eval_sets.main(["--shared", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 1


def test_an_unparseable_file_is_skipped_and_reported(tmp_path: Path) -> None:
    _need_texts()
    copy = tmp_path / "shared"
    shutil.copytree(EVAL_DIR, copy / "eval")
    victim = sorted((copy / "eval" / eval_sets.CHITAMOOR_DIR).glob("*/q[0-9][0-9]_*.md"))[0]
    victim.write_text("# A question\n\nno example response here\n", encoding="utf-8")
    result = eval_sets.build(copy, tmp_path / "out")
    assert len(result.report.skipped) == 1
    assert victim.name in result.report.skipped[0]
    sources = {i.source for items in result.items.values() for i in items}
    assert victim.relative_to(copy / "eval").as_posix() not in sources
    assert any(line.startswith("skipped 1 files") for line in eval_sets.summary_lines(result))
