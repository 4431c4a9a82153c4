"""Prompt templates: Markdown with a YAML header (id, version), rendered with string.Template."""

import hashlib
from dataclasses import dataclass
from pathlib import Path
from string import Template

import yaml

from sim.domain.errors import DataFileError


@dataclass(frozen=True)
class PromptTemplate:
    id: str
    version: str
    body: str
    variables: tuple[str, ...]
    user_part_starts_at: str = ""  # the system message is the text before this line
    # Optional parts filled into a variable only when there is something to put in them.
    sections: tuple[tuple[str, str], ...] = ()

    @property
    def sha256(self) -> str:
        """Short content hash: two prompts with the same version but edited text are told apart."""
        parts = self.body + self.user_part_starts_at + "".join(b for _, b in self.sections)
        return hashlib.sha256(parts.encode("utf-8")).hexdigest()[:16]

    def section(self, name: str, **values: str) -> str:
        """The named optional part, rendered (the variable it fills holds it or nothing)."""
        body = dict(self.sections)[name]
        return Template(body).substitute(values)

    def render(self, **values: str) -> str:
        missing = [name for name in self.variables if name not in values]
        if missing:
            raise KeyError(f"prompt {self.id!r} needs {', '.join(missing)}")
        return Template(self.body).substitute(values)

    def render_messages(self, **values: str) -> list[dict[str, str]]:
        """System message (static per kind) then user message (per answer)."""
        text = self.render(**values)
        marker = self.user_part_starts_at
        if not marker or marker not in text:
            return [{"role": "user", "content": text}]
        system, user = text.split(marker, 1)
        return [
            {"role": "system", "content": system.strip()},
            {"role": "user", "content": (marker + user).strip()},
        ]


def load_prompt(path: Path) -> PromptTemplate:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise DataFileError(path, ["field header: missing '---' YAML header"])
    try:
        _, header_text, body = text.split("---\n", 2)
        header = yaml.safe_load(header_text) or {}
    except (ValueError, yaml.YAMLError) as exc:
        raise DataFileError(path, [f"field header: unreadable ({exc})"]) from exc
    problems = [f"field {key}: required" for key in ("id", "version") if not header.get(key)]
    if problems:
        raise DataFileError(path, problems)
    variables = tuple(header.get("variables") or ())
    template_names = {
        m.group("named") or m.group("braced")
        for m in Template.pattern.finditer(body)
        if m.group("named") or m.group("braced")
    }
    undeclared = sorted(template_names - set(variables))
    if undeclared:
        raise DataFileError(path, [f"field variables: undeclared {', '.join(undeclared)}"])
    marker = str(header.get("user_part_starts_at") or "")
    if marker and marker not in body:
        raise DataFileError(path, [f"field user_part_starts_at: {marker!r} is not in the body"])
    sections = header.get("sections") or {}
    if not isinstance(sections, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in sections.items()
    ):
        raise DataFileError(path, ["field sections: a mapping of names to text"])
    unknown = sorted(set(sections) - set(variables))
    if unknown:
        raise DataFileError(
            path, [f"field sections: not a declared variable: {', '.join(unknown)}"]
        )
    return PromptTemplate(
        str(header["id"]),
        str(header["version"]),
        body.lstrip("\n"),
        variables,
        marker,
        tuple((name, text.rstrip("\n")) for name, text in sections.items()),
    )
