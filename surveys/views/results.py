"""Results pages, the CSV export, replies to comments and actions from a domain."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from charters import services as charter_services
from charters.models import Charter
from wellbeing_portal.core.forms import add_errors
from wellbeing_portal.people.policy import organisations_led_by

from .. import charts, results, selectors, services
from ..forms import (
    ReplyForm,
    SurveyActionForm,
)
from ..models import Reply

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


def _not_ready(request: HttpRequest, wave: Any) -> HttpResponse:
    """While a wave is open there are no figures: only when its results will come, and
    the day's participation snapshot for groups big enough to show it. Just after a lead
    closes it, only that its results are being worked out."""
    return render(
        request,
        "surveys/results_not_ready.html",
        {"wave": wave, "participation": selectors.participation_visible_to(request.user, wave)},
    )


@login_required
def results_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    """Trust-wide results: domains, schools × domains heatmap, trends (organisation users)."""
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    if not selectors.results_ready(wave):
        return _not_ready(request, wave)
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
        "domain_rows": [
            (d, org.score(d.key), _previous(trend, results.ORG, d.key), res.norms.get(d.key))
            for d in res.domains
        ],
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
        "trend_chart": results.trend_chart(trend, results.ORG, low=low, high=top)
        if len(trend.waves) > 1
        else None,
        "trend_rows": [(d, trend.series.get((results.ORG, d.key), [])) for d in trend.domains],
        "distribution": _distribution(res, org),
        "can_redact": organisations_led_by(request.user).filter(pk=wave.organisation_id).exists(),
    }
    return render(request, "surveys/results_organisation.html", context)


def _previous(trend: results.Trend, group_key: str, domain_key: str) -> float | None:
    """The group's mean on the domain in the wave before the last one of the trend."""
    values = trend.series.get((group_key, domain_key)) or []
    return values[-2] if len(values) > 1 else None


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
    if not selectors.results_ready(wave):
        return _not_ready(request, wave)
    res = results.wave_results(wave)
    group = res.schools[school.pk]
    trend = results.trend_for(wave=wave, school_id=school.pk)
    top = float(wave.survey.instrument.scale_max)
    low = float(wave.survey.instrument.scale_min)
    key = results.school_key(school.pk)
    previous = {d.key: _previous(trend, key, d.key) for d in res.domains}
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
            "trend_chart": results.trend_chart(trend, key, low=low, high=top)
            if len(trend.waves) > 1
            else None,
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
    if not selectors.results_ready(wave):
        return _not_ready(request, wave)
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
