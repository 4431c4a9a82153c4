"""Where the data files live. The project root holds question_bank/, rubrics/ and prompts/."""

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("SIM_PROJECT_ROOT") or Path(__file__).resolve().parent.parent)
QUESTION_BANK_DIR = PROJECT_ROOT / "question_bank"
QUESTIONS_DIR = QUESTION_BANK_DIR / "questions"
RUBRICS_DIR = PROJECT_ROOT / "rubrics"
PROMPTS_DIR = PROJECT_ROOT / "prompts"
