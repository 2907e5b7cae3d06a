"""Results pages, the CSV export, replies to comments and actions from a domain."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from charters import selectors as charter_selectors
from charters import services as charter_services
from wellbeing_portal.core.forms import form_page

from .. import presenters, results, selectors, services
from ..forms import ReplyForm, SurveyActionForm
from ..models import Reply, Wave

# Results --------------------------------------------------------------------------------


def _not_ready(request: HttpRequest, wave: Wave) -> HttpResponse:
    """While a wave is open there are no figures: only when its results will come, and
    the day's participation snapshot for groups big enough to show it. Just after a lead
    closes it, only that its results are being worked out."""
    return render(
        request,
        "surveys/results_not_ready.html",
        {"wave": wave, "participation": selectors.participation_visible_to(request.user, wave)},
    )


def _schools_instead(request: HttpRequest, wave: Wave) -> HttpResponse:
    """For whoever may read some of the wave's schools but not the trust: the one
    school's results, or the list of those they may read."""
    readable = selectors.school_ids_readable(request.user, wave)
    if len(readable) == 1:
        return redirect("surveys:results_school", pk=wave.pk, school_pk=readable.pop())
    if not readable:
        raise Http404("No such page.")
    schools = selectors.wave_schools_named(wave=wave, school_ids=readable)
    return render(request, "surveys/results_schools.html", {"wave": wave, "schools": schools})


@login_required
def results_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    """Trust-wide results: domains, schools × domains heatmap, trends (organisation users)."""
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    if not selectors.results_ready(wave):
        return _not_ready(request, wave)
    if not selectors.can_read_organisation_results(request.user, wave):
        return _schools_instead(request, wave)
    res = results.wave_results(wave)
    trend = results.trend_for(wave=wave)
    org = res.organisation
    context = {
        "wave": wave,
        "res": res,
        "org": org,
        "school_rows": list(res.schools.values()),
        "domain_rows": presenters.organisation_rows(res, trend),
        "highlights": presenters.highlights(res, org, trend, results.ORG, with_trust=False),
        "bar_chart": presenters.domain_chart(res, org, against="norm", screen=True),
        "heatmap": presenters.schools_heatmap(res, screen=True),
        "heat_rows": presenters.school_score_rows(res),
        "heat_against": presenters.heatmap_against(res),
        "near": f"{presenters.near_band(res):g}",
        "trend": trend,
        "trend_chart": presenters.trend_lines(res, trend, results.ORG, screen=True),
        "trend_rows": presenters.trend_domain_rows(trend, results.ORG),
        "distribution": presenters.distribution(res, org, screen=True),
        "can_redact": selectors.can_run_waves_of(request.user, wave.organisation_id),
    }
    return render(request, "surveys/results_organisation.html", context)


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
    key = results.school_key(school.pk)
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
            "domain_rows": presenters.school_rows(res, group, trend, key),
            "highlights": presenters.highlights(res, group, trend, key, with_trust=True),
            "roles": res.roles.get(school.pk, []),
            "bar_chart": presenters.domain_chart(
                res, group, against="trust", name=school.name, screen=True
            ),
            "distribution": presenters.distribution(res, group, screen=True),
            "trend_chart": presenters.trend_lines(res, trend, key, screen=True),
            "trend": trend,
            "trend_rows": presenters.trend_domain_rows(trend, key),
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
    domain_obj = selectors.wave_domain_get(wave=wave, key=domain)
    commitments = charter_selectors.commitments_for_domain(school=school, domain_key=domain)
    form = SurveyActionForm(
        # Without a charter there is nothing to choose: the page says so, and a post is
        # not even read.
        (request.POST or None) if commitments else None,
        commitments=commitments,
        initial={
            "title": f"{domain_obj.label}: ",
            "staff_summary": f"In {wave.title} you told us about {domain_obj.label.lower()}. ",
        },
    )

    def save(data: dict[str, Any]) -> Any:  # the charter action it made
        charter_pk, key = data.pop("commitment_key").split(":", 1)
        charter = charter_selectors.charter_get_for_school(school=school, pk=int(charter_pk))
        return charter_services.action_create(
            charter=charter,
            school=school,
            commitment_key=key,
            owner=request.user,  # type: ignore[arg-type]
            **data,
        )

    return form_page(
        request,
        "surveys/action_create.html",
        {"wave": wave, "school": school, "domain": domain_obj, "commitments": commitments},
        form=form,
        save=save,
        message=lambda action: (
            f"The action '{action.title}' is in {school.name}'s charter action plan."
        ),
        then=lambda action: redirect("surveys:results_school", pk=wave.pk, school_pk=school.pk),
    )
