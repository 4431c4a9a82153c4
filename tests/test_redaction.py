"""One redaction for every URL and message the product stores, logs or shows."""

import pytest

from sim.domain.redaction import redact

KEY = "sk-proj-Abc123Def456Ghi789"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://user:key123@host:8080/v1", "http://user:***@host:8080/v1"),
        ("https://tok3n@llm.example/v1", "https://***@llm.example/v1"),
        ("postgresql+psycopg://sim:pa%40ss@db/sim", "postgresql+psycopg://sim:***@db/sim"),
        ("https://h/v1?api-key=abc&x=1", "https://h/v1?api-key=***&x=1"),
        ("https://h/v1?x=1&API_KEY=abc#f", "https://h/v1?x=1&API_KEY=***#f"),
        ("https://h/o?sv=2024&sig=Zm9v%2Bbar&se=1", "https://h/o?sv=2024&sig=***&se=1"),
        ("https://h/v1?key=AIzaXYZ", "https://h/v1?key=***"),
        ("https://h/v1?access_token=t&token=u", "https://h/v1?access_token=***&token=***"),
        ("Authorization: Bearer abc.def-ghi", "Authorization: ***"),
        ("api-key: 0123abcd", "api-key: ***"),
        ('{"password": "hunter2"}', '{"password": "***"}'),
        (f"Incorrect API key provided: {KEY}.", "Incorrect API key provided: sk-***."),
        (
            "Could not reach http://127.0.0.1:8080/v1 (refused)",
            "Could not reach http://127.0.0.1:8080/v1 (refused)",
        ),
        ("max_tokens=1500, tokens_in: 1000", "max_tokens=1500, tokens_in: 1000"),
        ("", ""),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_known_secrets_are_removed_wherever_they_appear() -> None:
    assert redact("the server said: bad token xyz-987-secret", ["xyz-987-secret"]) == (
        "the server said: bad token ***"
    )


def test_redaction_is_idempotent() -> None:
    once = redact(f"http://u:p@h/v1?api-key=k Bearer {KEY}")
    assert redact(once) == once
