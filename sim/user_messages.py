"""The one place an exception becomes what the user reads, for the CLI and the app alike: a
failure the product knows (LLM, storage, data file, settings, schema) is its own sentence,
redacted; anything else is a bug and gets None, so its caller shows a traceback or logs it."""

from sim.domain.errors import DataFileError, NotSignedInError, SchemaTooNewError
from sim.domain.redaction import redact
from sim.llm.errors import LLMError
from sim.llm.settings import SettingsError
from sim.storage.failures import StorageError

KNOWN: tuple[type[BaseException], ...] = (
    StorageError,
    LLMError,
    DataFileError,
    SchemaTooNewError,
    SettingsError,
    NotSignedInError,
)


def user_message(exc: BaseException) -> str | None:
    """The sentence for `exc`, or for the known failure that caused it; None if there is none."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KNOWN):
            return redact(str(current))
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None
