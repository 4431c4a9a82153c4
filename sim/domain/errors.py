"""Errors that name the file, the record and the field, so a user can fix a data file quickly."""

from pathlib import Path


class DataFileError(ValueError):
    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = Path(path)
        self.problems = problems
        super().__init__(f"{self.path}: " + "; ".join(problems))


class SchemaTooNewError(RuntimeError):
    """The database was upgraded by a newer release than this one: refuse, change nothing."""


class NotSignedInError(PermissionError):
    """A shared deployment reached without a signed-in user: nobody's data is shown."""

    def __init__(self) -> None:
        super().__init__("Sign in to use this deployment: each person's answers are their own.")
