"""The survey's pages, one step at a time (surveys.steps): the start page, a page per
step, the check-answers page, "Save and finish later" and the closing page. The doors
(an invitation's link, "Answer the survey", a school's shared link) are in responding.py;
each hands this its wave, statements, the service call that stores an answer, and where
a draft lives (`place`: an invitation's; None on a shared link, which keeps none)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wellbeing_portal.core.forms import add_errors

from .. import drafts, services
from ..forms import ResponseForm
from ..models import Item, Wave
from ..steps import Move, Step, check_sections, move_read, resume_at, survey_steps
from .closing import closing_page

# A domain mean in the lowest quarter of the scale (2 or less on 1–5) shows more support.
DISTRESS_SHARE = 0.25


@dataclass(frozen=True)
class Answering:
    """What every page of one survey through one door needs."""

    wave: Wave
    items: list[Item]
    school_name: str
    submit: Callable[..., services.Submitted]
    place: drafts.DraftPlace | None
    page_check: str
    after_submit: Callable[[HttpResponse], None] | None

    def form(self, *args: Any, **kwargs: Any) -> ResponseForm:
        return ResponseForm(*args, wave=self.wave, items=self.items, **kwargs)


def take_page(request: HttpRequest, survey: Answering) -> HttpResponse:
    """The page a request to a survey's door gets: not a form page (steps, drafts and
    cookies make it its own)."""
    steps = survey_steps(items=survey.items, asks_comment=survey.wave.survey.asks_comment)
    if request.method != "POST":
        return _arrive(request, survey, steps)
    post = request.POST
    move = move_read(post, count=len(steps))
    names = list(survey.form().fields)
    state = {name: post[name] for name in names if post.get(name)}
    if move.go == "save":
        if survey.place is not None:
            return _saved(request, survey, kept=state, allowed=names)
        # A shared link keeps nothing: the answers stay on this page only, to send.
        return _page(request, survey, steps, at=move.at, state=state, save_refused=True)
    if move.go == "send":
        return _send(request, survey, steps, move)
    if move.go == "next":
        assert move.at is not None  # a step page
        checked = survey.form(post, only=steps[move.at].fields) if move.at < len(steps) else None
        if checked is not None and not checked.is_valid():
            return _page(
                request,
                survey,
                steps,
                at=move.at,
                state=state,
                form=checked,
                then_check=post.get("then") == "check",
            )
    response = _page(request, survey, steps, at=move.to, state=state, then_check=move.then_check)
    if survey.place is not None:  # kept, sealed for this device, at every step
        drafts.draft_save(
            request=request, response=response, place=survey.place, fields=state, allowed=names
        )
    return response


def _arrive(request: HttpRequest, survey: Answering, steps: list[Step]) -> HttpResponse:
    """The start page, or (started, or with a draft on this device) the step to carry on at."""
    place = survey.place
    draft = drafts.draft_load(request=request, place=place) if place else None
    if draft or request.GET.get("start") == "1":
        state = draft or {}
        response = _page(request, survey, steps, at=resume_at(steps, state), state=state)
    else:
        response = render(
            request,
            "surveys/take.html",
            {**_context(survey), "started": False, "has_draft": False},
        )
    if place is not None and draft is None:
        drafts.draft_cookie_drop(request=request, response=response, place=place)
    return response


def _context(survey: Answering) -> dict[str, Any]:
    return {
        "wave": survey.wave,
        "school_name": survey.school_name,
        "items": survey.items,
        "can_save": survey.place is not None,
        "page_check": survey.page_check,
    }


def _page(
    request: HttpRequest,
    survey: Answering,
    steps: list[Step],
    *,
    at: int | None,
    state: Mapping[str, str],
    form: ResponseForm | None = None,
    save_refused: bool = False,
    then_check: bool = False,
) -> HttpResponse:
    """Step `at` of the survey (the check page after the last; None: every question on
    one page), with `state` as the answers so far, and `form`'s errors if given."""
    whole = survey.form(initial=dict(state))
    check = at is not None and at >= len(steps)
    step = steps[at] if at is not None and not check else None
    if form is None:
        form = (
            whole if check else survey.form(initial=dict(state), only=step.fields if step else None)
        )
    shown: Collection[str] = () if check else form.fields.keys()
    context = {
        **_context(survey),
        "form": form,
        "step": step,
        "at": at,
        "count": len(steps),
        "number": (at or 0) + 1,
        "carried": [(n, state.get(n, "")) for n in whole.fields if n not in shown],
        "sections": check_sections(steps, questions=whole.labels(), answers=state) if check else [],
        "started": True,
        # Arriving with answers: they came from this device's draft.
        "has_draft": request.method == "GET" and bool(state),
        "save_refused": save_refused,
        "then_check": then_check and not check,
    }
    template = "surveys/check.html" if check else "surveys/step.html"
    errors = bool(form.errors) or save_refused
    return render(request, template, context, status=400 if errors else 200)


def _send(request: HttpRequest, survey: Answering, steps: list[Step], move: Move) -> HttpResponse:
    """Store the answers (the service call): from the check page, or the whole survey
    posted at once. A missing or wrong answer goes back to its step (or, posted at once,
    to the whole survey on one page) with the error."""
    post = request.POST
    form = survey.form(post)
    if form.is_valid():
        try:
            submitted = survey.submit(
                role_group=form.cleaned_data["role_group"],
                answers=form.answers(),
                comment=form.cleaned_data.get("comment", ""),
                items=survey.items,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _answered(request, survey, submitted)
    state = {name: post[name] for name in form.fields if post.get(name)}
    if move.at is None:
        return _page(request, survey, steps, at=None, state=state, form=form)
    wrong = next((s for s in steps if any(n in form.errors for n in s.fields)), None)
    if wrong is None:  # refused as a whole (the survey closed, say): on the check page
        return _page(request, survey, steps, at=len(steps), state=state, form=form)
    step_form = survey.form(post, only=wrong.fields)
    step_form.is_valid()
    return _page(request, survey, steps, at=wrong.index, state=state, form=step_form)


def _saved(
    request: HttpRequest, survey: Answering, *, kept: dict[str, Any], allowed: list[str]
) -> HttpResponse:
    """The page saying the answers so far are kept, sealed, on this device."""
    assert survey.place is not None
    response = render(request, "surveys/saved.html", {"wave": survey.wave})
    drafts.draft_save(
        request=request, response=response, place=survey.place, fields=kept, allowed=allowed
    )
    return response


def _answered(
    request: HttpRequest, survey: Answering, submitted: services.Submitted
) -> HttpResponse:
    """The closing page once the answers are in, with this device's draft cleared."""
    response = _thanks(request, wave=survey.wave, submitted=submitted)
    if survey.place is not None:
        drafts.draft_clear(request=request, response=response, place=survey.place)
    if survey.after_submit:
        survey.after_submit(response)
    return response


def _thanks(request: HttpRequest, *, wave: Wave, submitted: services.Submitted) -> HttpResponse:
    """The closing page, with more support when this request's answers suggest distress
    (worked out here, recorded nowhere), and one size whatever the answers (closing.py)."""
    instrument = wave.survey.instrument
    span = instrument.scale_max - instrument.scale_min
    distress = any(
        (sum(values) / len(values) - instrument.scale_min) / span <= DISTRESS_SHARE
        for values in submitted.scored.values()
        if values
    )
    return closing_page(request, receipt_code=submitted.receipt_code, distress=distress)
