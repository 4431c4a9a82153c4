"""User text is sent to a model fenced as data between tags (<answer>, <room>, <question>,
<diagram>). Any spelling of any of those tags inside the text (case, spaces, attributes) is
neutralised first, so the text cannot close its fence, or open another, and smuggle in
instructions."""

import re

FENCE_TAGS = ("answer", "room", "question", "diagram")
_FENCE_TAG = re.compile(rf"<(\s*/?\s*(?:{'|'.join(FENCE_TAGS)})\b[^<>]*)>", re.IGNORECASE)


def neutralise_fence_tags(text: str) -> str:
    """Fence tags become `&lt;...&gt;`: still readable to the model, but no longer tags."""
    return _FENCE_TAG.sub(r"&lt;\1&gt;", text)
