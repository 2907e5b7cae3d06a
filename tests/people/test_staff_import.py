"""The staff CSV import: all rows or none, with every problem named by its line."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wellbeing_portal.core.csv_import import ImportRejected
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.people.models import Membership, Role, User
from wellbeing_portal.people.services import staff_import

from ..conftest import World

pytestmark = pytest.mark.django_db

GOOD = (
    "name,email,school_urn,role\n"
    "Asha Green,asha.green@example.org,100001,staff\n"
    "Bo Li,BO.LI@example.org,100002,Governor\n"
    "Cat Ng,cat.ng@example.org,100001,wellbeing_champion\n"
)


def _import(world: World, text: str | bytes, by: str = "wellbeing_lead"):
    data = text.encode() if isinstance(text, str) else text
    return staff_import(organisation=world.trust, file=io.BytesIO(data), imported_by=world.user(by))


def _problems(world: World, text: str | bytes, by: str = "wellbeing_lead") -> list[tuple[int, str]]:
    before = (User.objects.count(), Membership.objects.count(), OutboxEmail.objects.count())
    with pytest.raises(ImportRejected) as error:
        _import(world, text, by)
    after = (User.objects.count(), Membership.objects.count(), OutboxEmail.objects.count())
    assert after == before, "a rejected file must change nothing"
    return [(p.line, p.message) for p in error.value.problems]


def test_a_good_file_creates_people_roles_and_welcome_emails(world: World) -> None:
    result = _import(world, GOOD)
    assert (result.people_created, result.roles_added, result.unchanged) == (3, 3, 0)
    bo = User.objects.get(email="bo.li@example.org")
    assert bo.memberships.get().role == Role.GOVERNOR
    assert bo.memberships.get().school == world.sibling_school
    assert not bo.has_usable_password()
    welcome = OutboxEmail.objects.get(to_email="bo.li@example.org")
    assert welcome.kind == "people.welcome"
    assert "/accounts/password/reset/key/" in welcome.body_text


def test_the_welcome_link_lets_a_new_person_choose_their_password(world: World, client) -> None:
    _import(world, GOOD)
    body = OutboxEmail.objects.get(to_email="asha.green@example.org").body_text
    link = next(line for line in body.splitlines() if "/password/reset/key/" in line)
    path = link.replace("http://testserver", "")
    page = client.get(path, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    response = client.post(
        form_url, {"password1": "a-long-new-passphrase", "password2": "a-long-new-passphrase"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="asha.green@example.org").check_password("a-long-new-passphrase")


def test_importing_again_adds_nothing_and_says_so(world: World) -> None:
    _import(world, GOOD)
    again = _import(world, GOOD)
    assert (again.people_created, again.roles_added, again.unchanged) == (0, 0, 3)
    assert OutboxEmail.objects.filter(kind="people.welcome").count() == 3


def test_an_existing_person_gets_the_new_role_without_a_new_account(world: World) -> None:
    text = f"name,email,school_urn,role\nAnyone,{world.user('staff').email},100001,governor\n"
    result = _import(world, text)
    assert (result.people_created, result.roles_added) == (0, 1)
    assert world.user("staff").memberships.filter(role=Role.GOVERNOR).exists()


def test_missing_columns_are_named(world: World) -> None:
    problems = _problems(world, "name,email\nAsha,asha@example.org\n")
    assert problems == [(1, problems[0][1])]
    assert "school_urn, role" in problems[0][1]


def test_every_bad_row_is_reported_with_its_line(world: World) -> None:
    text = (
        "name,email,school_urn,role\n"
        "Asha Green,asha@example.org,100001,staff\n"
        ",not-an-email,999999,janitor\n"
        "Gus,gus@example.org,200001,staff\n"  # a school of another trust
        "Asha Again,ASHA@example.org,100001,staff\n"
    )
    problems = dict(_problems(world, text))
    assert set(problems) == {3, 4, 5}
    assert "The name is empty" in problems[3]
    assert "'not-an-email' is not an email address" in problems[3]
    assert "No school with URN '999999'" in problems[3]
    assert "'janitor' is not a school role" in problems[3]
    assert "No school with URN '200001' belongs to Trust A" in problems[4]
    assert "asha@example.org is also on line 2" in problems[5]


def test_a_file_that_is_too_large_is_refused_before_reading_rows(world: World) -> None:
    big = GOOD.encode() + b"x" * (10 * 1024 * 1024)
    [(line, message)] = _problems(world, big)
    assert line == 0 and "larger than 2 MB" in message


def test_text_that_is_not_utf8_is_refused_with_advice(world: World) -> None:
    latin1 = "name,email,school_urn,role\nZoë Brontë,zoe@example.org,100001,staff\n".encode(
        "latin-1"
    )
    [(line, message)] = _problems(world, latin1)
    assert line == 0 and "CSV UTF-8" in message


def test_a_utf8_file_with_a_byte_order_mark_from_excel_is_fine(world: World) -> None:
    result = _import(world, "\ufeff" + GOOD.replace("Asha Green", "Zoë Brontë"))
    assert result.people_created == 3
    assert User.objects.filter(full_name="Zoë Brontë").exists()


@pytest.mark.parametrize("text", ["", "name,email,school_urn,role\n", "\n\n"])
def test_an_empty_file_is_refused(world: World, text: str) -> None:
    assert _problems(world, text)


def test_the_page_lists_problems_and_imports_nothing(world: World, client) -> None:
    client.force_login(world.user("wellbeing_lead"))
    url = reverse("people:staff_import", kwargs={"slug": world.trust.slug})
    upload = SimpleUploadedFile(
        "staff.csv", b"name,email,school_urn,role\nA,b@example.org,1,staff\n"
    )
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "No school with URN &#x27;1&#x27;" in page
    assert not User.objects.filter(email="b@example.org").exists()


def test_the_page_reports_what_was_imported(world: World, client) -> None:
    client.force_login(world.user("wellbeing_lead"))
    url = reverse("people:staff_import", kwargs={"slug": world.trust.slug})
    response = client.post(url, {"file": SimpleUploadedFile("staff.csv", GOOD.encode())})
    assert response.status_code == 200
    assert "3 new people, 3 roles added" in " ".join(response.content.decode().split())


def test_another_organisations_lead_cannot_import_into_this_one(world: World, client) -> None:
    client.force_login(world.user("other_org_lead"))
    url = reverse("people:staff_import", kwargs={"slug": world.trust.slug})
    response = client.post(url, {"file": SimpleUploadedFile("staff.csv", GOOD.encode())})
    assert response.status_code == 404
    assert not User.objects.filter(email="asha.green@example.org").exists()


def _page(world: World, client, data: bytes):
    client.force_login(world.user("wellbeing_lead"))
    url = reverse("people:staff_import", kwargs={"slug": world.trust.slug})
    before = (User.objects.count(), Membership.objects.count(), OutboxEmail.objects.count())
    response = client.post(url, {"file": SimpleUploadedFile("staff.csv", data)})
    after = (User.objects.count(), Membership.objects.count(), OutboxEmail.objects.count())
    assert after == before
    return response


def test_an_email_too_long_to_store_is_a_listed_problem(world: World, client) -> None:
    # A valid address (64-character local part, 63-character labels) of 300 characters:
    # longer than the 254 the email column holds.
    email = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".example.org"
    assert 254 < len(email) <= 320
    response = _page(
        world, client, f"name,email,school_urn,role\nA,{email},100001,staff\n".encode()
    )
    assert response.status_code == 400
    assert "is not an email address" in response.content.decode()


def test_a_cell_too_long_for_csv_is_a_listed_problem(world: World, client) -> None:
    data = b'name,email,school_urn,role\n"' + b"x" * 200_000 + b'",a@example.org,100001,staff\n'
    response = _page(world, client, data)
    assert response.status_code == 400
    assert "not valid CSV" in response.content.decode()


def test_a_column_named_twice_is_a_listed_problem(world: World) -> None:
    [(line, message)] = _problems(world, "name,email,email,school_urn,role\nA,b,c,100001,staff\n")
    assert line == 1 and "names a column twice: email" in message


def test_a_long_value_is_quoted_short_in_the_problem(world: World) -> None:
    [(line, message)] = _problems(
        world, "name,email,school_urn,role\nA,a@example.org,100001," + "r" * 5000 + "\n"
    )
    assert line == 2 and len(message) < 300


def test_a_cell_over_two_lines_names_the_line_its_row_starts_on(world: World) -> None:
    text = (
        "name,email,school_urn,role\n"
        '"Asha\nGreen",asha@example.org,100001,staff\n'
        "Bo Li,bo@example.org,999999,staff\n"
    )
    assert [line for line, _ in _problems(world, text)] == [4]


def test_the_lead_downloads_a_template_that_imports_as_it_is(world: World, client) -> None:
    client.force_login(world.user("wellbeing_lead"))
    response = client.get(
        reverse("people:staff_import_template", kwargs={"slug": world.trust.slug})
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, example = response.content.decode().splitlines()
    assert header == "name,email,school_urn,role"
    assert example == "Alex Example,alex.example@example.org,100001,staff"
    # Filled in as it comes, it is a file the import takes.
    result = _import(world, response.content)
    assert result.people_created == 1


def test_the_import_page_offers_the_template_and_names_each_schools_urn(
    world: World, client
) -> None:
    client.force_login(world.user("wellbeing_lead"))
    page = client.get(reverse("people:staff_import", kwargs={"slug": world.trust.slug}))
    html = page.content.decode()
    template = reverse("people:staff_import_template", kwargs={"slug": world.trust.slug})
    assert f'href="{template}"' in html
    assert "Alpha Primary" in html and "100001" in html
    assert "Beta Secondary" in html and "100002" in html
    assert "Gamma Primary" not in html and "200001" not in html  # another trust's school
