"""What the grader reads for an interview answer: the answer, then each follow-up exchange."""


def transcript(answer: str, follow_ups: list[tuple[str, str]]) -> str:
    """Answered probes are part of the graded record; quotes must come from this exact text."""
    exchanges = [
        f"Follow-up question: {question}\nMy answer: {reply.strip()}"
        for question, reply in follow_ups
        if reply.strip()
    ]
    if not exchanges:
        return answer  # unchanged: identical text, identical cached grade
    return "\n\n".join([answer.rstrip(), *exchanges])
