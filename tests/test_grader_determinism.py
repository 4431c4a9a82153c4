"""Same answer, same verdict, in every process: weight sums and tie-breaks must not depend on
the order Python happens to iterate a set in, which changes with the hash seed per process."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every question's mass and every sentence-sized sum, then one full grade, as exact reprs.
PROBE = """
import json
from sim import catalog
from sim.service import default_grader, request_for
vocabulary = catalog.vocabulary()
masses = {qid: repr(vocabulary.mass(terms)) for qid, terms in vocabulary.documents.items()}
shares = {qid: repr(vocabulary.overlap(terms, vocabulary.documents[qid]))
          for qid, terms in vocabulary.documents.items()}
question = catalog.bank().get("sd-url-shortener")
answer = open("tests/data/answers/url_shortener.txt", encoding="utf-8").read()
verdict = default_grader(catalog.rubric()).assess(request_for(question, answer))
print(json.dumps([masses, shares, verdict.model_dump(mode="json")], sort_keys=True))
"""


def _run(seed: str, data_dir: Path) -> list:
    env = {**os.environ, "PYTHONHASHSEED": seed, "SIM_DATA_DIR": str(data_dir)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return json.loads(out.stdout)


def test_grades_and_weights_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    assert _run("1", tmp_path) == _run("2", tmp_path)
