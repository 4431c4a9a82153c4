"""What the `sim` command writes for the user: messages on stderr, always redacted (an error may
quote a URL with credentials in it), each said once."""

import sys

from sim.domain.redaction import redact


def error(message: object) -> None:
    print(redact(str(message)), file=sys.stderr)
