"""The matcher stems with PyStemmer's C build when it is installed (a dependency); it must stem
every word the bank and the rubric use exactly as snowballstemmer's own Python English stemmer,
so grades do not depend on which build a machine has."""

import re

from snowballstemmer.english_stemmer import EnglishStemmer

from sim import catalog, paths
from sim.domain import matching


def _data_words() -> set[str]:
    files = [*paths.QUESTION_BANK_DIR.rglob("*.yaml"), *paths.RUBRICS_DIR.glob("*.yaml")]
    text = " ".join(f.read_text(encoding="utf-8").lower() for f in files)
    return set(re.findall(r"[a-z]+", text))


def test_the_c_stemmer_is_the_one_in_use() -> None:
    assert catalog.stemmer_version().startswith("pystemmer ")


def test_every_data_word_stems_as_the_python_stemmer_does() -> None:
    python = EnglishStemmer()
    words = _data_words()
    assert len(words) > 3000  # the bank, not an empty glob
    differ = sorted(w for w in words if matching.stem(w) != python.stemWord(w))
    assert differ == []
