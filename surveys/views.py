"""Survey pages. Each view loads its objects through the selectors (404 outside your
scope), validates with a form, and makes one service call.

Taking a survey needs no account: the invitation link's token (or a school's open
link) is the key. A half-finished survey is kept in the respondent's own session,
keyed by wave, never in the database against a person.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from charters import services as charter_services
from charters.models import Charter
from wellbeing_portal.core.csv_import import ImportRejected
from wellbeing_portal.core.forms import add_errors
from wellbeing_portal.people.policy import organisation_led_get_for_user, organisations_led_by

from . import charts, importer, qr, results, selectors, services
from .forms import (
    InstrumentImportForm,
    ReceiptForm,
    RedactForm,
    ReplyForm,
    ResponseForm,
    SurveyActionForm,
    ThresholdsForm,
    WaveForm,
)
from .models import Comment, Invitation, OpenLink, Reply, Wave

DRAFT_KEY = "surveys:draft:{}"
DONE_COOKIE = "surveys_done_{}"
# Open links: a school's staff often share one address, so the limit is generous.
OPEN_LINK_LIMIT = 120  # submissions per address and link per hour
RECEIPT_LIMIT = 20  # receipt-code look-ups per address per hour
DISTRESS_MEAN = 2.0  # a domain mean at or below this on a 1–5 scale shows more support


def _rate_limited(request: HttpRequest, scope: str, limit: int) -> bool:
    """Count this request against a per-address limit for an hour (the address is hashed
    and kept only in the cache). If the cache is down the request is let through."""
    address = request.META.get("REMOTE_ADDR", "")
    key = "surveys:rl:" + hashlib.sha256(f"{scope}:{address}".encode()).hexdigest()
    try:
        cache.add(key, 0, timeout=3600)
        count = cache.incr(key)
    except Exception:
        return False
    return count > limit


# Lists, waves and instruments ------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Your invitations to answer, and the waves whose results you may read or run."""
    return render(
        request,
        "surveys/index.html",
        {
            "invitations": selectors.invitations_open_for(request.user),
            "waves": selectors.waves_visible_to(request.user).order_by("-opens_on", "-pk"),
            "run": selectors.waves_run_by(request.user).order_by("-opens_on", "-pk"),
            "led": organisations_led_by(request.user),
        },
    )


@login_required
def wave_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    form = WaveForm(
        request.POST or None,
        surveys=selectors.surveys_for_organisation(organisation_id=organisation.pk),
        schools=organisation.schools.order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.wave_create(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"{wave.title} is ready. Open it when you want invitations to go out."
            )
            return redirect("surveys:wave_detail", pk=wave.pk)
    return render(
        request,
        "surveys/wave_create.html",
        {"organisation": organisation, "form": form},
        status=400 if form.errors else 200,
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
    if request.method == "POST" and form.is_valid():
        try:
            services.wave_thresholds_update(wave=wave, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The minimum group sizes are saved.")
            return redirect("surveys:wave_detail", pk=wave.pk)
    invited = wave.invitations.count()
    completed = wave.invitations.filter(completed=True).count()
    return render(
        request,
        "surveys/wave_detail.html",
        {
            "wave": wave,
            "form": form,
            "invited": invited,
            "completed": completed,
            "responses": wave.responses.count(),
            "links": wave.open_links.select_related("school").order_by("school__name"),
            "comments": results.comments_for_lead(results=results.wave_results(wave))
            if wave.status != Wave.Status.DRAFT
            else [],
        },
        status=400 if form.errors else 200,
    )


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
    return _wave_action(request, pk, services.wave_close, "The wave is closed.")


@login_required
@require_POST
def wave_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _wave_action(
        request, pk, services.wave_publish, "Results are published to staff and governors."
    )


@login_required
def open_link_qr(request: HttpRequest, pk: int, school_pk: int) -> HttpResponse:
    """The QR code of a school's open link, as SVG drawn on the server."""
    wave = selectors.wave_get_managed(user=request.user, pk=pk)
    link = OpenLink.objects.filter(wave=wave, school_id=school_pk).first()
    if link is None:
        raise Http404("No such link.")
    url = request.build_absolute_uri(reverse("surveys:take_open", kwargs={"token": link.token}))
    return HttpResponse(
        qr.qr_svg(url, title=f"QR code for the survey at {link.school.name}"),
        content_type="image/svg+xml",
    )


@login_required
def instrument_import(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    form = InstrumentImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(importer.MAX_BYTES + 1)
        try:
            if upload.name.lower().endswith(".csv"):
                parsed = importer.parse_csv(
                    data,
                    key=form.cleaned_data["key"],
                    name=form.cleaned_data["name"],
                    scale_min=form.cleaned_data["scale_min"],
                    scale_max=form.cleaned_data["scale_max"],
                    labels=form.cleaned_data["labels"],
                )
            else:
                parsed = importer.parse_json(data)
            survey = importer.instrument_import(organisation=organisation, parsed=parsed)
        except ImportRejected as rejected:
            problems = rejected.problems
            form.add_error(
                "file", "The file was not imported. Fix the problems listed and try again."
            )
        else:
            messages.success(request, f"Imported {survey.name} with {survey.items.count()} items.")
            return redirect("surveys:index")
    return render(
        request,
        "surveys/import.html",
        {
            "organisation": organisation,
            "form": form,
            "problems": problems,
            "instruments": selectors.instruments_of(organisation_id=organisation.pk),
        },
        status=400 if form.errors else 200,
    )


# Taking a survey -------------------------------------------------------------------------


def _items(wave: Wave) -> list[Any]:
    return list(wave.survey.items.select_related("domain").order_by("domain__position", "position"))


def _take(
    request: HttpRequest,
    *,
    wave: Wave,
    school_name: str,
    submit: Any,
    after_submit: Any = None,
) -> HttpResponse:
    """The survey form, its draft in the session, and the closing page after submitting."""
    items = _items(wave)
    draft_key = DRAFT_KEY.format(wave.pk)
    draft = request.session.get(draft_key, {})
    started = request.method == "POST" or request.GET.get("start") == "1" or bool(draft)
    if request.method == "POST" and request.POST.get("save") == "later":
        request.session[draft_key] = {
            k: v
            for k, v in request.POST.items()
            if k.startswith("item_") or k in ("role_group", "comment")
        }
        return render(request, "surveys/saved.html", {"wave": wave, "school_name": school_name})
    form = ResponseForm(request.POST or None, wave=wave, items=items, initial=draft)
    if request.method == "POST" and form.is_valid():
        try:
            submitted = submit(
                role_group=form.cleaned_data["role_group"],
                answers=form.answers(),
                comment=form.cleaned_data.get("comment", ""),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            request.session.pop(draft_key, None)
            # Computed from this request's answers only; nothing records that it was shown.
            distress = any(
                sum(values) / len(values) <= DISTRESS_MEAN
                for values in submitted.scored.values()
                if values
            )
            response = render(
                request,
                "surveys/thanks.html",
                {"wave": wave, "receipt_code": submitted.receipt_code, "distress": distress},
            )
            if after_submit:
                after_submit(response)
            return response
    return render(
        request,
        "surveys/take.html",
        {
            "wave": wave,
            "school_name": school_name,
            "form": form,
            "started": started,
            "items": items,
            "has_draft": bool(draft),
        },
        status=400 if form.errors else 200,
    )


def _closed(request: HttpRequest, message: str, status: int = 410) -> HttpResponse:
    return render(request, "surveys/unavailable.html", {"message": message}, status=status)


def take_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The survey through one person's invitation link."""
    try:
        invitation = services.invitation_for_token(token)
    except Invitation.DoesNotExist:
        return _closed(
            request,
            "This survey link is not valid. Check you used the whole link from your email.",
            404,
        )
    return _take_for_invitation(request, invitation)


@login_required
def take_mine(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey through the signed-in person's own invitation (for reminder emails)."""
    invitation = selectors.invitation_own_get(user=request.user, wave_pk=pk)
    return _take_for_invitation(request, invitation)


def _take_for_invitation(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    wave = invitation.wave
    if invitation.completed and request.method != "POST":
        return _closed(request, "You have already answered this survey. Thank you for taking part.")
    if wave.status != Wave.Status.OPEN:
        return _closed(request, "This survey is not open. Thank you for wanting to take part.")

    def submit(**kwargs: Any) -> services.Submitted:
        return services.response_submit(invitation=invitation, **kwargs)

    return _take(request, wave=wave, school_name=invitation.school.name, submit=submit)


def take_open(request: HttpRequest, token: str) -> HttpResponse:
    """The survey through a school's open link: one response per browser, rate limited."""
    link = (
        OpenLink.objects.select_related("wave__survey__instrument", "wave__organisation", "school")
        .filter(token=token)
        .first()
    )
    if link is None:
        return _closed(
            request, "This survey link is not valid. Check you used the whole link.", 404
        )
    wave = link.wave
    cookie = DONE_COOKIE.format(wave.pk)
    if request.get_signed_cookie(cookie, default=None, salt="surveys") == "1":
        return _closed(
            request, "Someone has already answered this survey from this browser. Thank you."
        )
    if wave.status != Wave.Status.OPEN:
        return _closed(request, "This survey is not open. Thank you for wanting to take part.")
    submitting = request.method == "POST" and request.POST.get("save") != "later"
    if submitting and _rate_limited(request, f"open:{link.pk}", OPEN_LINK_LIMIT):
        return render(request, "429.html", status=429)

    def submit(**kwargs: Any) -> services.Submitted:
        return services.open_response_submit(link=link, **kwargs)

    def remember(response: HttpResponse) -> None:
        response.set_signed_cookie(
            cookie,
            "1",
            salt="surveys",
            max_age=60 * 60 * 24 * 120,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )

    return _take(
        request, wave=wave, school_name=link.school.name, submit=submit, after_submit=remember
    )


def reply_lookup(request: HttpRequest) -> HttpResponse:
    """Whoever holds a receipt code reads replies to their comment and answers them."""
    form = ReceiptForm(request.POST or None)
    reply_form = ReplyForm(request.POST if request.POST.get("text") is not None else None)
    comment: Comment | None = None
    found = False
    if request.method == "POST" and form.is_valid():
        if _rate_limited(request, "receipt", RECEIPT_LIMIT):
            return render(request, "429.html", status=429)
        response = services.response_for_receipt(form.cleaned_data["code"])
        if response is None:
            form.add_error("code", "No response has that code. Check it and try again.")
        else:
            found = True
            comment = getattr(response, "comment", None)
            if comment is not None and reply_form.is_bound and reply_form.is_valid():
                try:
                    services.reply_create(
                        comment=comment,
                        sender=Reply.From.RESPONDENT,
                        text=reply_form.cleaned_data["text"],
                    )
                except ValidationError as error:
                    add_errors(reply_form, error)
                else:
                    messages.success(
                        request, "Your reply has been sent. Nobody can see who wrote it."
                    )
                    reply_form = ReplyForm()
    return render(
        request,
        "surveys/receipt.html",
        {
            "form": form,
            "reply_form": reply_form if found else None,
            "found": found,
            "comment": comment,
            "replies": list(comment.replies.all()) if comment else [],
        },
        status=400 if form.errors else 200,
    )


# Results --------------------------------------------------------------------------------


def _domain_bars(
    res: results.WaveResults, group: results.GroupResult, compare: results.GroupResult | None
) -> list[charts.Bar]:
    bars = []
    for domain in res.domains:
        score = group.score(domain.key)
        other = compare.score(domain.key) if compare is not None else None
        bars.append(
            charts.Bar(
                label=domain.label,
                value=score.mean if score else None,
                compare=other.mean if other else None,
            )
        )
    return bars


@login_required
def results_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    """Trust-wide results: domains, schools × domains heatmap, trends (organisation users)."""
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    if not selectors.can_read_organisation_results(request.user, wave):
        readable = selectors.school_ids_readable(request.user, wave)
        if len(readable) == 1:
            return redirect("surveys:results_school", pk=wave.pk, school_pk=readable.pop())
        if not readable:
            raise Http404("No such page.")
        schools = wave.schools.filter(pk__in=readable).order_by("name")
        return render(request, "surveys/results_schools.html", {"wave": wave, "schools": schools})
    res = results.wave_results(wave)
    trend = results.trend_for(wave=wave)
    top = float(wave.survey.instrument.scale_max)
    low = float(wave.survey.instrument.scale_min)
    org = res.organisation
    school_rows = list(res.schools.values())
    context = {
        "wave": wave,
        "res": res,
        "org": org,
        "school_rows": school_rows,
        "domain_rows": [(d, org.score(d.key), res.norms.get(d.key)) for d in res.domains],
        "bar_chart": charts.bar_chart(
            title=f"Domain scores, {org.label}",
            description="Mean score on each domain, higher is better; the marker shows the norm where the instrument has one.",
            bars=[
                charts.Bar(
                    label=d.label,
                    value=org.mean(d.key),
                    compare=res.norms.get(d.key),
                )
                for d in res.domains
            ],
            max_value=top,
            compare_label="Norm" if res.norms else "",
            decimals=2,
        ),
        "heatmap": charts.heatmap(
            title="Schools by domain",
            description="Mean score per school and domain; empty cells are suppressed because the group is too small.",
            row_labels=[g.label for g in school_rows],
            column_labels=[d.label for d in res.domains],
            values=[[g.mean(d.key) for d in res.domains] for g in school_rows],
            low=low,
            high=top,
        )
        if school_rows
        else None,
        "heat_rows": [(g, [g.score(d.key) for d in res.domains]) for g in school_rows],
        "trend": trend,
        "trend_chart": _trend_chart(trend, results.ORG, low, top) if len(trend.waves) > 1 else None,
        "trend_rows": [(d, trend.series.get((results.ORG, d.key), [])) for d in trend.domains],
        "distribution": _distribution(res, org),
        "can_redact": organisations_led_by(request.user).filter(pk=wave.organisation_id).exists(),
    }
    return render(request, "surveys/results_organisation.html", context)


def _trend_chart(trend: results.Trend, key: str, low: float, high: float) -> Any:
    return charts.line_chart(
        title="Domain scores over waves",
        description="Mean score per domain in each wave; gaps are suppressed waves.",
        x_labels=[w.title for w in trend.waves],
        series=[
            charts.Series(label=d.label, values=trend.series.get((key, d.key), []))
            for d in trend.domains
        ],
        min_value=low,
        max_value=high,
    )


def _distribution(res: results.WaveResults, group: results.GroupResult) -> Any:
    labels = res.wave.survey.instrument.scale_labels or [str(v) for v in res.scale]
    return charts.distribution_chart(
        title=f"How people answered, {group.label}",
        description="Share of answers at each point of the scale, per domain, after reverse scoring.",
        rows=[
            charts.DistributionRow(label=d.label, shares=group.shares(d.key)) for d in res.domains
        ],
        labels=labels,
    )


@login_required
def results_school(request: HttpRequest, pk: int, school_pk: int) -> HttpResponse:
    """One school's results: domains against the trust and previous wave, role groups,
    distribution, trends, comments (when allowed) and actions."""
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    school = selectors.wave_school_get_for_user(user=request.user, wave=wave, school_pk=school_pk)
    res = results.wave_results(wave)
    group = res.schools[school.pk]
    trend = results.trend_for(wave=wave, school_id=school.pk)
    top = float(wave.survey.instrument.scale_max)
    low = float(wave.survey.instrument.scale_min)
    key = results.school_key(school.pk)
    previous = {
        d.key: (trend.series.get((key, d.key)) or [None, None])[-2]
        if len(trend.waves) > 1
        else None
        for d in res.domains
    }
    can_comment = selectors.can_read_comments(request.user, wave, school)
    comments = results.comments_for(results=res, school_id=school.pk) if can_comment else []
    return render(
        request,
        "surveys/results_school.html",
        {
            "wave": wave,
            "school": school,
            "res": res,
            "group": group,
            "org": res.organisation,
            "domain_rows": [
                (
                    d,
                    group.score(d.key),
                    res.organisation.score(d.key),
                    previous.get(d.key),
                    res.norms.get(d.key),
                )
                for d in res.domains
            ],
            "roles": res.roles.get(school.pk, []),
            "bar_chart": charts.bar_chart(
                title=f"Domain scores, {school.name}",
                description=f"Mean score on each domain at {school.name}, higher is better; the marker shows the trust average.",
                bars=_domain_bars(res, group, res.organisation),
                max_value=top,
                compare_label="Trust average",
                decimals=2,
            ),
            "distribution": _distribution(res, group),
            "trend_chart": _trend_chart(trend, key, low, top) if len(trend.waves) > 1 else None,
            "trend": trend,
            "trend_rows": [(d, trend.series.get((key, d.key), [])) for d in trend.domains],
            "can_comment": can_comment,
            "comments_shown": school.pk in res.comment_school_ids,
            "comments": comments,
            "reply_form": ReplyForm(),
            "can_act": selectors.can_take_action(request.user, school),
            "can_reply": selectors.can_reply(request.user, school),
        },
    )


@login_required
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The aggregates as CSV, suppression applied; only the groups the user may read."""
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    readable = selectors.school_ids_readable(request.user, wave)
    whole = selectors.can_read_organisation_results(request.user, wave)
    if not whole and not readable:
        raise Http404("No such page.")
    res = results.wave_results(wave)
    body = results.results_csv(res, school_ids=None if whole else readable)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-results-{wave.pk}.csv"'
    return response


# Comments, replies and actions --------------------------------------------------------


@login_required
@require_POST
def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_reply(user=request.user, pk=pk)
    form = ReplyForm(request.POST)
    target = reverse(
        "surveys:results_school",
        kwargs={"pk": comment.response.wave_id, "school_pk": comment.response.school_id},
    )
    if form.is_valid():
        services.reply_create(
            comment=comment, sender=Reply.From.SCHOOL, text=form.cleaned_data["text"]
        )
        messages.success(request, "Your reply is sent. Whoever holds the receipt code can read it.")
    else:
        messages.error(request, "Write a reply before sending it.")
    return redirect(f"{target}#comment-{comment.pk}")


@login_required
def comment_redact(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_redaction(user=request.user, pk=pk)
    form = RedactForm(request.POST or None, initial={"redacted_text": comment.shown_text})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_redact(comment=comment, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The comment is redacted.")
            return redirect("surveys:wave_detail", pk=comment.response.wave_id)
    return render(
        request,
        "surveys/redact.html",
        {"comment": comment, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def action_create(request: HttpRequest, pk: int, school_pk: int, domain: str) -> HttpResponse:
    """From a domain on a school's results, an action in the school's charter action plan."""
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    school = selectors.wave_school_get_for_user(user=request.user, wave=wave, school_pk=school_pk)
    if not selectors.can_take_action(request.user, school):
        raise Http404("No such page.")
    domain_obj = next((d for d in wave.survey.instrument.domains.all() if d.key == domain), None)
    if domain_obj is None:
        raise Http404("No such domain.")
    commitments = selectors.commitments_for_domain(school=school, domain_key=domain)
    form = SurveyActionForm(
        request.POST or None,
        commitments=commitments,
        initial={
            "title": f"{domain_obj.label}: ",
            "staff_summary": f"In {wave.title} you told us about {domain_obj.label.lower()}. ",
        },
    )
    if request.method == "POST" and commitments and form.is_valid():
        charter_pk, key = form.cleaned_data.pop("commitment_key").split(":", 1)
        charter = Charter.objects.get(
            pk=int(charter_pk), organisation_id=school.responsible_body_id
        )
        try:
            action = charter_services.action_create(
                charter=charter,
                school=school,
                commitment_key=key,
                owner=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"The action '{action.title}' is in {school.name}'s charter action plan."
            )
            return redirect("surveys:results_school", pk=wave.pk, school_pk=school.pk)
    return render(
        request,
        "surveys/action_create.html",
        {
            "wave": wave,
            "school": school,
            "domain": domain_obj,
            "form": form,
            "commitments": commitments,
        },
        status=400 if form.errors else 200,
    )
