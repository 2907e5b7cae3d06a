"""The wellbeing lead's pages: waves, open links, instrument imports, redaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wellbeing_portal.core.csv_import import ImportRejected
from wellbeing_portal.core.forms import form_page
from wellbeing_portal.people.policy import organisation_led_get_for_user, organisations_led_by

from .. import importer, qr, selectors, services
from ..forms import (
    InstrumentImportForm,
    RedactForm,
    SurveyBuildForm,
    ThresholdsForm,
    WaveForm,
)
from ..models import Survey, Wave
from ..services.waves import invitation_preview

# The name the invitation preview greets: nobody's, so the lead sees the shape only.
SAMPLE_NAME = "Sam Taylor"

# Lists, waves and instruments ------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Your invitations to answer, and the waves whose results you may read or run."""
    return render(
        request,
        "surveys/index.html",
        {
            "invitations": selectors.invitations_open_for(request.user),
            "waves": selectors.waves_listed_for(request.user),
            "run": selectors.waves_run_by(request.user).order_by("-opens_on", "-pk"),
            "led": organisations_led_by(request.user),
        },
    )


@login_required
def wave_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    surveys = selectors.surveys_for_organisation(organisation_id=organisation.pk)
    schools = selectors.schools_to_survey(organisation)
    today = timezone.localdate()
    form = WaveForm(
        request.POST or None,
        surveys=surveys,
        schools=schools,
        # A sensible start: the staff survey to every school's staff for three weeks.
        initial={
            "survey": selectors.survey_default(surveys),
            "schools": list(schools),
            "roles": ["staff", "wellbeing_champion"],
            "opens_on": today,
            "closes_on": today + dt.timedelta(days=21),
        },
    )
    # Who is already asked elsewhere, so the lead can choose schools and dates knowingly.
    invited_elsewhere = selectors.invited_in_open_waves(
        organisation_id=organisation.pk, school_ids=[school.pk for school in schools]
    )
    return form_page(
        request,
        "surveys/wave_create.html",
        {"organisation": organisation, "invited_elsewhere": invited_elsewhere},
        form=form,
        save=lambda data: services.wave_create(organisation=organisation, **data),
        message=lambda wave: (
            f"{wave.title} is ready. It opens on {wave.opens_on.day} {wave.opens_on:%B %Y}, "
            "or sooner if you open it now."
        ),
        then=lambda wave: redirect("surveys:wave_detail", pk=wave.pk),
    )


@login_required
def wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead's view of a wave: dates, thresholds, totals, open links and actions."""
    wave = selectors.wave_get_managed(user=request.user, pk=pk)
    form = ThresholdsForm(
        request.POST or None,
        initial={
            "score_threshold": wave.score_threshold,
            "comment_threshold": wave.comment_threshold,
        },
    )
    return form_page(
        request,
        "surveys/wave_detail.html",
        {
            "wave": wave,
            "reminders": [dt.date.fromisoformat(day) for day in wave.reminder_dates],
            "invited": selectors.wave_invited_count(wave),
            "participation": selectors.participation_visible_to(request.user, wave),
            "links": selectors.open_links_of(wave),
            "comments": selectors.comments_for_lead(wave),
            "replies_waiting": selectors.replies_waiting_for(request.user, wave),
            **(_before_opening(wave) if wave.status == Wave.Status.DRAFT else {}),
        },
        form=form,
        save=lambda data: services.wave_thresholds_update(wave=wave, **data),
        message="The minimum group sizes are saved.",
        then=lambda _: redirect("surveys:wave_detail", pk=wave.pk),
    )


def _before_opening(wave: Wave) -> dict[str, Any]:
    """What a draft wave's page shows before "Open the wave and send invitations": who is
    already asked in another open wave, how many each school will invite, the email they
    will get (with a sample name) and the statements they will be asked."""
    by_school = selectors.wave_invitees_by_school(wave)
    first_school = by_school[0][0] if by_school else None
    subject, body = (
        invitation_preview(wave=wave, school=first_school, name=SAMPLE_NAME)
        if first_school
        else ("", "")
    )
    return {
        "invited_elsewhere": selectors.invited_in_open_waves(
            organisation_id=wave.organisation_id,
            school_ids=[school.pk for school, _ in by_school],
            roles=wave.roles,
            exclude_wave_id=wave.pk,
        ),
        "invitees_by_school": by_school,
        "invitees_total": sum(count for _, count in by_school),
        "preview_subject": subject,
        "preview_body": body,
        "preview_school": first_school,
        "preview_name": SAMPLE_NAME,
        "statements": selectors.survey_items(wave),
    }


def _wave_action(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    wave = selectors.wave_get_managed(user=request.user, pk=pk)
    try:
        action(wave=wave)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("surveys:wave_detail", pk=wave.pk)


@login_required
@require_POST
def wave_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _wave_action(
        request, pk, services.wave_open, "The wave is open and invitations are on their way."
    )


@login_required
@require_POST
def wave_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _wave_action(
        request,
        pk,
        services.wave_close_in_background,
        "The wave is closed: no more answers are taken. Its results are being worked out and "
        "are usually ready within a few minutes.",
    )


@login_required
@require_POST
def wave_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _wave_action(
        request, pk, services.wave_publish, "Results are published to staff and governors."
    )


@login_required
def open_link_qr(request: HttpRequest, pk: int, school_pk: int) -> HttpResponse:
    """The QR code of a school's open link, as SVG drawn on the server."""
    link = selectors.open_link_get_managed(user=request.user, wave_pk=pk, school_pk=school_pk)
    # Printed and pinned up: the configured address, never the Host header of whoever asked.
    url = settings.PORTAL_BASE_URL + reverse("surveys:take_open", kwargs={"token": link.token})
    return HttpResponse(
        qr.qr_svg(url, title=f"QR code for the survey at {link.school.name}"),
        content_type="image/svg+xml",
    )


@login_required
def instrument_import(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    form = InstrumentImportForm(request.POST or None, request.FILES or None)
    # The page lists a rejected file's problems: `save` fills them in before it is drawn.
    page: dict[str, Any] = {
        "organisation": organisation,
        "problems": [],
        "instruments": selectors.instruments_of(organisation_id=organisation.pk),
    }

    def save(data: dict[str, Any]) -> Survey:
        try:
            return importer.instrument_import(organisation=organisation, parsed=_parse(data))
        except ImportRejected as rejected:
            page["problems"] = rejected.problems
            raise ValidationError(
                {"file": "The file was not imported. Fix the problems listed and try again."}
            ) from rejected

    return form_page(
        request,
        "surveys/import.html",
        page,
        form=form,
        save=save,
        message=lambda survey: f"Imported {survey.name} with {survey.items.count()} items.",
        then=lambda _: redirect("surveys:index"),
    )


def _parse(data: dict[str, Any]) -> importer.Parsed:
    """The uploaded instrument: a CSV with the form's details, or a JSON file."""
    upload = data["file"]
    content = upload.read(importer.MAX_BYTES + 1)
    if not upload.name.lower().endswith(".csv"):
        return importer.parse_json(content)
    return importer.parse_csv(
        content,
        key=data["key"],
        name=data["name"],
        scale_min=data["scale_min"],
        scale_max=data["scale_max"],
        labels=data["labels"],
    )


@login_required
def comment_redact(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_redaction(user=request.user, pk=pk)
    return form_page(
        request,
        "surveys/redact.html",
        {"comment": comment},
        form=RedactForm(request.POST or None, initial={"redacted_text": comment.shown_text}),
        save=lambda data: services.comment_redact(comment=comment, **data),
        message="The comment is redacted.",
        then=lambda _: redirect("surveys:wave_detail", pk=comment.response.wave_id),
    )


@login_required
@require_POST
def reply_release(request: HttpRequest, pk: int) -> HttpResponse:
    """The wellbeing lead releases a code holder's reply to the school, redacted or not."""
    reply = selectors.reply_get_for_release(user=request.user, pk=pk)
    form = RedactForm(request.POST)
    redacted_text = form.data.get("redacted_text", "")
    services.reply_release(reply=reply, redacted_text=str(redacted_text)[:2000])
    messages.success(request, "The reply is released: the school can read it now.")
    return redirect("surveys:wave_detail", pk=reply.comment.response.wave_id)


@login_required
def survey_build(request: HttpRequest, slug: str) -> HttpResponse:
    """Write the organisation's own survey from the statements of one instrument."""
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    instruments = selectors.instruments_usable_by(organisation_id=organisation.pk)
    chosen = selectors.instrument_chosen(instruments, pk=request.GET.get("instrument"))
    items = selectors.instrument_items(chosen)
    return form_page(
        request,
        "surveys/survey_build.html",
        {"organisation": organisation, "instruments": instruments, "chosen": chosen},
        form=SurveyBuildForm(request.POST or None, items=items, initial={"kind": "staff"}),
        save=lambda data: services.survey_create(organisation=organisation, **data),
        message=lambda survey: f"{survey.name} is ready to send in a new wave.",
        then=lambda _: redirect("surveys:wave_create", slug=organisation.slug),
    )
