"""Where things live: shipped data files under the project root, user data under the data dir."""

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("SIM_PROJECT_ROOT") or Path(__file__).resolve().parent.parent)
QUESTION_BANK_DIR = PROJECT_ROOT / "question_bank"
QUESTIONS_DIR = QUESTION_BANK_DIR / "questions"
RUBRICS_DIR = PROJECT_ROOT / "rubrics"
PROMPTS_DIR = PROJECT_ROOT / "prompts"


def data_dir() -> Path:
    """SIM_DATA_DIR, else $XDG_DATA_HOME/staff-sim, else ~/.local/share/staff-sim."""
    if raw := os.environ.get("SIM_DATA_DIR"):
        return Path(raw).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "staff-sim"


def cache_dir() -> Path:
    """Validated data kept between runs (sim/data_cache.py): SIM_CACHE_DIR, else the data dir's
    cache folder. Entries are keyed by their inputs' hashes, so any number of data dirs (a test
    suite's, say) can share one."""
    raw = os.environ.get("SIM_CACHE_DIR")
    return Path(raw).expanduser() if raw else data_dir() / "cache"


def user_bank_dir() -> Path:
    """A user's own question files; never touched by upgrades. SIM_USER_BANK_DIR overrides."""
    raw = os.environ.get("SIM_USER_BANK_DIR")
    return Path(raw).expanduser() if raw else data_dir() / "questions"


def config_dir() -> Path:
    """The user's settings (LLM provider profiles, remembered keys): SIM_CONFIG_DIR, else the
    platform's user config directory (platformdirs). Apart from the data dir on purpose: a key
    must never sit next to the database."""
    if raw := os.environ.get("SIM_CONFIG_DIR"):
        return Path(raw).expanduser()
    from platformdirs import user_config_path

    return user_config_path("staff-sim", appauthor=False)
