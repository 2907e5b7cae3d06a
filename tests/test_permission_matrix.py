"""Every URL of the portal × every role → the answer it must get.

A URL added without a row here fails `test_every_portal_url_has_a_row`. "login" means a
redirect to the sign-in page; 404 is what an object outside your scope answers (never
403, which would say that it exists).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import ROLE_NAMES, World

LOGIN = "login"
# Namespaces that are ours; allauth's and the admin's own URLs are covered by their
# libraries, with the entry points we rely on listed as extra rows below.
OUR_NAMESPACES = ("core", "people", "charters", "surveys", "inspections", "support_directory")


@dataclass(frozen=True)
class Row:
    name: str
    expected: dict[str, int | str]
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    follow: bool = False  # judge the answer at the end of any redirects


def everyone(answer: int | str, **overrides: int | str) -> dict[str, int | str]:
    return {role: overrides.get(role, answer) for role in ROLE_NAMES}


def signed_in(answer: int | str, **overrides: int | str) -> dict[str, int | str]:
    return everyone(answer, anonymous=LOGIN, **overrides)


MATRIX = (
    Row("core:home", everyone(200)),
    Row("core:accessibility", everyone(200)),
    Row("core:privacy", everyone(200)),
    Row("core:brand_css", everyone(200)),
    Row("core:health", everyone(200)),
    Row("core:demo_mailbox", everyone(404)),  # only exists in the demo
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


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_permission_matrix(world: World, client: Any, role: str) -> None:
    if role != "anonymous":
        client.force_login(world.user(role))
    failures = []
    for row in MATRIX:
        url = reverse(row.name, kwargs=row.kwargs(world))
        expected = row.expected[role]
        if expected == LOGIN:
            response = client.get(url, follow=True)
            final = response.redirect_chain[-1][0] if response.redirect_chain else url
            ok = final.startswith(reverse("account_login"))
        else:
            response = client.get(url, follow=row.follow)
            ok = response.status_code == expected
        if not ok:
            failures.append(f"{url}: expected {expected}, got {response.status_code}")
    assert not failures, f"{role}: " + "; ".join(failures)
