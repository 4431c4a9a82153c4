"""Small vocabulary shared by every layer."""

from enum import StrEnum


class Kind(StrEnum):
    SYSTEM_DESIGN = "system_design"
    BEHAVIORAL = "behavioral"
    DEEP_DIVE = "deep_dive"


class Dimension(StrEnum):
    CLARITY = "clarity"
    DEPTH = "depth"
    PRAGMATISM = "pragmatism"
    OWNERSHIP = "ownership"


class Track(StrEnum):
    SYSTEM_DESIGN = "system_design"
    BEHAVIORAL = "behavioral"
    AZURE = "azure"
    AWS = "aws"
    SRE_DEVOPS = "sre_devops"
    ARCHITECTURE = "architecture"
    PYTHON_AZURE = "python_azure"


class Difficulty(StrEnum):
    SENIOR = "senior"
    STAFF = "staff"
    PRINCIPAL = "principal"


DIMENSIONS: tuple[Dimension, ...] = tuple(Dimension)
MIN_LEVEL = 1
MAX_LEVEL = 4

KIND_LABELS: dict[Kind, str] = {
    Kind.SYSTEM_DESIGN: "System design",
    Kind.BEHAVIORAL: "Behavioral (STAR)",
    Kind.DEEP_DIVE: "Technical deep dive",
}

TRACK_LABELS: dict[Track, str] = {
    Track.SYSTEM_DESIGN: "System design",
    Track.BEHAVIORAL: "Behavioral",
    Track.AZURE: "Azure deep dive",
    Track.AWS: "AWS deep dive",
    Track.SRE_DEVOPS: "SRE / DevOps",
    Track.ARCHITECTURE: "Architecture & patterns",
    Track.PYTHON_AZURE: "Python for the Azure architect",
}


class Phase(StrEnum):
    """The phases of a system-design round, in order (their time boxes live in formats.yaml)."""

    CLARIFY = "clarify"
    HIGH_LEVEL = "high_level"
    DEEP_DIVE = "deep_dive"
    WRAP_UP = "wrap_up"


class FactKind(StrEnum):
    SCALE = "scale"
    CONSTRAINT = "constraint"
    NON_GOAL = "non_goal"
    DETAIL = "detail"


class RoomEventKind(StrEnum):
    """What happened in the interview room during one answer."""

    QUESTION = "question"  # a clarifying question and the interviewer's reply
    PHASE = "phase"  # the candidate moved to a phase
    CHANGE = "change"  # the interviewer announced the requirement change
