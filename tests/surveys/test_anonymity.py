"""Anonymity against the people who run the portal: the attacks a head, a lead, the
platform admin or whoever reads the database would try, written as tests.

Where a test measures linkage (transaction ids, row order, id order, dump order) it
asks for no better than chance: with 30 people answering in a known order, the rank
correlation between the order they answered in and any physical or id order stays
below 0.75 in absolute value. For 30 independent random orders that bound is four
standard deviations out (about 1 in 15,000), while any order that followed the
answering order, or reversed it, would be near ±1.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import uuid
from typing import Any

import pytest
from auditlog.registry import auditlog
from django.db import connection, models
from django.urls import reverse

from surveys import results, services
from surveys.models import (
    Answer,
    Comment,
    Draft,
    Invitation,
    Item,
    PendingResponse,
    Reply,
    Response,
    ResultSet,
    Survey,
    Wave,
)
from tests.clock import london
from tests.conftest import World
from tests.factories import MembershipFactory, UserFactory
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.outbox.services import outbox_send_due
from wellbeing_portal.people.models import Role, School

from .factories import TODAY, all_answers, open_wave, respond

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

ANONYMOUS_MODELS = (Response, Answer, Comment, Reply, PendingResponse, Draft, ResultSet)
# The only tables a response row may point at: none of them holds a person.
ALLOWED_TARGETS = {Wave, School, Item, Response, Comment}
FORBIDDEN_NAMES = ("ip", "user", "invitation", "email", "agent", "address", "session", "token")


@pytest.fixture(autouse=True)
def _during_the_wave(time_machine: Any) -> None:
    time_machine.move_to(london(TODAY), tick=False)


# The tables --------------------------------------------------------------------------


@pytest.mark.parametrize("model", ANONYMOUS_MODELS)
def test_response_tables_have_no_path_to_a_person(model: type[models.Model]) -> None:
    for field in model._meta.get_fields():
        if field.is_relation and (field.many_to_one or field.one_to_one) and field.concrete:
            assert field.related_model in ALLOWED_TARGETS, (
                f"{model.__name__}.{field.name} points at {field.related_model}"
            )
        if field.many_to_many and field.concrete:
            pytest.fail(f"{model.__name__}.{field.name} is a many-to-many relation")
        assert not isinstance(field, models.GenericIPAddressField), field.name
        assert not isinstance(field, models.DateTimeField | models.TimeField), (
            f"{model.__name__}.{field.name} would store a time of day"
        )
        words = set(field.name.lower().split("_"))
        assert not words & set(FORBIDDEN_NAMES), f"{model.__name__}.{field.name}"


def test_ids_are_random_and_dates_coarse() -> None:
    assert isinstance(Response._meta.pk, models.UUIDField)
    assert isinstance(PendingResponse._meta.pk, models.UUIDField)
    for model in (Answer, Comment):
        assert not isinstance(model._meta.pk, models.AutoField), model  # no sequence
        ids = [model._meta.pk.get_default() for _ in range(50)]
        assert len(set(ids)) == 50 and ids != sorted(ids)
    assert isinstance(Response._meta.get_field("submitted_on"), models.DateField)
    assert not hasattr(Invitation, "reminders_sent")  # would list who had not answered


@pytest.mark.parametrize("model", ANONYMOUS_MODELS)
def test_response_tables_are_not_audit_logged(model: type[models.Model]) -> None:
    assert not auditlog.contains(model)


def test_submitting_marks_the_invitation_and_seals_the_answers(world: World) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school])
    invitation = Invitation.objects.get(wave=wave, user=world.user("staff"))
    submitted = services.response_submit(
        invitation=invitation,
        role_group="teaching",
        answers=all_answers(wave, 4),
        comment="More time to plan, please.",
        today=TODAY,
    )
    invitation.refresh_from_db()
    assert invitation.completed
    # Nothing in the results tables yet: one sealed row, the same size as any other.
    assert not Response.objects.exists() and not Comment.objects.exists()
    pending = PendingResponse.objects.get()
    box = bytes(pending.sealed)
    assert b"More time to plan" not in box and b"teaching" not in box
    code = submitted.receipt_code.replace("-", "")
    assert services.token_hash(code).encode() not in box
    respond(wave, world.school, 1, comment="")
    assert {len(bytes(p.sealed)) for p in PendingResponse.objects.all()} == {len(box)}
    # Once written, only the hash of the receipt code is kept, not the invitation's.
    services.responses_flush(wave=wave, everything=True)
    response = Response.objects.get(receipt_hash=services.token_hash(code))
    assert isinstance(response.pk, uuid.UUID) and response.invited
    assert response.submitted_on == TODAY
    assert response.receipt_hash != invitation.token_hash
    assert not PendingResponse.objects.exists()


def test_batches_wait_for_the_threshold_of_invited_answers_at_a_school(world: World) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school, world.sibling_school])
    respond(wave, world.school, 4)
    respond(wave, world.school, 6, invited=False)  # the open link never makes a batch
    respond(wave, world.sibling_school, 5)
    assert services.responses_flush(wave=wave) == 5
    assert set(Response.objects.values_list("school_id", flat=True)) == {world.sibling_school.pk}
    respond(wave, world.school, 1)
    assert services.responses_flush(wave=wave) == 11  # five invited, with the open link's
    assert not PendingResponse.objects.exists()


# Live differencing ---------------------------------------------------------------------

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def _pages(client: Any, urls: list[str]) -> list[bytes]:
    return [CSRF.sub(b"", client.get(url).content) for url in urls]


@pytest.mark.parametrize(
    ("who", "kind"),
    [
        ("wellbeing_lead", Survey.Kind.STAFF),
        ("headteacher", Survey.Kind.STAFF),
        ("wellbeing_lead", Survey.Kind.HEADTEACHER),
        ("senior_officer", Survey.Kind.STAFF),
    ],
)
def test_reloading_while_open_shows_nothing_move(
    world: World, client: Any, who: str, kind: str
) -> None:
    """The head (or lead) reloads every results page and the export before and after a
    named colleague answers: nothing on them changes, and no figure is on them."""
    heads = kind == Survey.Kind.HEADTEACHER
    wave = open_wave(
        organisation=world.trust,
        schools=[world.school],
        kind=kind,
        roles=[Role.HEADTEACHER] if heads else [Role.STAFF, Role.WELLBEING_CHAMPION],
    )
    group = "headteacher" if heads else "teaching"
    respond(wave, world.school, 7, role_group=group, value=2)
    services.responses_flush(wave=wave, everything=True)
    urls = [
        reverse("surveys:results", kwargs={"pk": wave.pk}),
        reverse("surveys:results_school", kwargs={"pk": wave.pk, "school_pk": world.school.pk}),
        reverse("surveys:results_csv", kwargs={"pk": wave.pk}),
    ]
    if who == "wellbeing_lead":
        urls.append(reverse("surveys:wave_detail", kwargs={"pk": wave.pk}))
    client.force_login(world.user(who))
    before = _pages(client, urls)
    colleague = Invitation.objects.filter(wave=wave).first()
    assert colleague is not None
    services.response_submit(
        invitation=colleague,
        role_group=group,
        answers=all_answers(wave, 5),
        comment="My own words.",
        today=TODAY,
    )
    services.responses_flush(wave=wave, everything=True)  # even once in the tables
    assert _pages(client, urls) == before
    for page in before:
        assert b"My own words" not in page and b"suppressed" not in page
        assert b"7 people" not in page and b"8 people" not in page


# Padding through the open link ---------------------------------------------------------


def test_open_link_answers_cannot_lift_a_school_to_the_threshold(world: World) -> None:
    """A head submits four answers from four fresh browsers beside one real colleague:
    the school stays hidden, its comment unshown, so nothing can be subtracted."""
    wave = open_wave(organisation=world.trust, schools=[world.school, world.sibling_school])
    respond(wave, world.school, 1, value=1, comment="The real colleague.")
    respond(wave, world.school, 4, value=5, invited=False)
    respond(wave, world.sibling_school, 9)
    res = results.wave_results(services.wave_close(wave=wave))
    school = res.schools[world.school.pk]
    assert school.hidden and school.respondents == 0 and not school.scores
    assert world.school.pk not in res.comment_school_ids
    assert results.comments_for(results=res, school_id=world.school.pk) == []
    # Nor can the trust be used to subtract it: the sibling is hidden too, or the trust.
    assert res.organisation.hidden or res.schools[world.sibling_school.pk].hidden


def test_open_link_answers_count_once_invited_answers_meet_the_threshold(
    world: World, client: Any
) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school], score_threshold=3)
    respond(wave, world.school, 3, value=4)
    respond(wave, world.school, 2, value=4, invited=False)
    res = results.wave_results(services.wave_close(wave=wave))
    school = res.schools[world.school.pk]
    assert not school.hidden and school.respondents == 5 and school.includes_open_link
    client.force_login(world.user("headteacher"))
    url = reverse("surveys:results_school", kwargs={"pk": wave.pk, "school_pk": world.school.pk})
    assert b"open link" in client.get(url).content


# After close: a raised threshold or a changed scope ---------------------------------------


def test_raising_a_closed_waves_threshold_only_ever_hides_more(world: World) -> None:
    third = School.objects.create(
        name="Gamma Academy", urn="100003", responsible_body=world.trust, phase="primary"
    )
    wave = open_wave(organisation=world.trust, schools=[world.school, world.sibling_school, third])
    respond(wave, world.school, 5, value=3)
    respond(wave, world.sibling_school, 6, value=4)
    respond(wave, third, 9, value=2)
    services.wave_close(wave=wave)
    before = results.wave_results(wave)
    shown_before = {g.key: (g.respondents, g.scores) for g in before.groups() if not g.hidden}
    for score in (6, 7, 9, 10):
        services.wave_thresholds_update(wave=wave, score_threshold=score, comment_threshold=score)
        wave.refresh_from_db()
        after = results.wave_results(wave)
        shown_after = {g.key: (g.respondents, g.scores) for g in after.groups() if not g.hidden}
        # Everything shown now was shown before, with the same figures: nothing new.
        assert set(shown_after) <= set(shown_before), score
        assert all(shown_after[k] == shown_before[k] for k in shown_after), score
        shown_before = shown_after
    assert set(ResultSet.objects.get(wave=wave).hidden) >= {
        g.key for g in before.groups() if g.hidden
    }


def test_a_closed_waves_scope_cannot_be_changed_in_the_admin(world: World, client: Any) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school])
    client.force_login(world.user("platform_admin"))
    url = reverse("admin:surveys_wave_change", args=[wave.pk])
    page = client.get(url).content.decode()
    assert 'name="schools"' not in page and 'name="survey"' not in page  # fixed once open
    services.wave_close(wave=wave)
    response = client.post(
        url,
        {
            "organisation": world.other_trust.pk,
            "survey": wave.survey_id,
            "title": "Changed",
            "schools": [world.school.pk, world.sibling_school.pk],
            "roles": '["staff"]',
            "opens_on": "2026-11-02",
            "closes_on": "2026-11-27",
        },
    )
    assert response.status_code == 403
    wave.refresh_from_db()
    assert wave.organisation == world.trust and wave.title != "Changed"
    assert list(wave.schools.all()) == [world.school]


# Heads are only ever seen together ----------------------------------------------------------


@pytest.mark.parametrize(("heads", "shown"), [(1, False), (2, False), (5, True)])
def test_headteacher_comments_only_pooled_and_only_from_the_threshold(
    world: World, client: Any, heads: int, shown: bool
) -> None:
    schools = [world.school, world.sibling_school] + [
        School.objects.create(
            name=f"Head school {i}", urn=f"30000{i}", responsible_body=world.trust, phase="primary"
        )
        for i in range(3)
    ]
    wave = open_wave(
        organisation=world.trust,
        schools=schools,
        kind=Survey.Kind.HEADTEACHER,
        roles=["headteacher"],
    )
    for school in schools[:heads]:
        respond(wave, school, 1, role_group="headteacher", comment=f"Worry at {school.name}.")
    res = results.wave_results(services.wave_close(wave=wave))
    assert res.schools == {} and res.comment_school_ids == set()
    comments = results.comments_for_lead(results=res)
    assert len(comments) == (heads if shown else 0)
    client.force_login(world.user("wellbeing_lead"))
    page = client.get(reverse("surveys:wave_detail", kwargs={"pk": wave.pk})).content.decode()
    assert ("Worry at" in page) is shown
    assert 'class="govuk-caption-s">Alpha Primary' not in page  # never under a school
    assert "of whom" not in page


# Replies ---------------------------------------------------------------------------------


def test_a_code_holders_reply_waits_for_the_lead_before_the_head_reads_it(
    world: World, client: Any
) -> None:
    wave = open_wave(
        organisation=world.trust, schools=[world.school], score_threshold=3, comment_threshold=3
    )
    codes = respond(wave, world.school, 3, comment="Too many meetings.")
    services.wave_close(wave=wave)
    services.wave_publish(wave=wave)
    comment = Comment.objects.filter(
        response__receipt_hash=services.token_hash(codes[0].replace("-", ""))
    ).get()
    services.reply_create(comment=comment, sender=Reply.From.SCHOOL, text="We hear you.")
    reply = services.reply_create(
        comment=comment, sender=Reply.From.RESPONDENT, text="It is Mr Smith's Tuesday meeting."
    )
    url = reverse("surveys:results_school", kwargs={"pk": wave.pk, "school_pk": world.school.pk})
    client.force_login(world.user("headteacher"))
    page = client.get(url).content
    assert b"We hear you." in page and b"Mr Smith" not in page
    client.force_login(world.user("wellbeing_lead"))
    detail = client.get(reverse("surveys:wave_detail", kwargs={"pk": wave.pk})).content
    assert b"Mr Smith" in detail  # waiting for the lead
    client.post(
        reverse("surveys:reply_release", kwargs={"pk": reply.pk}),
        {"redacted_text": "It is one of the weekly meetings."},
    )
    client.force_login(world.user("headteacher"))
    page = client.get(url).content
    assert b"one of the weekly meetings" in page and b"Mr Smith" not in page


# The outbox ----------------------------------------------------------------------------------


def test_the_outbox_keeps_no_working_link_and_no_list_of_who_has_not_answered(
    world: World, mailoutbox: Any
) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school])
    invitation = Invitation.objects.get(wave=wave, user=world.user("staff"))
    services.response_submit(
        invitation=invitation, role_group="teaching", answers=all_answers(wave, 3), today=TODAY
    )
    day = wave.reminder_dates[0]
    services.reminders_send(wave=wave, today=dt.date.fromisoformat(day))
    assert services.reminders_send(wave=wave, today=dt.date.fromisoformat(day)) == 0  # once
    outbox_send_due(now=london(dt.date.fromisoformat(day), 9))
    assert any("/surveys/i/" in m.body for m in mailoutbox)  # the emails went
    assert any(m.subject.startswith("Reminder:") for m in mailoutbox)
    for row in OutboxEmail.objects.all():
        assert "/surveys/i/" not in row.body_text + row.body_html, row.kind
    assert not OutboxEmail.objects.filter(kind="survey_reminder").exists()


# The database, as its administrator or a backup sees it --------------------------------------


def _rank_correlation(order: list[int]) -> float:
    """Spearman's rho between 0..n-1 and `order` (a permutation of it)."""
    n = len(order)
    d2 = sum((i - rank) ** 2 for i, rank in enumerate(order))
    return 1 - 6 * d2 / (n * (n * n - 1))


PEOPLE = 30


@pytest.mark.django_db(transaction=True)
def test_nothing_physical_follows_the_order_people_answered(world: World) -> None:
    """30 people answer in a known order (each leaves a marked comment). Once the wave has
    closed, transaction ids, row order, id order and a pg_dump's order say nothing
    about who answered when (the bound is in the module docstring)."""
    if connection.vendor != "postgresql":
        pytest.skip("transaction ids, ctid and pg_dump are PostgreSQL's")
    for i in range(PEOPLE):
        person = UserFactory.create(email=f"answerer{i}@example.org")
        MembershipFactory.create(user=person, role=Role.STAFF, school=world.school)
    wave = open_wave(organisation=world.trust, schools=[world.school], score_threshold=5)
    invitations = {
        inv.user.email: inv for inv in Invitation.objects.filter(wave=wave).select_related("user")
    }
    for i in range(PEOPLE):
        services.response_submit(
            invitation=invitations[f"answerer{i}@example.org"],
            role_group="teaching",
            answers=all_answers(wave, 3),
            comment=f"marker-{i:02d}",
            today=TODAY,
        )
        if i % 7 == 6:
            services.responses_flush(wave=wave)  # batches on the way, as the task would
    services.wave_close(wave=wave)  # the vacuum runs once it commits

    def person_of(text: str) -> int:
        return int(text.rsplit("-", 1)[1])

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.text, r.xmin::text, r.ctid::text, r.id::text, c.id, c.xmin::text, c.ctid::text "
            "FROM surveys_comment c JOIN surveys_response r ON r.id = c.response_id"
        )
        rows = cursor.fetchall()
        cursor.execute(
            "SELECT xmin::text FROM surveys_invitation WHERE wave_id = %s AND completed",
            [wave.pk],
        )
        invitation_xmins = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT count(*) FROM surveys_pendingresponse")
        assert cursor.fetchone()[0] == 0
    assert len(rows) == PEOPLE
    # One transaction wrote every response and comment of the wave: none of an invitation's.
    assert len({r[1] for r in rows}) == 1 and len({r[5] for r in rows}) == 1
    assert not ({r[1] for r in rows} & invitation_xmins)

    def ctid_key(ctid: str) -> tuple[int, int]:
        page, item = ctid.strip("()").split(",")
        return int(page), int(item)

    orders = {
        "response ctid": sorted(rows, key=lambda r: ctid_key(r[2])),
        "response id": sorted(rows, key=lambda r: r[3]),
        "comment id": sorted(rows, key=lambda r: r[4]),
        "comment ctid": sorted(rows, key=lambda r: ctid_key(r[6])),
    }
    dump = _dump_order(wave)
    if dump is not None:
        orders["pg_dump of comments"] = [(text,) for text in dump]
    for name, ordered in orders.items():
        rho = _rank_correlation([person_of(row[0]) for row in ordered])
        assert abs(rho) < 0.75, (name, rho)


def _dump_order(wave: Wave) -> list[str] | None:
    """The comments' texts in the order `pg_dump` writes them, or None without pg_dump."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        return None
    settings = connection.settings_dict
    command = [
        pg_dump,
        "--data-only",
        "--table=surveys_comment",
        "-h",
        settings["HOST"] or "127.0.0.1",
    ]
    command += ["-p", str(settings["PORT"] or 5432), "-U", settings["USER"] or "postgres"]
    command.append(settings["NAME"])
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout
    return re.findall(r"marker-\d\d", out)
