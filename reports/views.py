"""Report pages: ask for one, watch it build, download it; the lead's termly schedule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from wellbeing_portal.people.models import Organisation, School, User
from wellbeing_portal.people.policy import organisation_led_get_for_user, organisations_led_by

from . import selectors, services
from .forms import ReportRequestForm
from .models import Report
from .periods import period_by_key, period_to_offer, recent_periods


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    scopes = selectors.report_scopes_for(request.user)
    if not scopes:
        raise Http404("Reports are for governors, wellbeing leads and senior officers.")
    return render(
        request,
        "reports/list.html",
        {
            "reports": selectors.reports_visible_to(request.user)[:50],
            "led": organisations_led_by(request.user),
        },
    )


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    scopes = selectors.report_scopes_for(user)
    if not scopes:
        raise Http404("Reports are for governors, wellbeing leads and senior officers.")
    today = timezone.localdate()
    periods = recent_periods(today)
    form = ReportRequestForm(
        request.POST or None,
        scopes=scopes,
        periods=periods,
        offer=period_to_offer(periods, selectors.survey_days_for(user)),
    )
    if request.method == "POST" and form.is_valid():
        kind, _, pk = form.cleaned_data["about"].partition(":")
        period = period_by_key(form.cleaned_data["period"], today)
        assert period is not None  # the form only offers these
        school: School | None = None
        if kind == "school":
            school = next(s for s in scopes.schools if str(s.pk) == pk)
            organisation: Organisation = school.responsible_body
        else:
            organisation = next(o for o in scopes.organisations if str(o.pk) == pk)
        report = services.report_request(
            organisation=organisation, school=school, period=period, by=user
        )
        messages.success(
            request, "Your report is being built. You will be emailed when it is ready."
        )
        return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    return render(request, "reports/detail.html", {"report": report})


@login_required
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    if report.status != Report.Status.READY or not report.file:
        raise Http404("This report is not ready.")
    services.report_download_logged(report=report)
    name = f"{report.subject} wellbeing report, {report.period_label}.pdf".replace("/", "-")
    response = FileResponse(
        report.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    current = selectors.schedule_for(organisation)
    if request.method == "POST":
        user = request.user
        assert isinstance(user, User)
        active = request.POST.get("active") == "on"
        services.schedule_set(organisation=organisation, active=active, by=user)
        messages.success(
            request,
            "Saved. After each term, every school's governors will get their report."
            if active
            else "Saved. No termly reports will be sent.",
        )
        return redirect("reports:list")
    return render(
        request,
        "reports/schedule.html",
        {"organisation": organisation, "active": bool(current and current.active)},
    )
