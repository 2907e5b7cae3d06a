"""Charters: adoption, versions that keep history, progress that survives a new version,
reminders that fire once at the right time, and bad input that changes nothing."""

from __future__ import annotations

import datetime as dt
import functools
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from charters import selectors, services
from charters.models import (
    Action,
    Charter,
    CharterVersion,
    Commitment,
    Evidence,
    Pledge,
    ProgressStatus,
    Signatory,
)
from charters.template_data import template_by_key
from wellbeing_portal.outbox.models import OutboxEmail

from ..conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

TODAY = dt.date(2026, 11, 23)


def _adopt(world: World, key: str = "education-staff-wellbeing") -> Charter:
    return services.charter_adopt(
        organisation=world.trust,
        template_key=key,
        adopted_on=dt.date(2026, 9, 1),
        review_on=dt.date(2027, 9, 1),
        adopted_by=world.user("wellbeing_lead"),
    )


def test_adopting_copies_the_templates_commitments_in_order(world: World) -> None:
    charter = _adopt(world)
    version = charter.versions.get()
    template = template_by_key("education-staff-wellbeing")
    assert version.status == CharterVersion.Status.ADOPTED
    assert list(version.commitments.values_list("key", flat=True)) == [
        c.key for c in template.commitments
    ]
    first = version.commitments.first()
    assert first is not None
    assert first.domains == list(template.commitments[0].domains)


def test_the_same_charter_cannot_be_adopted_twice(world: World) -> None:
    _adopt(world)
    with pytest.raises(ValidationError, match="already adopted"):
        _adopt(world)
    assert Charter.objects.count() == 1


def test_a_review_date_before_adoption_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="after the adoption date"):
        services.charter_adopt(
            organisation=world.trust,
            template_key="education-staff-wellbeing",
            adopted_on=dt.date(2026, 9, 1),
            review_on=dt.date(2026, 8, 1),
            adopted_by=None,
        )
    assert not Charter.objects.exists()


def test_a_new_version_keeps_the_earlier_one_word_for_word(world: World) -> None:
    charter = _adopt(world)
    v1 = charter.versions.get()
    original = list(v1.commitments.values_list("key", "title"))
    draft = services.charter_version_start(charter=charter, started_by=None)
    first = draft.commitments.order_by("position").first()
    assert first is not None
    services.commitment_update(
        commitment=first, title="Put staff mental health first", description=""
    )
    services.commitment_add(
        version=draft, title="A quiet room in every school", description="", domains=["environment"]
    )
    services.charter_version_adopt(
        version=draft, adopted_on=TODAY, review_on=TODAY + dt.timedelta(days=365), note="Reviewed"
    )
    v1.refresh_from_db()
    assert v1.status == CharterVersion.Status.SUPERSEDED
    assert list(v1.commitments.values_list("key", "title")) == original
    current = selectors.version_current(charter)
    assert current is not None
    assert current.number == 2
    assert current.commitments.filter(title="Put staff mental health first").exists()
    assert current.commitments.filter(key="a-quiet-room-in-every-school").exists()


def test_an_adopted_version_cannot_be_edited_in_place(world: World) -> None:
    charter = _adopt(world)
    commitment = charter.versions.get().commitments.first()
    assert commitment is not None
    with pytest.raises(ValidationError, match="Only a draft"):
        services.commitment_update(commitment=commitment, title="Changed", description="")


def _adopt_draft(charter: Charter, adopted_on: dt.date) -> CharterVersion:
    draft = services.charter_version_start(charter=charter, started_by=None)
    return services.charter_version_adopt(
        version=draft, adopted_on=adopted_on, review_on=adopted_on.replace(year=2027), note=""
    )


def test_a_superseded_version_is_read_only_even_through_a_copy_held_while_it_was_a_draft(
    world: World, time_machine
) -> None:
    """SPEC §8: a superseded version keeps its commitments as they were adopted. The
    services read the version's status from the database, so a copy loaded while the
    version was still a draft (a form open in another tab) cannot change it either."""
    time_machine.move_to(dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC), tick=False)
    charter = _adopt(world)
    draft = services.charter_version_start(charter=charter, started_by=None)
    held = CharterVersion.objects.get(pk=draft.pk)  # a copy, loaded while a draft
    held_commitments = list(held.commitments.order_by("position"))
    services.charter_version_adopt(
        version=draft, adopted_on=dt.date(2026, 10, 1), review_on=dt.date(2027, 10, 1), note=""
    )
    _adopt_draft(charter, dt.date(2026, 11, 1))  # version 2 is superseded by version 3
    v1, v2 = charter.versions.get(number=1), charter.versions.get(number=2)
    assert v1.status == v2.status == CharterVersion.Status.SUPERSEDED
    assert held.status == CharterVersion.Status.DRAFT  # what the old copy still says
    fresh = list(v1.commitments.order_by("position"))

    def snapshot() -> list[object]:
        return list(Commitment.objects.filter(version__in=[v1, v2]).order_by("pk").values())

    before = snapshot()
    for version, commitments in ((v1, fresh), (held, held_commitments)):
        attempts = {
            "reword": lambda c=commitments: services.commitment_update(
                commitment=c[0], title="Changed", description="Changed"
            ),
            "move down": lambda c=commitments: services.commitment_move(commitment=c[0], up=False),
            "move up": lambda c=commitments: services.commitment_move(commitment=c[1], up=True),
            "add": lambda v=version: services.commitment_add(
                version=v, title="A late addition", description="", domains=["health"]
            ),
            "remove": lambda c=commitments: services.commitment_remove(commitment=c[-1]),
            "adopt again": lambda v=version: services.charter_version_adopt(
                version=v, adopted_on=dt.date(2026, 11, 2), review_on=dt.date(2027, 11, 2), note=""
            ),
        }
        for name, attempt in attempts.items():
            with pytest.raises(ValidationError, match="has been superseded") as refused:
                attempt()
            assert f"Version {version.number} " in str(refused.value), name
            assert snapshot() == before, name
    assert charter.versions.get(status=CharterVersion.Status.ADOPTED).number == 3


def test_a_superseded_version_cannot_be_signed(world: World, time_machine) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC), tick=False)
    charter = _adopt(world)
    first = charter.versions.get()
    _adopt_draft(charter, dt.date(2026, 11, 1))
    with pytest.raises(ValidationError, match="superseded: sign the adopted one"):
        services.signatory_add(
            version=first,  # the copy still says "adopted"
            organisation_name="Trust A",
            signer_name="Jo Chief",
            signer_role="Chief executive",
            signed_on=dt.date(2026, 11, 2),
        )
    assert not Signatory.objects.exists()


def test_progress_survives_a_new_version_for_kept_commitments(world: World) -> None:
    charter = _adopt(world)
    keys = list(charter.versions.get().commitments.values_list("key", flat=True))
    kept, removed = keys[0], keys[1]
    for key in (kept, removed):
        services.progress_update(
            charter=charter,
            school=world.school,
            commitment_key=key,
            status=ProgressStatus.EMBEDDED,
            owner=world.user("headteacher"),
            reviewed=True,
        )
    draft = services.charter_version_start(charter=charter, started_by=None)
    services.commitment_remove(commitment=draft.commitments.get(key=removed))
    services.commitment_update(
        commitment=draft.commitments.get(key=kept), title="Reworded", description=""
    )
    added = services.commitment_add(
        version=draft, title="Something new", description="", domains=["health"]
    )
    services.charter_version_adopt(
        version=draft, adopted_on=TODAY, review_on=TODAY.replace(year=2027), note=""
    )

    rows = {
        r.commitment.key: r
        for r in selectors.school_progress(charter=charter, school=world.school).rows
    }
    assert rows[kept].status == ProgressStatus.EMBEDDED
    assert rows[kept].commitment.title == "Reworded"
    assert removed not in rows
    assert rows[added.key].status == ProgressStatus.NOT_STARTED


def _reminders_on(day: dt.date) -> list[str]:
    with time_machine.travel(dt.datetime.combine(day, dt.time(6, 30), tzinfo=dt.UTC), tick=False):
        services.charter_reminders_queue()
    return sorted(OutboxEmail.objects.values_list("kind", flat=True))


def test_action_reminders_fire_once_each_at_the_right_time(world: World) -> None:
    charter = _adopt(world)
    with time_machine.travel(dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC), tick=False):
        services.action_create(
            charter=charter,
            school=world.school,
            commitment_key="staff-voice",
            title="Write the policy",
            owner=world.user("headteacher"),
            due_on=dt.date(2026, 11, 20),
        )
    assert _reminders_on(dt.date(2026, 11, 16)) == []  # 4 days before: not yet
    assert _reminders_on(dt.date(2026, 11, 17)) == ["charters.action_due_soon"]
    assert _reminders_on(dt.date(2026, 11, 18)) == ["charters.action_due_soon"]  # not again
    assert _reminders_on(dt.date(2026, 11, 20)) == [
        "charters.action_due_soon"
    ]  # due today: not overdue
    assert _reminders_on(dt.date(2026, 11, 21)) == [
        "charters.action_due_soon",
        "charters.action_overdue",
    ]
    assert _reminders_on(dt.date(2026, 11, 25)) == [
        "charters.action_due_soon",
        "charters.action_overdue",
    ]
    overdue = OutboxEmail.objects.get(kind="charters.action_overdue")
    assert overdue.to_email == world.user("headteacher").email
    assert overdue.due_at.date() == dt.date(2026, 11, 21)


def test_a_done_action_is_not_chased(world: World) -> None:
    charter = _adopt(world)
    with time_machine.travel(dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC), tick=False):
        action = services.action_create(
            charter=charter,
            school=world.school,
            commitment_key="staff-voice",
            title="Done early",
            owner=world.user("headteacher"),
            due_on=dt.date(2026, 11, 20),
        )
        services.action_complete(action=action)
    assert _reminders_on(dt.date(2026, 11, 25)) == []


def test_review_reminders_go_to_the_lead_30_and_7_days_before(world: World) -> None:
    services.charter_adopt(
        organisation=world.trust,
        template_key="education-staff-wellbeing",
        adopted_on=dt.date(2025, 12, 1),
        review_on=dt.date(2026, 12, 31),
        adopted_by=None,
    )
    assert _reminders_on(dt.date(2026, 11, 30)) == []
    assert _reminders_on(dt.date(2026, 12, 1)) == ["charters.review_due"]
    assert _reminders_on(dt.date(2026, 12, 20)) == ["charters.review_due"]
    assert _reminders_on(dt.date(2026, 12, 24)) == ["charters.review_due", "charters.review_due"]
    assert set(OutboxEmail.objects.values_list("to_email", flat=True)) == {
        world.user("wellbeing_lead").email
    }


def test_an_action_due_before_it_was_created_is_refused_everywhere(world: World) -> None:
    charter = _adopt(world)
    with pytest.raises(ValidationError, match="past"):
        services.action_create(
            charter=charter,
            school=world.school,
            commitment_key="x",
            title="Late",
            owner=None,
            due_on=dt.date(2020, 1, 1),
        )
    assert not Action.objects.exists()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Action.objects.create(
            charter=charter,
            school=world.school,
            commitment_key="x",
            title="Bypass",
            created_on=TODAY,
            due_on=TODAY - dt.timedelta(days=1),
        )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", b"MZ\x90\x00 this is a Windows program", "not a real .pdf"),
        ("plan.docx", b"%PDF-1.7 a pdf pretending", "not a real .docx"),
        ("plan.exe", b"MZ\x90\x00", "must be one of these types"),
        ("big.pdf", b"%PDF-1.7" + b"0" * (10 * 1024 * 1024), "smaller than 10 MB"),
        ("notes.txt", b"", "empty"),
    ],
)
def test_bad_evidence_files_are_refused_and_nothing_is_stored(
    world: World, settings, tmp_path, name: str, content: bytes, message: str
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    charter = _adopt(world)
    with pytest.raises(ValidationError, match=message):
        services.evidence_add(
            charter=charter,
            school=world.school,
            commitment_key="x",
            added_by=world.user("headteacher"),
            file=io.BytesIO(content),
            file_name=name,
        )
    assert not Evidence.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_real_pdf_is_stored_through_the_storage_api(world: World, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    charter = _adopt(world)
    evidence = services.evidence_add(
        charter=charter,
        school=world.school,
        commitment_key="x",
        added_by=world.user("headteacher"),
        file=io.BytesIO(b"%PDF-1.7\n%%EOF"),
        file_name="minutes.pdf",
    )
    assert evidence.kind == Evidence.Kind.FILE
    assert evidence.file_type == "application/pdf"
    assert evidence.file_size == len(b"%PDF-1.7\n%%EOF")
    assert evidence.file.storage.exists(evidence.file.name)


def test_evidence_is_a_note_a_link_or_a_file_and_a_note_may_say_what_it_shows(
    world: World, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    charter = _adopt(world)
    add = functools.partial(
        services.evidence_add,
        charter=charter,
        school=world.school,
        commitment_key="x",
        added_by=world.user("headteacher"),
    )
    with pytest.raises(ValidationError, match="Give a note, a link or a file"):
        add(note="   ")
    with pytest.raises(ValidationError, match="not both"):
        add(url="https://example.org", file=io.BytesIO(b"%PDF-1.7\n%%EOF"), file_name="a.pdf")
    with pytest.raises(ValidationError):
        add(url="javascript:alert(1)")
    assert not Evidence.objects.exists()

    link = add(note="The minutes of the May meeting.", url="https://example.org/minutes")
    assert (link.kind, link.url, link.note) == (
        "link",
        "https://example.org/minutes",
        "The minutes of the May meeting.",
    )
    file = add(note="Survey action plan", file=io.BytesIO(b"%PDF-1.7\n%%EOF"), file_name="plan.pdf")
    assert (file.kind, file.note) == ("file", "Survey action plan")
    note = add(note="Staff room refurbished in March.")
    assert (note.kind, note.url, note.file.name) == ("note", "", "")


def test_pledges_are_counted_once_and_names_never_shown(world: World, client) -> None:
    charter = _adopt(world, "residential-workforce")
    pledge_key = (
        charter.versions.get().commitments.filter(kind="pledge").values_list("key", flat=True)[0]
    )
    for _ in range(2):
        services.pledge_sign(charter=charter, commitment_key=pledge_key, user=world.user("staff"))
    assert Pledge.objects.count() == 1
    with pytest.raises(ValidationError):
        services.pledge_sign(
            charter=charter, commitment_key="not-a-pledge", user=world.user("staff")
        )
    client.force_login(world.user("headteacher"))
    page = client.get(reverse("charters:pledges", kwargs={"pk": charter.pk})).content.decode()
    assert "Signed by 1 person" in page
    assert world.user("staff").full_name not in page


def test_the_public_page_shows_the_charter_and_signatories_and_nothing_private(
    world: World, client
) -> None:
    charter = _adopt(world)
    version = charter.versions.get()
    services.signatory_add(
        version=version,
        organisation_name="Trust A",
        signer_name="Jo Chief",
        signer_role="Chief executive",
        signed_on=dt.date(2026, 9, 1),
    )
    key = version.commitments.values_list("key", flat=True)[0]
    services.progress_update(
        charter=charter,
        school=world.school,
        commitment_key=key,
        status=ProgressStatus.EMBEDDED,
        owner=world.user("headteacher"),
        reviewed=True,
    )
    services.action_create(
        charter=charter,
        school=world.school,
        commitment_key=key,
        title="Secret internal action",
        owner=world.user("headteacher"),
        due_on=dt.date(2030, 1, 1),
    )
    page = client.get(reverse("charters:public", kwargs={"pk": charter.pk})).content.decode()
    assert "Jo Chief, Chief executive" in page
    assert version.commitments.get(key=key).title in page
    for private in (
        "Secret internal action",
        "Embedded",
        world.school.name,
        world.user("headteacher").full_name,
    ):
        assert private not in page


def test_staff_cannot_change_progress_and_governors_only_read(world: World, client) -> None:
    charter = _adopt(world)
    key = charter.versions.get().commitments.values_list("key", flat=True)[0]
    url = reverse(
        "charters:commitment", kwargs={"pk": charter.pk, "school_pk": world.school.pk, "key": key}
    )
    data = {"form": "progress", "progress-status": "embedded"}
    client.force_login(world.user("staff"))
    assert client.post(url, data).status_code == 404
    client.force_login(world.user("governor"))
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 404
    client.force_login(world.user("wellbeing_champion"))
    assert client.post(url, data).status_code == 302
    assert (
        selectors.school_progress(charter=charter, school=world.school).rows[0].status == "embedded"
    )


def test_the_school_page_runs_a_bounded_number_of_queries(world: World, client) -> None:
    charter = _adopt(world)
    client.force_login(world.user("headteacher"))
    url = reverse("charters:school", kwargs={"pk": charter.pk, "school_pk": world.school.pk})
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for key in charter.versions.get().commitments.values_list("key", flat=True):
        services.progress_update(
            charter=charter,
            school=world.school,
            commitment_key=key,
            status="planned",
            owner=world.user("headteacher"),
            reviewed=False,
        )
        services.action_create(
            charter=charter,
            school=world.school,
            commitment_key=key,
            title="Do it",
            owner=None,
            due_on=dt.date(2030, 1, 1),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few), "the page's queries grow with the data"


def test_a_new_commitment_never_takes_over_a_removed_ones_history(world: World) -> None:
    charter = _adopt(world)
    draft = services.charter_version_start(charter=charter, started_by=None)
    services.commitment_remove(commitment=draft.commitments.get(key="staff-voice"))
    added = services.commitment_add(
        version=draft, title="Staff voice", description="", domains=["purpose"]
    )
    assert added.key == "staff-voice-2"


def test_actions_on_a_removed_commitment_are_not_chased_or_shown(world: World) -> None:
    charter = _adopt(world)
    with time_machine.travel(dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC), tick=False):
        services.action_create(
            charter=charter,
            school=world.school,
            commitment_key="staff-voice",
            title="Forum",
            owner=world.user("headteacher"),
            due_on=dt.date(2026, 11, 20),
            for_staff=True,
            staff_summary="You said, we did.",
        )
        draft = services.charter_version_start(charter=charter, started_by=None)
        services.commitment_remove(commitment=draft.commitments.get(key="staff-voice"))
        services.charter_version_adopt(
            version=draft, adopted_on=dt.date(2026, 11, 1), review_on=dt.date(2027, 11, 1), note=""
        )
    assert _reminders_on(dt.date(2026, 11, 25)) == []
    assert not selectors.actions_for_staff(school=world.school).exists()


def test_only_people_with_a_school_role_sign_pledges(world: World, client) -> None:
    charter = _adopt(world, "residential-workforce")
    key = charter.versions.get().commitments.filter(kind="pledge").values_list("key", flat=True)[0]
    url = reverse("charters:pledges", kwargs={"pk": charter.pk})
    client.force_login(world.user("senior_officer"))
    assert client.post(url, {"commitment_key": key}).status_code == 404
    client.force_login(world.user("staff"))
    assert client.post(url, {"commitment_key": key}).status_code == 302
    assert Pledge.objects.count() == 1


def test_the_grid_shows_checklist_items_too(world: World) -> None:
    charter = _adopt(world, "whole-school-leadership")
    grid = selectors.organisation_grid(user=world.user("wellbeing_lead"), charter=charter)
    assert len(grid.commitments) == charter.versions.get().commitments.count()


def test_a_governor_elsewhere_can_still_own_actions_at_their_own_school(world: World) -> None:
    head = world.user("headteacher")
    from wellbeing_portal.people.services import membership_create

    membership_create(user=head, role="governor", school=world.sibling_school)
    assert head in selectors.school_people(school=world.school)
    assert world.user("governor") not in selectors.school_people(school=world.school)


def test_the_evidence_form_takes_a_note_with_a_file_and_says_when_to_choose_it_again() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
    from django.utils.datastructures import MultiValueDict

    from charters.forms import EvidenceForm

    def upload() -> MultiValueDict[str, UploadedFile]:
        return MultiValueDict(
            {"file": [SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n%%EOF", "application/pdf")]}
        )

    assert EvidenceForm({"note": "Our action plan"}, upload()).is_valid()
    both = EvidenceForm({"url": "https://example.org"}, upload())
    assert not both.is_valid()
    assert "Choose the file again" in str(both.non_field_errors())
    assert not EvidenceForm({}, MultiValueDict()).is_valid()
