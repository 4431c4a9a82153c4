"""A key point's `rejected` options earn no credit: a sentence whose only match is the wrong
option (the execution role for a task-role point) does not cover the point, through an alias
or through the point's own words, while the right option in the same answer still does."""

from sim import judging
from sim.domain.types import Kind
from sim.graders.base import GradeRequest, KeyPointSpec
from sim.graders.offline import OfflineGrader

QUESTION = "How does a container on ECS get AWS credentials to read from S3?"
POINT = "Grants the container its permissions through an IAM role the task assumes"
ALIASES = ("iam role", "role the task assumes")
OTHERS = (
    KeyPointSpec("Keeps credentials temporary and refreshed", ("temporary credentials",)),
    KeyPointSpec("Scopes the bucket policy to one prefix", ("bucket policy",)),
    KeyPointSpec("Audits access with CloudTrail data events", ("cloudtrail",)),
    KeyPointSpec("Blocks public access on the bucket", ("block public access",)),
)
WRONG = (
    "We attach S3 read access to the execution IAM role because the container needs the bucket. "
    "Credentials come from the metadata endpoint and rotate automatically."
)
RIGHT = (
    "We attach S3 read access to the task IAM role because the container needs the bucket, "
    "and the execution role only pulls the image. "
    "Credentials come from the metadata endpoint and rotate automatically."
)


def _covered(grader: OfflineGrader, answer: str, rejected: tuple[str, ...]) -> bool:
    point = KeyPointSpec(POINT, ALIASES, rejected=rejected)
    request = GradeRequest(
        kind=Kind.DEEP_DIVE, question=QUESTION, answer=answer, key_points=(point, *OTHERS)
    )
    hits = grader.signals(request).key_points
    return hits[0].covered


def test_the_wrong_option_alone_earns_nothing(rubric) -> None:
    grader = OfflineGrader(rubric)
    assert _covered(grader, WRONG, rejected=())  # without the list, "execution IAM role" counts
    assert not _covered(grader, WRONG, rejected=("execution iam role", "execution role"))


def test_the_right_option_next_to_the_rejected_one_still_counts(rubric) -> None:
    grader = OfflineGrader(rubric)
    assert _covered(grader, RIGHT, rejected=("execution iam role", "execution role"))


def test_a_bank_question_rejects_the_execution_role(bank, rubric) -> None:
    """aws-iam-roles-trust-sts names the task role; the execution role is rejected there."""
    question = bank.get("aws-iam-roles-trust-sts")
    index = next(i for i, kp in enumerate(question.key_points) if "execution role" in kp.rejected)
    grader = OfflineGrader(rubric)

    def covered(answer: str) -> bool:
        request = judging.request_for(question, answer)
        return grader.signals(request).key_points[index].covered

    wrong = "The app gets its S3 access from the execution role because ECS attaches that role."
    right = (
        "The app gets its S3 access from the task role because the execution role only pulls "
        "images and writes logs."
    )
    assert covered(right)
    assert not covered(wrong)
