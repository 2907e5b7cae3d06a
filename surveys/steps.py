"""The survey in steps (GOV.UK's "question pages" and "check answers" patterns): the
role group first, one page per domain, the optional comment last, then a page to check
every answer before sending.

Every step page carries the whole answer set: the step's own questions as inputs, the
others as hidden fields. So moving back and forth needs nothing kept on the server, which
is what a school's shared link needs (it keeps nothing between pages: the portal cannot
tell two people on one device apart). An invitation also saves the answers so far, sealed
for this device (surveys.drafts), at every step. A post without a step is the whole
survey sent at once, as scripts and the load benchmark send it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .models import Item

ROLE_FIELD = "role_group"
COMMENT_FIELD = "comment"


@dataclass(frozen=True)
class Step:
    """One page of questions: its position (from 0), title and the form fields on it."""

    index: int
    title: str
    fields: tuple[str, ...]


def survey_steps(*, items: Sequence[Item], asks_comment: bool) -> list[Step]:
    """The steps of a survey: the role group, each domain in the order asked, the comment."""
    steps = [Step(0, "Your job", (ROLE_FIELD,))]
    domain = None
    for item in items:
        name = f"item_{item.pk}"
        if item.domain_id == domain:
            last = steps[-1]
            steps[-1] = Step(last.index, last.title, (*last.fields, name))
        else:
            domain = item.domain_id
            steps.append(Step(len(steps), item.domain.label, (name,)))
    if asks_comment:
        steps.append(Step(len(steps), "Anything else", (COMMENT_FIELD,)))
    return steps


@dataclass(frozen=True)
class Move:
    """What a posted page asks for. `at` is the step the page showed (the number of
    steps for the check page; None for the whole survey on one page); `go` is "send",
    "save", "next" (validate `at`, then `to`) or "to" (straight to step `to`)."""

    at: int | None
    go: str
    to: int
    # Arrived from the check page's "Change": Continue goes back there.
    then_check: bool = False


def _number(value: str | None, highest: int) -> int | None:
    if value is None or not value.isdigit():
        return None
    return min(int(value), highest)


def sending(post: Mapping[str, str]) -> bool:
    """Whether a post sends the answers (rather than moving between steps or saving)."""
    if post.get("save") == "later":
        return False
    return "step" not in post or post.get("go") == "send"


def move_read(post: Mapping[str, str], *, count: int) -> Move:
    """The move a post asks for, on a survey of `count` steps (the check page is `count`)."""
    at = _number(post.get("step"), count)
    if "step" in post and at is None:
        at = 0  # a tampered step number: start again from the first page
    if post.get("save") == "later":
        return Move(at, "save", at or 0)
    if at is None or sending(post):
        return Move(at, "send", count)
    change = _number(post.get("change"), count - 1)
    if change is not None:
        return Move(at, "to", change, then_check=True)
    if post.get("go") == "back":
        return Move(at, "to", max(at - 1, 0))
    if post.get("then") == "check":
        return Move(at, "next", count)
    return Move(at, "next", min(at + 1, count))


def resume_at(steps: Sequence[Step], answers: Mapping[str, str]) -> int:
    """Where someone coming back carries on: the first step with a question unanswered
    (the comment is optional), or the check page."""
    for step in steps:
        if any(not answers.get(name) for name in step.fields if name != COMMENT_FIELD):
            return step.index
    return len(steps)


@dataclass(frozen=True)
class Row:
    question: str
    answer: str


@dataclass(frozen=True)
class Section:
    """One step as the check page lists it."""

    index: int
    title: str
    rows: list[Row]


def check_sections(
    steps: Sequence[Step],
    *,
    questions: Mapping[str, tuple[str, Mapping[str, str]]],
    answers: Mapping[str, str],
) -> list[Section]:
    """Every step's questions with the answers given, for the check page. `questions`
    maps a field to its label and its options' labels (none for the comment)."""
    sections = []
    for step in steps:
        rows = []
        for name in step.fields:
            label, options = questions[name]
            given = answers.get(name, "")
            if name == COMMENT_FIELD:
                rows.append(Row("Your comment", given or "No comment"))
            else:
                rows.append(Row(label, options.get(given, "Not answered")))
        sections.append(Section(step.index, step.title, rows))
    return sections
