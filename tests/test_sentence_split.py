"""Sentence splitting: list numbers and abbreviations keep a note line whole."""

from sim.domain.text import split_sentences


def test_a_list_number_or_an_abbreviation_does_not_end_a_sentence() -> None:
    answer = (
        "Why the 502s: two races.\n"
        "1. Termination race: the kubelet sends SIGTERM while endpoints are removed.\n"
        "2) The grace period covers it, e.g. 60 s vs. 75 s. Then the pod exits."
    )
    texts = [s.text for s in split_sentences(answer)]
    assert texts == [
        "Why the 502s: two races.",
        "1. Termination race: the kubelet sends SIGTERM while endpoints are removed.",
        "2) The grace period covers it, e.g. 60 s vs. 75 s.",
        "Then the pod exits.",
    ]
    assert all(answer[s.start : s.start + len(s.text)] == s.text for s in split_sentences(answer))
