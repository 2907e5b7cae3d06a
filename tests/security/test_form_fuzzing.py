"""Every form's inputs fuzzed with hypothesis: whatever is typed (or tampered with),
the answer is never a server error, and a rejected submission stores nothing.

Each case is a page with a form, the person who may use it, and the URL's arguments.
The fields are read from the page itself, so a field added later is fuzzed too."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import World

pytestmark = pytest.mark.django_db

FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', re.I)
AWKWARD = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "99999999999999999999",
        "2026-13-45",
        "9999-12-31",
        "2026-11-23T25:61",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "\x00",
        "ü" * 400,
        "on",
        "1.5",
    ]
)
VALUE = st.one_of(AWKWARD, st.text(max_size=60))

Kwargs = Callable[[World], dict[str, Any]]
CASES: list[tuple[str, str, Kwargs]] = [
    ("headteacher", "inspections:notify", lambda w: {}),
    ("link_officer", "inspections:contact_new", lambda w: {"pk": w.services["inspection"].pk}),
    ("headteacher", "inspections:concern_new", lambda w: {"pk": w.services["inspection"].pk}),
    ("headteacher", "inspections:dates", lambda w: {"pk": w.services["inspection"].pk}),
    ("headteacher", "inspections:details", lambda w: {"pk": w.services["inspection"].pk}),
    ("headteacher", "inspections:request_new", lambda w: {"pk": w.services["inspection"].pk}),
    ("headteacher", "inspections:outcome", lambda w: {"pk": w.services["inspection"].pk}),
    ("wellbeing_lead", "inspections:protocol", lambda w: {"slug": w.trust.slug}),
    ("wellbeing_lead", "inspections:guidance", lambda w: {"slug": w.trust.slug}),
    ("wellbeing_lead", "support_directory:service_add", lambda w: {"slug": w.trust.slug}),
    ("headteacher", "support_directory:buddy_profile", lambda w: {}),
    ("wellbeing_lead", "surveys:wave_create", lambda w: {"slug": w.trust.slug}),
    ("wellbeing_lead", "charters:signatory_add", lambda w: {"pk": w.charters["charter"].pk}),
    ("governor", "reports:new", lambda w: {}),
]

# Our apps' tables: a rejected submission must leave every one as it was.
OUR_APPS = ("inspections", "support_directory", "surveys", "charters", "reports", "people")


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for app in OUR_APPS
        for m in apps.get_app_config(app).get_models()
    }


@pytest.mark.parametrize(("role", "name", "kwargs"), CASES, ids=[c[1] for c in CASES])
def test_no_input_breaks_a_form(
    rich_world: World, client: Any, role: str, name: str, kwargs: Kwargs
) -> None:
    url = reverse(name, kwargs=kwargs(rich_world))
    client.force_login(rich_world.user(role))
    page = client.get(url)
    assert page.status_code == 200
    fields = sorted(set(FIELD.findall(page.content.decode())) - {"csrfmiddlewaretoken"})
    assert fields, f"{name} shows no form"

    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({field: VALUE for field in fields}))
    def submit(data: dict[str, str]) -> None:
        before = _counts()
        response = client.post(url, data)
        assert response.status_code < 500, (name, data)
        if response.status_code != 302:  # rejected: nothing stored
            assert _counts() == before, (name, data)

    submit()
