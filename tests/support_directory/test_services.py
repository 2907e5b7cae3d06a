"""The support directory: who sees which service, search on both databases, and strict input."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from support_directory import selectors, services
from support_directory.models import Service
from wellbeing_portal.core.csv_import import ImportRejected

from ..conftest import World

pytestmark = pytest.mark.django_db


def _service(name: str, description: str, **fields: object) -> Service:
    defaults: dict[str, object] = {"kind": "helpline", "phone": "0800 111 222", "scope": "national"}
    return Service.objects.create(name=name, description=description, **{**defaults, **fields})


@pytest.fixture
def mindful(db: None) -> tuple[Service, Service, Service]:
    by_name = _service("Mindful Leaders Network", "A peer group for heads.")
    by_text = _service("Calm Line", "Talk to someone with a mindful, unhurried approach.")
    neither = _service("Money Advice", "Help with debts and budgeting.")
    return by_name, by_text, neither


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_full_text_search_ranks_a_name_match_above_a_description_match(
    world: World, mindful
) -> None:
    by_name, by_text, _ = mindful
    found = list(
        selectors.service_search(
            user=world.user("staff"), filters=selectors.Filters(query="mindful")
        )
    )
    assert found == [by_name, by_text]


def test_full_text_search_understands_word_forms(world: World, mindful) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL full-text search")
    found = selectors.service_search(
        user=world.user("staff"), filters=selectors.Filters(query="budgets")
    )
    assert [s.name for s in found] == ["Money Advice"]


def test_the_fallback_finds_the_same_services_with_names_first(world: World, mindful) -> None:
    by_name, by_text, _ = mindful
    filters = selectors.Filters(query="mindful")
    fallback = list(
        selectors.service_search(user=world.user("staff"), filters=filters, full_text=False)
    )
    assert fallback == [by_name, by_text]
    if connection.vendor == "postgresql":
        full = selectors.service_search(user=world.user("staff"), filters=filters, full_text=True)
        assert set(full) == set(fallback)


def test_filters_narrow_the_results(world: World, mindful) -> None:
    _service("Heads' coaching", "Coaching.", kind="coaching", audience="heads", domains=",purpose,")
    user = world.user("staff")
    assert [
        s.name
        for s in selectors.service_search(user=user, filters=selectors.Filters(kind="coaching"))
    ] == ["Heads' coaching"]
    assert [
        s.name
        for s in selectors.service_search(user=user, filters=selectors.Filters(domain="purpose"))
    ] == ["Heads' coaching"]
    assert [
        s.name
        for s in selectors.service_search(user=user, filters=selectors.Filters(audience="heads"))
    ] == ["Heads' coaching"]


def test_people_see_national_their_organisations_and_their_schools_services(world: World) -> None:
    national = _service("National", "x")
    ours = _service("Ours", "x", scope="organisation", organisation=world.trust)
    our_school = _service(
        "Our school", "x", scope="school", organisation=world.trust, school=world.school
    )
    sibling = _service(
        "Sibling school", "x", scope="school", organisation=world.trust, school=world.sibling_school
    )
    theirs = _service("Theirs", "x", scope="organisation", organisation=world.other_trust)
    assert set(selectors.services_visible_to(world.user("staff"))) == {national, ours, our_school}
    assert set(selectors.services_visible_to(world.user("senior_officer"))) == {
        national,
        ours,
        our_school,
        sibling,
    }
    assert set(selectors.services_visible_to(world.user("other_org_lead"))) == {national, theirs}


def test_crisis_services_show_on_every_directory_page(world: World, client) -> None:
    _service("Crisis Line", "x", is_crisis=True, phone="116 123")
    ours = _service("Ours", "x", scope="organisation", organisation=world.trust)
    client.force_login(world.user("staff"))
    for url in (
        reverse("support_directory:index"),
        reverse("support_directory:service", kwargs={"pk": ours.pk}),
    ):
        page = client.get(url).content.decode()
        assert "If you need help now" in page
        assert "Crisis Line" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "call me maybe", "UK phone number"),
        ("url", "not a url", "valid URL"),
        ("email", "nobody@", "valid email"),
    ],
)
def test_bad_contact_details_are_refused_and_nothing_stored(
    world: World, field: str, value: str, message: str
) -> None:
    data: dict[str, Any] = {
        "name": "New service",
        "kind": "helpline",
        "audience": "all_staff",
        "description": "x",
        "phone": "0800 111 222",
        field: value,
    }
    with pytest.raises(ValidationError, match=message):
        services.service_save(organisation=world.trust, school=None, **data, domains=[])
    assert not Service.objects.exists()


def test_a_service_needs_a_way_to_reach_it(world: World) -> None:
    data: dict[str, Any] = {
        "name": "Unreachable",
        "kind": "helpline",
        "audience": "all_staff",
        "description": "x",
    }
    with pytest.raises(ValidationError, match="at least one way"):
        services.service_save(organisation=world.trust, school=None, **data, domains=[])


def test_the_lead_adds_a_service_in_the_portal(world: World, client) -> None:
    client.force_login(world.user("wellbeing_lead"))
    response = client.post(
        reverse("support_directory:service_add", kwargs={"slug": world.trust.slug}),
        {
            "name": "Staff yoga",
            "kind": "resource",
            "audience": "all_staff",
            "description": "Weekly.",
            "url": "https://example.org/yoga",
            "domains_list": ["health"],
            "school": world.school.pk,
        },
    )
    assert response.status_code == 302
    service = Service.objects.get(name="Staff yoga")
    assert (service.scope, service.school, service.domains) == ("school", world.school, ",health,")


def test_a_lead_cannot_put_a_service_in_another_organisations_school(world: World) -> None:
    data: dict[str, Any] = {
        "name": "Sneaky",
        "kind": "resource",
        "audience": "all_staff",
        "description": "x",
        "url": "https://example.org",
    }
    with pytest.raises(ValidationError, match="your organisation"):
        services.service_save(
            organisation=world.trust, school=world.other_school, **data, domains=[]
        )
    assert not Service.objects.exists()


GOOD_CSV = (
    "name,kind,description,phone,audience,commissioned,crisis,domains,school_urn\n"
    "Trust EAP,employee_assistance,Counselling and advice,01632 960 111,all_staff,yes,no,health;security,\n"
    "Alpha buddies,peer_network,Peer support,01632 960 222,heads,no,no,relationships,100001\n"
)


def test_services_import_all_rows(world: World) -> None:
    assert (
        services.services_import(organisation=world.trust, file=io.BytesIO(GOOD_CSV.encode())) == 2
    )
    eap = Service.objects.get(name="Trust EAP")
    assert (eap.scope, eap.commissioned, eap.domains) == ("organisation", True, ",health,security,")
    assert Service.objects.get(name="Alpha buddies").school == world.school


def test_a_bad_row_imports_nothing_and_names_line_and_field(world: World) -> None:
    bad = GOOD_CSV + "Broken,teleportation,x,not a phone,all_staff,no,no,joy,999999\n"
    with pytest.raises(ImportRejected) as error:
        services.services_import(organisation=world.trust, file=io.BytesIO(bad.encode()))
    [problem] = error.value.problems
    assert problem.line == 4
    assert "'teleportation' is not a kind of service" in problem.message
    assert "No school with URN '999999'" in problem.message
    assert not Service.objects.exists()


def test_an_invalid_phone_in_the_import_is_named(world: World) -> None:
    bad = "name,kind,description,phone\nX,helpline,y,call me\n"
    with pytest.raises(ImportRejected) as error:
        services.services_import(organisation=world.trust, file=io.BytesIO(bad.encode()))
    assert "phone: Enter a UK phone number" in error.value.problems[0].message


def test_a_cell_too_long_for_csv_is_a_listed_problem(world: World) -> None:
    bad = b'name,kind,description,phone\nX,helpline,"' + b"y" * 200_000 + b'",0800 111 222\n'
    with pytest.raises(ImportRejected) as error:
        services.services_import(organisation=world.trust, file=io.BytesIO(bad))
    [problem] = error.value.problems
    assert problem.line == 2 and "not valid CSV" in problem.message
    assert not Service.objects.exists()


def test_over_long_fields_are_named_and_nothing_stored(world: World, client) -> None:
    bad = (
        "name,kind,description,phone,hours\n"
        f"{'N' * 201},helpline,y,0800 111 222,{'h' * 201}\n"
        '=HYPERLINK("http://x"),helpline,y,0800 111 222,\n'
    )
    client.force_login(world.user("wellbeing_lead"))
    response = client.post(
        reverse("support_directory:service_import", kwargs={"slug": world.trust.slug}),
        {"file": SimpleUploadedFile("services.csv", bad.encode())},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "name: Ensure this value has at most 200 characters" in page
    assert "hours: Ensure this value has at most 200 characters" in page
    assert not Service.objects.exists()
