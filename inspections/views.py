"""Inspection pages: log Ofsted's call, what happens now, the record and its timeline,
the senior officer's board, the protocol, the buddy's view and the calendar feed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from wellbeing_portal.core.forms import add_errors
from wellbeing_portal.people.models import User
from wellbeing_portal.people.policy import organisation_led_get_for_user, organisations_led_by

from . import calendar, selectors, services, timeline
from .forms import (
    BuddyCheckInForm,
    ConcernActionForm,
    ConcernForm,
    ContactForm,
    DatesForm,
    DetailsForm,
    FeedbackFormForm,
    GuidanceForm,
    LearningReviewForm,
    NotificationForm,
    OutcomeForm,
    ProtocolSettingsForm,
    ProtocolStepFormSet,
    ReopenForm,
    RequestDecisionForm,
    RequestForm,
    ResolveForm,
    SupportPlanForm,
)
from .models import Inspection, InspectionRequest
from .timeline import STEP_FIELDS


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _working_hours() -> str:
    start, end = settings.PORTAL_WORKING_HOURS
    return f"{start}:00 to {end}:00 on weekdays"


def _form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    save: Callable[[], Any],
    done: str,
    then: HttpResponse | Callable[[], HttpResponse],
    context: dict[str, Any],
) -> HttpResponse:
    """Validate, call one service, and either go on with a message or show the form
    again with the service's errors (status 400, nothing saved)."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return then() if callable(then) else then
    return render(
        request,
        context.pop("template", "inspections/form_page.html"),
        {"form": form, **context},
        status=400 if form.errors else 200,
    )


def _record(
    request: HttpRequest, pk: int, need: str = ""
) -> tuple[Inspection, selectors.RecordRights]:
    """The record, if the user may read it (else 404), and what they may do; `need`
    names a right the page requires (else 404: the page does not exist for them).
    Every page of the record counts as a reading, in the audit log."""
    inspection = selectors.inspection_get_for_user(user=request.user, pk=pk)
    rights = selectors.rights_on(user=request.user, inspection=inspection)
    if need and not getattr(rights, need):
        raise Http404("Not a page for you.")
    services.inspection_record_read(inspection=inspection)
    return inspection, rights


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inspections/list.html",
        {
            "inspections": selectors.inspections_visible_to(request.user),
            "can_log": selectors.schools_user_can_log_for(request.user).exists(),
            "led": organisations_led_by(request.user),
            "has_board": selectors.has_board(request.user),
            "buddying": selectors.buddy_inspections(user=request.user).exists(),
        },
    )


@login_required
def notify(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    schools = selectors.schools_user_can_log_for(user)
    if not schools.exists():
        raise Http404("Only heads, school leaders and their officers log inspections.")
    form = NotificationForm(
        request.POST or None, schools=schools, initial=services.inspection_defaults()
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "school"}
        try:
            inspection = services.inspection_log(
                school=form.cleaned_data["school"], logged_by=user, data=data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Logged. The people below have been told.")
            return redirect("inspections:what_now", pk=inspection.pk)
    return render(
        request, "inspections/notify.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def what_now(request: HttpRequest, pk: int) -> HttpResponse:
    """Who will contact the head, their buddy, who to call, their rights."""
    inspection, _ = _record(request, pk)
    return render(
        request,
        "inspections/what_now.html",
        {
            "inspection": inspection,
            "now": selectors.what_now(inspection=inspection, user=request.user),
        },
    )


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The record: phase, timeline, contacts, requests, outcome, concerns and after."""
    inspection, rights = _record(request, pk)
    framework = selectors.framework_for(inspection)
    closed = inspection.phase == Inspection.Phase.CLOSED
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "rights": rights,
            "closed": closed,
            "closed_message": services.CLOSED_MESSAGE,
            "reopen_form": ReopenForm() if closed and rights.can_reopen else None,
            "reopenings": selectors.reopenings_of(inspection=inspection),
            "working_hours": _working_hours(),
            "timeline": selectors.timeline_for(inspection=inspection, now=timezone.now()),
            "contacts": selectors.contacts_for(inspection=inspection),
            "requests": inspection.requests.all(),
            "grades": inspection.provisional_grades.select_related("area", "grade"),
            "framework": framework,
            "comments_due_on": services.comments_due_on(inspection),
            "concerns": selectors.concerns_for(inspection=inspection),
            "plan": selectors.support_plan_of(inspection),
            "feedback": getattr(inspection, "feedback", None),
            "review": getattr(inspection, "learning_review", None),
            "next_phase": selectors.phase_after(inspection.phase),
            "previous_phase": selectors.phase_before(inspection.phase),
        },
    )


@login_required
@require_POST
def phase(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = _record(request, pk, "can_update")
    try:
        moved = services.inspection_phase_set(
            inspection=inspection, phase=request.POST.get("phase", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The inspection is now: {moved.get_phase_display().lower()}.")
    return redirect("inspections:detail", pk=pk)


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """A senior officer reopens a closed record, giving a reason (the form is on the
    record's page; it comes back here only with an error)."""
    inspection, _ = _record(request, pk, "can_reopen")
    form = ReopenForm(request.POST)
    return _form_page(
        request,
        form=form,
        save=lambda: services.inspection_reopen(
            inspection=inspection, by=_user(request), reason=form.cleaned_data["reason"]
        ),
        done="Reopened. The record can be changed again; the reason is on the record and in "
        "the audit log.",
        then=redirect("inspections:detail", pk=pk),
        context={
            "inspection": inspection,
            "heading": "Reopen the record",
            "button": "Reopen the record",
        },
    )


@login_required
def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = _record(request, pk, "can_log_contacts")
    initial: dict[str, Any] = {"happened_at": timezone.localtime().replace(second=0, microsecond=0)}
    if "item" in request.GET:
        initial["answers"] = request.GET["item"]
    form = ContactForm(request.POST or None, inspection=inspection, initial=initial)
    return _form_page(
        request,
        form=form,
        save=lambda: services.contact_log(
            inspection=inspection, by=_user(request), data=form.cleaned_data
        ),
        done="Contact logged.",
        then=redirect("inspections:detail", pk=pk),
        context={"inspection": inspection, "heading": "Log a contact", "button": "Log contact"},
    )


@login_required
def details(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = _record(request, pk, "can_update")
    form = DetailsForm(request.POST or None, instance=Inspection.objects.get(pk=inspection.pk))
    return _form_page(
        request,
        form=form,
        save=lambda: services.inspection_details_save(
            inspection=inspection, data=form.cleaned_data
        ),
        done="Saved. The timeline follows the new dates.",
        then=redirect("inspections:detail", pk=pk),
        context={
            "inspection": inspection,
            "heading": "Correct the call's details",
            "intro": "If the inspection was deferred and Ofsted has given a new date, "
            "change the start here.",
        },
    )


@login_required
def dates(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = _record(request, pk, "can_update")
    form = DatesForm(request.POST or None, instance=Inspection.objects.get(pk=inspection.pk))
    return _form_page(
        request,
        form=form,
        save=lambda: services.inspection_dates_save(inspection=inspection, data=form.cleaned_data),
        done="Saved. The timeline follows the new dates.",
        then=redirect("inspections:detail", pk=pk),
        context={
            "inspection": inspection,
            "heading": "Final feedback and the report",
            "intro": "The school has five working days from receiving the draft report to "
            "comment on it. Check-ins after final feedback and on publication day are "
            "timed from these dates.",
        },
    )


@login_required
def request_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = _record(request, pk, "can_update")
    form = RequestForm(
        request.POST or None,
        initial={"requested_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    return _form_page(
        request,
        form=form,
        save=lambda: services.request_record(
            inspection=inspection, by=_user(request), data=form.cleaned_data
        ),
        done="Request recorded. The senior officer's steps are on the timeline.",
        then=redirect("inspections:detail", pk=pk),
        context={
            "inspection": inspection,
            "heading": "Record a request to defer or pause",
            "intro": selectors.guidance_for(inspection.school.responsible_body_id).pausing,
        },
    )


@login_required
def request_decide(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    inspection, _ = _record(request, pk, "can_update")
    try:
        asked = inspection.requests.get(pk=request_pk)
    except InspectionRequest.DoesNotExist:
        raise Http404("No such request.") from None
    form = RequestDecisionForm(
        request.POST or None, initial={"outcome": asked.outcome, "outcome_note": asked.outcome_note}
    )
    return _form_page(
        request,
        form=form,
        save=lambda: services.request_decide(
            request=asked,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["outcome_note"],
        ),
        done="Saved.",
        then=redirect("inspections:detail", pk=pk),
        context={
            "inspection": inspection,
            "heading": f"What Ofsted decided: {asked.get_kind_display().lower()}",
        },
    )


@login_required
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = _record(request, pk, "can_update")
    framework = selectors.framework_for(inspection)
    if framework is None:
        raise Http404("No inspection framework covers this inspection's date.")
    areas = list(selectors.areas_for(framework))
    current = {g.area_id: g.grade_id for g in inspection.provisional_grades.all()}
    form = OutcomeForm(request.POST or None, areas=areas, current=current)
    return _form_page(
        request,
        form=form,
        save=lambda: services.outcome_save(
            inspection=inspection, grades=form.grades(), areas=areas
        ),
        done="Provisional outcome saved. It stays confidential until the report is published.",
        then=redirect("inspections:detail", pk=pk),
        context={
            "inspection": inspection,
            "heading": "Provisional outcome",
            "intro": f"Grades as given at final feedback, under the {framework.name}. "
            "Confidential until the report is published; a grade that needs support opens "
            "a support plan for the head and leadership team.",
        },
    )


@login_required
def concern_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = _record(request, pk)
    form = ConcernForm(request.POST or None)
    made: dict[str, Any] = {}
    return _form_page(
        request,
        form=form,
        save=lambda: made.setdefault(
            "concern",
            services.concern_raise(
                inspection=inspection, by=_user(request), data=form.cleaned_data
            ),
        ),
        done="Concern raised. The senior officer has been told.",
        then=lambda: redirect("inspections:concern", pk=pk, concern_pk=made["concern"].pk),
        context={
            "inspection": inspection,
            "heading": "Raise a concern",
            "intro": "The senior officer is told at once, and a course of action is due within "
            "the working hour. Concerns about an inspector's conduct fall under Ofsted's code "
            "of conduct.",
        },
    )


@login_required
def concern_detail(request: HttpRequest, pk: int, concern_pk: int) -> HttpResponse:
    inspection, rights = _record(request, pk)
    concern = selectors.concern_get(inspection=inspection, pk=concern_pk)
    action_form = ConcernActionForm(
        request.POST if "add_action" in request.POST else None,
        people=selectors.officers_for(inspection),
    )
    resolve_form = ResolveForm(request.POST if "resolve" in request.POST else None)
    if request.method == "POST":
        if not rights.can_handle_concerns:
            raise Http404("Not a page for you.")
        if "done" in request.POST:  # a button: told how it went, back on the page
            done = request.POST["done"]
            action = concern.actions.filter(pk=int(done)).first() if done.isdigit() else None
            if action is None:
                raise Http404("No such action.")
            try:
                services.concern_action_done(action=action)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, "Action done.")
            return redirect("inspections:concern", pk=pk, concern_pk=concern_pk)
        form: forms.BaseForm = action_form if "add_action" in request.POST else resolve_form
        try:
            if form.is_valid():
                if form is action_form:
                    services.concern_action_add(concern=concern, data=form.cleaned_data)
                    messages.success(request, "Action added.")
                else:
                    services.concern_resolve(
                        concern=concern,
                        by=_user(request),
                        resolution=form.cleaned_data["resolution"],
                    )
                    messages.success(request, "Concern resolved.")
                return redirect("inspections:concern", pk=pk, concern_pk=concern_pk)
        except ValidationError as error:
            add_errors(form, error)
    return render(
        request,
        "inspections/concern.html",
        {
            "inspection": inspection,
            "concern": concern,
            "rights": rights,
            "closed": inspection.phase == Inspection.Phase.CLOSED,
            "action_form": action_form,
            "resolve_form": resolve_form,
            "form": action_form if action_form.errors else resolve_form,
        },
        status=400 if action_form.errors or resolve_form.errors else 200,
    )


@login_required
def support_plan(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = _record(request, pk, "can_handle_concerns")
    plan = selectors.support_plan_of(inspection)
    if plan is None and request.method == "POST" and "open" in request.POST:
        try:
            services.support_plan_open(inspection=inspection, reason="Opened by an officer")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("inspections:detail", pk=pk)
        return redirect("inspections:support_plan", pk=pk)
    if plan is None:
        return render(request, "inspections/support_plan_open.html", {"inspection": inspection})
    form = SupportPlanForm(request.POST or None, instance=plan)
    return _form_page(
        request,
        form=form,
        save=lambda: services.support_plan_save(plan=plan, data=form.cleaned_data),
        done="Support plan saved.",
        then=redirect("inspections:detail", pk=pk),
        context={
            "inspection": inspection,
            "heading": "Support plan for the head and leadership team",
            "intro": "Agree it with the governors. Its check-ins after 1, 5, 10 and 20 working "
            "days are on the timeline.",
        },
    )


@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = _record(request, pk, "can_log_contacts")
    saved = getattr(inspection, "feedback", None)
    form = FeedbackFormForm(
        request.POST or None,
        questions=selectors.feedback_questions(inspection),
        answers=saved.answers if saved else {},
    )
    return _form_page(
        request,
        form=form,
        save=lambda: services.feedback_save(
            inspection=inspection, by=_user(request), answers=form.answers()
        ),
        done="Feedback form saved.",
        then=redirect("inspections:detail", pk=pk),
        context={
            "inspection": inspection,
            "heading": f"Feedback form: {inspection.get_inspection_type_display().lower()}",
        },
    )


@login_required
def learning_review(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = _record(request, pk, "can_see_audit")
    form = LearningReviewForm(
        request.POST or None, instance=getattr(inspection, "learning_review", None)
    )
    return _form_page(
        request,
        form=form,
        save=lambda: services.learning_review_save(
            inspection=inspection, by=_user(request), data=form.cleaned_data
        ),
        done="Learning review saved.",
        then=redirect("inspections:detail", pk=pk),
        context={
            "inspection": inspection,
            "heading": "Internal learning review",
            "intro": "What happened, what helped and what we will change, so the next head is "
            "better supported.",
        },
    )


@login_required
def audit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = _record(request, pk, "can_see_audit")
    return render(
        request,
        "inspections/audit.html",
        {"inspection": inspection, "entries": selectors.audit_trail(inspection=inspection)[:500]},
    )


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The senior officer's board of every inspection under way."""
    if not selectors.has_board(request.user):
        raise Http404("The board is for officers.")
    phase = request.GET.get("phase", "")
    only = request.GET.get("only", "")
    return render(
        request,
        "inspections/board.html",
        {
            "rows": selectors.board_for(user=request.user, phase=phase, only=only),
            "phase": phase,
            "only": only,
            "phases": [p for p in Inspection.Phase.choices if p[0] != Inspection.Phase.CLOSED],
        },
    )


@login_required
def protocol(request: HttpRequest, slug: str) -> HttpResponse:
    """The wellbeing lead edits the protocol; saving writes a new version."""
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    current = timeline.protocol_current(organisation=organisation)
    initial = [{f: getattr(s, f) for f in STEP_FIELDS} for s in current.steps.all()]
    formset = ProtocolStepFormSet(request.POST or None, initial=initial, prefix="steps")
    settings_form = ProtocolSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and formset.is_valid() and settings_form.is_valid():
        steps = [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            version = timeline.protocol_save(
                organisation=organisation,
                steps=steps,
                escalation_grace_hours=settings_form.cleaned_data["escalation_grace_hours"],
                by=_user(request),
            )
        except ValidationError as error:
            add_errors(settings_form, error)
        else:
            messages.success(
                request,
                f"Saved as version {version.number}. New inspections follow it; those under "
                "way keep the version they started with.",
            )
            return redirect("inspections:protocol", slug=slug)
    return render(
        request,
        "inspections/protocol.html",
        {
            "organisation": organisation,
            "current": current,
            "formset": formset,
            "form": settings_form,
            "running": Inspection.objects.filter(protocol_version__organisation=organisation)
            .exclude(phase=Inspection.Phase.CLOSED)
            .count(),
            "working_hours": _working_hours(),
        },
        status=400
        if any(formset.errors) or formset.non_form_errors() or settings_form.errors
        else 200,
    )


@login_required
def buddying(request: HttpRequest) -> HttpResponse:
    """For a buddy: whether their paired head has an inspection under way, and its
    phase; nothing else of the record."""
    return render(
        request,
        "inspections/buddying.html",
        {"inspections": selectors.buddy_inspections(user=request.user)},
    )


@login_required
def buddy_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.buddy_inspection_get(user=request.user, pk=pk)
    form = BuddyCheckInForm(
        request.POST or None,
        initial={"happened_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    return _form_page(
        request,
        form=form,
        save=lambda: services.buddy_check_in(
            inspection=inspection, by=_user(request), data=form.cleaned_data
        ),
        done="Check-in logged. Thank you.",
        then=redirect("inspections:buddying"),
        context={"heading": f"Log a check-in with {inspection.head.full_name}", "back": "buddying"},
    )


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    token = None
    if request.method == "POST":
        token = services.calendar_feed_reset(user=user)
    return render(
        request,
        "inspections/calendar.html",
        {
            "token": token,
            "has_feed": hasattr(user, "calendar_feed"),
            "due": selectors.due_for_person(user=user)[:20],
        },
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar address: no sign-in (calendar apps cannot), so the token in
    the address is the key, and an unknown one is 404."""
    user = services.calendar_feed_owner(token=token)
    if user is None:
        raise Http404("No such calendar.")
    body = calendar.ics_for(user=user, items=selectors.due_for_person(user=user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def guidance(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    form = GuidanceForm(request.POST or None, instance=selectors.guidance_for(organisation.pk))
    return _form_page(
        request,
        form=form,
        save=lambda: services.guidance_save(
            organisation=organisation,
            by=_user(request),
            data={name: form.cleaned_data[name] for name in GuidanceForm.Meta.fields},
        ),
        done="Saved. Heads will see these words after logging a call.",
        then=redirect("inspections:list"),
        context={"template": "inspections/guidance.html", "organisation": organisation},
    )
