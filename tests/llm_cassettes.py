"""Shared set-up for recording (tests/test_llm_server.py) and replaying (tests/test_llm_replay.py)
cassettes of real LLM server traffic. Auth headers and cookies never reach a cassette."""

from pathlib import Path

import vcr

QUESTION_ID = "sd-url-shortener"
ANSWER = (Path(__file__).parent / "data" / "answers" / "url_shortener.txt").read_text()
# Cassette name -> extra settings it was recorded with.
CASSETTES = {
    "llama_grade": {},
    "llama_grade_samples": {"SIM_LLM_SAMPLES": "2"},
}


def forget_modes() -> None:
    """The client remembers which structured-output mode a server accepted; cassettes hold
    the whole negotiation, so recording and replay both start from a fresh memory."""
    from sim.llm import client

    client._mode_memory.clear()


def recorder() -> vcr.VCR:
    return vcr.VCR(
        cassette_library_dir=str(Path(__file__).parent / "cassettes"),
        filter_headers=["authorization", "api-key", "cookie", "set-cookie", "openai-organization"],
        # The port differs per run; everything that identifies the request must match.
        match_on=["method", "scheme", "host", "path", "query", "body"],
        decode_compressed_response=True,
    )
