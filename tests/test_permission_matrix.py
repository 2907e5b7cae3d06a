"""Every URL of the portal × every role → the answer it must get.

A URL added without a row here fails `test_every_portal_url_has_a_row`. "login" means a
redirect to the sign-in page; 404 is what an object outside your scope answers (never
403, which would say that it exists). Every row is also asked by each role that must set
up two-factor authentication, before they have: it must send them to set it up, unless
the MFA middleware allows the page (then the role's own column holds). Every page that
answers 200 must say `no-store`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import override_settings
from django.test.client import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from inspections.services import calendar_feed_reset
from wellbeing_portal.people.middleware import MFA_SETUP_ALLOWED
from wellbeing_portal.people.policy import access_for

from .clock import london
from .conftest import ROLE_NAMES, World

LOGIN = "login"
# Namespaces that are ours; allauth's and the admin's own URLs are covered by their
# libraries, with the entry points we rely on listed as extra rows below.
OUR_NAMESPACES = (
    "core",
    "people",
    "charters",
    "surveys",
    "inspections",
    "support_directory",
    "reports",
    "privacy",
)


@dataclass(frozen=True)
class Row:
    name: str
    expected: dict[str, int | str]
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    follow: bool = False  # judge the answer at the end of any redirects
    method: str = "get"  # POST rows really act: keep the destructive ones last
    settings: dict[str, Any] = field(default_factory=dict)  # overridden for this row only


TRUST_PEOPLE = (
    "staff",
    "headteacher",
    "school_leader",
    "wellbeing_champion",
    "governor",
    "chair",
    "link_officer",
    "senior_officer",
    "wellbeing_lead",
)
PROGRESS_READERS = (
    "headteacher",
    "school_leader",
    "wellbeing_champion",
    "governor",
    "chair",
    "link_officer",
    "senior_officer",
    "wellbeing_lead",
)
PROGRESS_EDITORS = ("headteacher", "school_leader", "wellbeing_champion", "wellbeing_lead")


def only(
    roles: tuple[str, ...], answer: int | str = 200, otherwise: int | str = 404
) -> dict[str, int | str]:
    """Signed-in people in `roles` get `answer`; other signed-in people `otherwise`."""
    return signed_in(otherwise, **dict.fromkeys(roles, answer))


def charter(world: World) -> dict[str, Any]:
    return {"pk": world.charters["charter"].pk}


def school_page(world: World) -> dict[str, Any]:
    return {"pk": world.charters["charter"].pk, "school_pk": world.school.pk}


def draft_commitment(world: World) -> dict[str, Any]:
    return {
        "pk": world.charters["charter"].pk,
        "commitment_pk": world.charters["draft_commitment"].pk,
    }


# Surveys: the school's people read its published results; officers and leads more.
SURVEY_SCHOOL_READERS = (
    "staff",
    "headteacher",
    "school_leader",
    "wellbeing_champion",
    "governor",
    "chair",
    "link_officer",
)


def _sv(world: World, name: str) -> Any:
    from .surveys.factories import matrix_surveys

    return matrix_surveys(world)[name]


# Reports: a school's governors; the organisation's lead and senior officers.
REPORT_READERS = ("governor", "chair", "senior_officer", "wellbeing_lead")


def _report(world: World) -> dict[str, Any]:
    from .reports.factories import ready_report

    return {"pk": ready_report(world).pk}


def everyone(answer: int | str, **overrides: int | str) -> dict[str, int | str]:
    return {role: overrides.get(role, answer) for role in ROLE_NAMES}


def signed_in(answer: int | str, **overrides: int | str) -> dict[str, int | str]:
    return everyone(answer, anonymous=LOGIN, **overrides)


RECORD_READERS = ("headteacher", "school_leader", "link_officer", "senior_officer", "chair")
RECORD_UPDATERS = ("headteacher", "school_leader", "link_officer", "senior_officer")


def _inspection(world: World) -> dict[str, Any]:
    return {"pk": world.services["inspection"].pk}


def _concern(world: World) -> dict[str, Any]:
    return {"pk": world.services["inspection"].pk, "concern_pk": world.services["concern"].pk}


def _request(world: World) -> dict[str, Any]:
    return {"pk": world.services["inspection"].pk, "request_pk": world.services["request"].pk}


ERASERS = ("wellbeing_lead", "platform_admin", "other_org_lead")


MATRIX = (
    Row("core:home", everyone(200)),
    Row("core:accessibility", everyone(200)),
    Row("core:privacy", everyone(200)),
    Row("core:help_now", everyone(200)),
    Row("core:brand_css", everyone(200)),
    Row("core:health", everyone(200)),
    Row("core:live", everyone(200)),
    Row("core:demo_mailbox", everyone(404)),  # only exists in the demo
    # In the demo it holds everyone's reset links: a signed-in platform admin only.
    Row(
        "core:demo_mailbox",
        signed_in(404, platform_admin=200),
        settings={"PORTAL_DEMO_MAILBOX": True},
    ),
    Row(
        "people:staff_import",
        signed_in(404, wellbeing_lead=200),
        lambda world: {"slug": world.trust.slug},
    ),
    Row(
        "people:staff_import",
        signed_in(404, other_org_lead=200),
        lambda world: {"slug": world.other_trust.slug},
    ),
    Row(
        "people:staff_import_template",
        signed_in(404, wellbeing_lead=200),
        lambda world: {"slug": world.trust.slug},
    ),
    # Charters
    Row("charters:list", signed_in(200)),
    Row("charters:adopt", only(("wellbeing_lead",)), lambda w: {"slug": w.trust.slug}),
    Row("charters:detail", only(TRUST_PEOPLE), charter),
    Row("charters:public", everyone(200), charter),
    Row("charters:version", only(TRUST_PEOPLE), lambda w: {**charter(w), "number": 1}),
    Row("charters:draft", only(("wellbeing_lead",)), charter),
    Row("charters:commitment_edit", only(("wellbeing_lead",)), draft_commitment),
    Row("charters:signatory_add", only(("wellbeing_lead",)), charter),
    Row("charters:grid", only(("link_officer", "senior_officer", "wellbeing_lead")), charter),
    Row("charters:pledges", only(TRUST_PEOPLE), lambda w: {"pk": w.charters["pledges"].pk}),
    Row("charters:school", only(PROGRESS_READERS), school_page),
    Row(
        "charters:commitment",
        only(PROGRESS_READERS),
        lambda w: {**school_page(w), "key": w.charters["key"]},
    ),
    Row(
        "charters:evidence_file",
        only(PROGRESS_READERS),
        lambda w: {"evidence_pk": w.charters["evidence"].pk},
    ),
    Row("charters:staff_page", only(TRUST_PEOPLE), lambda w: {"school_pk": w.school.pk}),
    Row("charters:action_group", only(PROGRESS_READERS), lambda w: {"school_pk": w.school.pk}),
    Row("charters:version_start", only(("wellbeing_lead",), 302), charter, method="post"),
    Row(
        "charters:commitment_move", only(("wellbeing_lead",), 302), draft_commitment, method="post"
    ),
    Row(
        "charters:action_complete",
        only(PROGRESS_EDITORS, 302),
        lambda w: {"action_pk": w.charters["action"].pk},
        method="post",
    ),
    Row(
        "charters:commitment_remove",
        only(("wellbeing_lead",), 302),
        draft_commitment,
        method="post",
    ),
    # Support directory
    Row("support_directory:index", signed_in(200)),
    Row("support_directory:service", signed_in(200), lambda w: {"pk": w.services["national"].pk}),
    Row("support_directory:service", only(TRUST_PEOPLE), lambda w: {"pk": w.services["trust"].pk}),
    Row(
        "support_directory:service_edit",
        only(("wellbeing_lead",)),
        lambda w: {"pk": w.services["trust"].pk},
    ),
    Row("support_directory:service_edit", only(()), lambda w: {"pk": w.services["national"].pk}),
    Row(
        "support_directory:service_add", only(("wellbeing_lead",)), lambda w: {"slug": w.trust.slug}
    ),
    Row(
        "support_directory:service_import",
        only(("wellbeing_lead",)),
        lambda w: {"slug": w.trust.slug},
    ),
    Row("support_directory:buddies", signed_in(200)),
    Row("support_directory:buddy_profile", only(("headteacher", "school_leader"))),
    Row(
        "support_directory:buddy_suggestions",
        only(("wellbeing_lead",)),
        lambda w: {"membership_pk": w.services["head"].pk},
    ),
    Row(
        "support_directory:contacts",
        # Another organisation's lead sees the page, with their own organisation's contacts.
        only(
            (
                "headteacher",
                "school_leader",
                "link_officer",
                "senior_officer",
                "wellbeing_lead",
                "other_org_lead",
            )
        ),
    ),
    Row(
        "support_directory:buddy_pair",
        only(("wellbeing_lead",), 302),
        lambda w: {"membership_pk": w.services["head"].pk},
        method="post",
    ),
    Row(
        "support_directory:buddy_end",
        only(("wellbeing_lead",), 302),
        lambda w: {"pk": w.services["pairing"].pk},
        method="post",
    ),
    Row("support_directory:resources", signed_in(200)),
    Row("support_directory:resource_share", only(("headteacher", "school_leader"))),
    # A resource waiting for moderation: its author and the lead only.
    Row(
        "support_directory:resource_file",
        only(("headteacher", "wellbeing_lead")),
        lambda w: {"pk": w.services["resource"].pk},
    ),
    Row(
        "support_directory:resource_helped",
        # Those who may see it are sent back with "only a shared resource can be marked".
        only(("headteacher", "wellbeing_lead"), 302),
        lambda w: {"pk": w.services["resource"].pk},
        method="post",
    ),
    Row(
        "support_directory:resource_moderate",
        only(("wellbeing_lead",), 302),
        lambda w: {"pk": w.services["resource"].pk},
        method="post",
    ),
    # Inspections
    Row("inspections:list", signed_in(200)),
    Row(
        "inspections:notify",
        only(("headteacher", "school_leader", "link_officer", "senior_officer")),
    ),
    *(
        Row(name, only(RECORD_READERS), _inspection)
        for name in ("inspections:detail", "inspections:what_now", "inspections:concern_new")
    ),
    Row("inspections:concern", only(RECORD_READERS), _concern),
    *(
        Row(name, only(RECORD_UPDATERS), _inspection)
        for name in (
            "inspections:details",
            "inspections:dates",
            "inspections:request_new",
            "inspections:outcome",
        )
    ),
    Row("inspections:request_decide", only(RECORD_UPDATERS), _request),
    *(
        Row(name, only(("link_officer", "senior_officer")), _inspection)
        for name in (
            "inspections:contact_new",
            "inspections:support_plan",
            "inspections:feedback",
        )
    ),
    Row("inspections:learning_review", only(("senior_officer",)), _inspection),
    Row("inspections:audit", only(("senior_officer",)), _inspection),
    Row("inspections:board", only(("link_officer", "senior_officer"))),
    Row("inspections:buddying", signed_in(200)),  # a buddy sees their heads; others, none
    Row("inspections:buddy_check_in", only(()), _inspection),  # the buddy is not in this world
    Row("inspections:calendar", signed_in(200)),
    Row("inspections:calendar_feed", everyone(404), lambda w: {"token": "not-a-real-token"}),
    # The token is the key (calendar apps cannot sign in); each ask makes a new one.
    Row(
        "inspections:calendar_feed",
        everyone(200),
        lambda w: {"token": calendar_feed_reset(user=w.user("headteacher"))},
    ),
    # Surveys
    Row("surveys:index", signed_in(200)),
    Row("surveys:wave_create", only(("wellbeing_lead",)), lambda w: {"slug": w.trust.slug}),
    Row("surveys:instrument_import", only(("wellbeing_lead",)), lambda w: {"slug": w.trust.slug}),
    Row("surveys:survey_build", only(("wellbeing_lead",)), lambda w: {"slug": w.trust.slug}),
    Row("surveys:wave_detail", only(("wellbeing_lead",)), lambda w: {"pk": _sv(w, "closed").pk}),
    Row(
        "surveys:open_link_qr",
        only(("wellbeing_lead",)),
        lambda w: {"pk": _sv(w, "open").pk, "school_pk": w.school.pk},
    ),
    Row(
        "surveys:take_mine",
        only(("staff", "wellbeing_champion")),
        lambda w: {"pk": _sv(w, "open").pk},
    ),
    Row(
        "surveys:results",
        only(
            ("senior_officer", "wellbeing_lead"),
            otherwise=404,
        )
        | dict.fromkeys(SURVEY_SCHOOL_READERS, 302),
        lambda w: {"pk": _sv(w, "closed").pk},
    ),
    Row(
        "surveys:results_school",
        only((*SURVEY_SCHOOL_READERS, "senior_officer", "wellbeing_lead")),
        lambda w: {"pk": _sv(w, "closed").pk, "school_pk": w.school.pk},
    ),
    Row(
        "surveys:results_school",
        only(("senior_officer", "wellbeing_lead")),
        lambda w: {"pk": _sv(w, "closed").pk, "school_pk": w.sibling_school.pk},
    ),
    Row("surveys:results_csv", only(TRUST_PEOPLE), lambda w: {"pk": _sv(w, "closed").pk}),
    Row(
        "surveys:action_create",
        only(("headteacher", "school_leader", "wellbeing_champion")),
        lambda w: {"pk": _sv(w, "closed").pk, "school_pk": w.school.pk, "domain": "health"},
    ),
    Row(
        "surveys:comment_redact",
        only(("wellbeing_lead",)),
        lambda w: {"pk": _sv(w, "comment").pk},
    ),
    Row(
        "surveys:take_invitation",
        everyone(200),
        lambda w: {"token": _sv(w, "token")},
        follow=True,
    ),
    Row("surveys:take_invited", everyone(200)),  # the row above put the token in this browser
    # People invited to the wave answer through their invitation, never the open link.
    Row(
        "surveys:take_open",
        everyone(200, staff=403, wellbeing_champion=403),
        lambda w: {"token": _sv(w, "link").token},
    ),
    Row("surveys:receipt", everyone(200)),
    Row(
        "surveys:comment_reply",
        only(("headteacher", "school_leader"), 302),
        lambda w: {"pk": _sv(w, "comment").pk},
        method="post",
    ),
    Row(
        "surveys:reply_release",
        only(("wellbeing_lead",), 302),
        lambda w: {"pk": _sv(w, "reply").pk},
        method="post",
    ),
    Row(
        "surveys:wave_open",
        only(("wellbeing_lead",), 302),
        lambda w: {"pk": _sv(w, "draft").pk},
        method="post",
    ),
    Row(
        "surveys:wave_close",
        only(("wellbeing_lead",), 302),
        lambda w: {"pk": _sv(w, "open").pk},
        method="post",
    ),
    Row(
        "surveys:wave_publish",
        only(("wellbeing_lead",), 302),
        lambda w: {"pk": _sv(w, "closed").pk},
        method="post",
    ),
    Row("inspections:guidance", only(("wellbeing_lead",)), lambda w: {"slug": w.trust.slug}),
    Row("inspections:protocol", only(("wellbeing_lead",)), lambda w: {"slug": w.trust.slug}),
    # Phase changes really act, so they come last; no phase chosen: told so and sent back.
    Row("inspections:phase", only(RECORD_UPDATERS, 302), _inspection, method="post"),
    # Reopening a closed record: the organisation's senior officers only. The record here
    # is open and no reason is given: the form again with its error, and nothing changes.
    Row("inspections:reopen", only(("senior_officer",), 400), _inspection, method="post"),
    # Governor reports
    Row("reports:list", only((*REPORT_READERS, "other_org_lead"))),
    Row("reports:new", only((*REPORT_READERS, "other_org_lead"))),
    Row("reports:detail", only(REPORT_READERS), _report),
    Row("reports:download", only(REPORT_READERS), _report),
    Row("reports:schedule", only(("wellbeing_lead",)), lambda w: {"slug": w.trust.slug}),
    # Privacy: everyone signed in sees their own data; leads and admins erase people in
    # their scope, never themselves, and nobody else learns who exists.
    Row("privacy:my_data", signed_in(200)),
    Row("privacy:my_data_json", signed_in(200)),
    Row("privacy:erase_find", only(ERASERS)),
    Row("privacy:erase", only(ERASERS[:2]), lambda w: {"pk": w.user("staff").pk}),
    Row("privacy:erase", only(("platform_admin",)), lambda w: {"pk": w.user("wellbeing_lead").pk}),
    Row("privacy:erase", only(("platform_admin",)), lambda w: {"pk": w.user("no_role").pk}),
    # Entry points of the libraries we rely on.
    Row("account_login", everyone(302, anonymous=200)),
    Row("account_reset_password", everyone(200)),
    Row("mfa_index", signed_in(200)),
    # The admin signs in through allauth; other signed-in people are refused there.
    Row("admin:index", signed_in(403, platform_admin=200), follow=True),
)


def _our_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name and namespace in OUR_NAMESPACES:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_portal_url_has_a_row() -> None:
    in_matrix = {row.name for row in MATRIX if row.name.split(":")[0] in OUR_NAMESPACES}
    missing = _our_url_names() - in_matrix
    assert not missing, f"URLs with no row in the permission matrix: {sorted(missing)}"
    stale = in_matrix - _our_url_names()
    assert not stale, f"Rows for URLs that no longer exist: {sorted(stale)}"


def test_every_row_names_every_role() -> None:
    for row in MATRIX:
        assert set(row.expected) == set(ROLE_NAMES), row.name


# Views that may set a Cache-Control of their own without `no-store`, and why.
CACHEABLE = {
    "core:brand_css": "the configured brand colour and nothing else: public for five minutes",
}


def _ask(client: Client, row: Row, url: str, *, follow: bool) -> Any:
    send = client.post if row.method == "post" else client.get
    with override_settings(**row.settings):
        return send(url, follow=follow)


def _check(client: Client, row: Row, url: str, expected: int | str) -> str | None:
    """Ask `url` as the row says; what went wrong, or None if the answer was `expected`."""
    if expected == LOGIN:
        response = _ask(client, row, url, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        if not final.startswith(reverse("account_login")):
            return f"{url}: expected {expected}, got {response.status_code}"
    else:
        response = _ask(client, row, url, follow=row.follow)
        if response.status_code != expected:
            return f"{url}: expected {expected}, got {response.status_code}"
    # Nothing a page shows may stay in a browser's or a proxy's cache: pages, downloads
    # (CSV, evidence, PDFs, JSON) and calendar feeds alike.
    cache_control = response.get("Cache-Control", "")
    if (
        response.status_code == 200
        and row.name not in CACHEABLE
        and "no-store" not in cache_control
    ):
        return f"{url}: answered 200 with Cache-Control {cache_control!r}, without no-store"
    return None


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_permission_matrix(rich_world: World, client: Client, role: str) -> None:
    world = rich_world
    if role != "anonymous":
        client.force_login(world.user(role))
    failures = []
    for row in MATRIX:
        url = reverse(row.name, kwargs=row.kwargs(world))
        failure = _check(client, row, url, row.expected[role])
        if failure:
            failures.append(failure)
    assert not failures, f"{role}: " + "; ".join(failures)


# The roles in the world that must set up two-factor authentication (it gives each a TOTP).
MFA_ROLE_NAMES = (
    "link_officer",
    "senior_officer",
    "wellbeing_lead",
    "platform_admin",
    "other_org_lead",
)


@pytest.mark.parametrize("role", MFA_ROLE_NAMES)
def test_without_mfa_every_page_but_the_set_up_ones_sends_you_to_set_it_up(
    rich_world: World, client: Client, role: str, time_machine: Any
) -> None:
    """The same role before it has set up MFA: each row of the matrix, so a new page is
    covered without anyone remembering to, must send them to set it up, unless the
    middleware's allow-list names it (then it answers what the role's column says)."""
    time_machine.move_to(london(dt.date(2026, 11, 24)), tick=False)
    world = rich_world
    user = world.user(role)
    Authenticator.objects.filter(user=user).delete()
    assert access_for(user).requires_mfa, f"{role} does not need MFA: take it off the list"
    client.force_login(user)
    set_up = reverse("mfa_activate_totp") + "?"
    failures = []
    for row in MATRIX:
        url = reverse(row.name, kwargs=row.kwargs(world))
        if row.name in MFA_SETUP_ALLOWED:
            failure = _check(client, row, url, row.expected[role])
        else:
            response = _ask(client, row, url, follow=False)
            location = response.get("Location", "")
            failure = (
                None
                if response.status_code == 302 and location.startswith(set_up)
                else f"{url}: expected the MFA set-up page, got {response.status_code} {location}"
            )
        if failure:
            failures.append(failure)
    assert not failures, f"{role} without MFA: " + "; ".join(failures)


def test_every_role_that_needs_mfa_is_asked_without_it(world: World) -> None:
    people = [role for role in ROLE_NAMES if role != "anonymous"]
    needs_mfa = {role for role in people if access_for(world.user(role)).requires_mfa}
    assert needs_mfa == set(MFA_ROLE_NAMES)


def test_the_mfa_allow_list_names_pages_that_exist() -> None:
    for name in MFA_SETUP_ALLOWED:
        assert reverse(name)
