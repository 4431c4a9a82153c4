"""The openai SDK and its HTTP stack log request URLs and options: a URL with credentials
(http://user:key@host/v1, ?api-key=) would reach any log handler the app or a user installs.
A filter on their loggers redacts each record before a handler sees it."""

import logging

from sim.domain.redaction import redact

LIBRARY_LOGGERS = ("openai", "httpx2", "httpcore2", "httpx", "httpcore")


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = RedactingFilter()


def redact_library_logs() -> None:
    """Attach the filter to the library loggers and their children known so far (a logger's
    filters do not apply to records of its children, so each gets its own)."""
    known = list(logging.root.manager.loggerDict)
    for name in known:
        if name.split(".")[0] in LIBRARY_LOGGERS:
            _attach(logging.getLogger(name))
    for name in LIBRARY_LOGGERS:
        _attach(logging.getLogger(name))


def _attach(logger: logging.Logger) -> None:
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
