"""Buddy matching: no suggestion ever breaks a hard rule; the ranking says why; pairing
re-checks the rules, tells both people, and refuses a duplicate."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from support_directory import selectors, services
from support_directory.matching import Candidate, breaks_a_hard_rule, rank_buddies
from support_directory.models import BuddyPairing, BuddyProfile
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.people.models import Membership, Role
from wellbeing_portal.people.services import membership_create

from ..conftest import World
from ..factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.dates

PHASES = ("primary", "secondary", "special")

candidates = st.builds(
    Candidate,
    profile_id=st.integers(1, 50),
    user_id=st.integers(1, 6),
    name=st.sampled_from(("Ann", "Bo", "Cy")),
    school_id=st.integers(1, 6),
    school_name=st.just("A school"),
    phase=st.sampled_from(PHASES),
    phase_label=st.just("Phase"),
    ofsted_experience=st.booleans(),
    available=st.booleans(),
    capacity=st.integers(1, 5),
    active_pairings=st.integers(0, 6),
    in_window=st.booleans(),
)


@given(
    st.lists(candidates, max_size=12), st.integers(1, 6), st.integers(1, 6), st.sampled_from(PHASES)
)
def test_no_suggestion_breaks_a_hard_rule(
    pool: list[Candidate], head_user: int, head_school: int, phase: str
) -> None:
    suggestions = rank_buddies(
        pool, head_user_id=head_user, head_school_id=head_school, head_phase=phase
    )
    for s in suggestions:
        assert s.candidate.available
        assert s.candidate.capacity_left > 0
        assert s.candidate.school_id != head_school
        assert s.candidate.user_id != head_user
    # ...and every candidate that keeps the rules is suggested.
    keeps = [
        c
        for c in pool
        if not breaks_a_hard_rule(c, head_user_id=head_user, head_school_id=head_school)
    ]
    assert len(suggestions) == len(keeps)
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)


def _candidate(**fields: object) -> Candidate:
    base: dict[str, object] = dict(
        profile_id=1,
        user_id=10,
        name="Ann",
        school_id=2,
        school_name="B",
        phase="primary",
        phase_label="Primary",
        ofsted_experience=False,
        available=True,
        capacity=2,
        active_pairings=0,
        in_window=False,
    )
    return Candidate(**{**base, **fields})  # type: ignore[arg-type]


def test_ranking_prefers_phase_then_experience_and_says_why() -> None:
    same_phase = _candidate(profile_id=1, name="Same phase", ofsted_experience=True)
    other_phase = _candidate(
        profile_id=2, name="Other phase", phase="secondary", ofsted_experience=True
    )
    in_window = _candidate(profile_id=3, name="In window", in_window=True, capacity=1)
    ranked = rank_buddies(
        [in_window, other_phase, same_phase],
        head_user_id=99,
        head_school_id=1,
        head_phase="primary",
    )
    assert [s.candidate.name for s in ranked] == ["Same phase", "Other phase", "In window"]
    assert ranked[0].reasons == (
        "Same phase (primary)",
        "Has led a school through an Ofsted inspection",
        "Not in the Ofsted window themselves",
        "Can take 2 more heads",
    )
    assert "In the Ofsted window themselves" in ranked[2].reasons


@pytest.fixture
def buddy(world: World) -> BuddyProfile:
    """An experienced head at Beta Secondary who offers to buddy one head."""
    user = UserFactory.create(full_name="Bea Buddy")
    membership_create(user=user, role=Role.HEADTEACHER, school=world.sibling_school)
    return services.buddy_profile_save(
        user=user,
        school=world.sibling_school,
        ofsted_experience=True,
        experience_note="",
        capacity=1,
        available=True,
        availability="after 4pm",
        profile="",
    )


def _head(world: World) -> Membership:
    return world.user("headteacher").memberships.get()


@pytest.mark.django_db
def test_suggestions_for_a_real_head_come_from_other_schools_of_the_organisation(
    world: World, buddy: BuddyProfile
) -> None:
    elsewhere = UserFactory.create()
    other_school = SchoolFactory.create(responsible_body=world.other_trust)
    membership_create(user=elsewhere, role=Role.HEADTEACHER, school=other_school)
    services.buddy_profile_save(
        user=elsewhere,
        school=other_school,
        ofsted_experience=True,
        experience_note="",
        capacity=3,
        available=True,
        availability="",
        profile="",
    )
    suggestions = selectors.buddy_suggestions(head=_head(world))
    assert [s.candidate.profile_id for s in suggestions] == [buddy.pk]


@pytest.mark.django_db
def test_pairing_tells_both_and_a_buddy_at_capacity_is_no_longer_suggested(
    world: World, buddy: BuddyProfile
) -> None:
    head = _head(world)
    pairing = services.buddy_pair(
        head=head, profile_id=buddy.pk, confirmed_by=world.user("wellbeing_lead")
    )
    assert pairing.status == BuddyPairing.Status.ACTIVE
    assert set(OutboxEmail.objects.values_list("to_email", flat=True)) == {
        buddy.user.email,
        head.user.email,
    }
    # The buddy's one place is taken: another head gets no suggestion of them.
    other_head = UserFactory.create()
    other = membership_create(
        user=other_head,
        role=Role.HEADTEACHER,
        school=SchoolFactory.create(responsible_body=world.trust),
    )
    assert selectors.buddy_suggestions(head=other) == []
    with pytest.raises(ValidationError, match="no capacity"):
        services.buddy_pair(
            head=other, profile_id=buddy.pk, confirmed_by=world.user("wellbeing_lead")
        )


@pytest.mark.django_db
def test_a_head_with_a_buddy_cannot_be_paired_twice(world: World, buddy: BuddyProfile) -> None:
    buddy.capacity = 3
    buddy.save()
    head = _head(world)
    services.buddy_pair(head=head, profile_id=buddy.pk, confirmed_by=world.user("wellbeing_lead"))
    with pytest.raises(ValidationError, match="already has a buddy"):
        services.buddy_pair(
            head=head, profile_id=buddy.pk, confirmed_by=world.user("wellbeing_lead")
        )
    assert BuddyPairing.objects.count() == 1


@pytest.mark.django_db
def test_ending_a_pairing_keeps_its_history_and_frees_the_place(
    world: World, buddy: BuddyProfile
) -> None:
    head = _head(world)
    pairing = services.buddy_pair(
        head=head, profile_id=buddy.pk, confirmed_by=world.user("wellbeing_lead")
    )
    services.buddy_pairing_end(pairing=pairing)
    pairing.refresh_from_db()
    assert (pairing.status, pairing.ended_on) == ("ended", timezone.localdate())
    assert [s.candidate.profile_id for s in selectors.buddy_suggestions(head=head)] == [buddy.pk]


@pytest.mark.django_db
def test_only_heads_and_leaders_offer_to_buddy_from_their_own_school(world: World) -> None:
    with pytest.raises(ValidationError, match="head or leader"):
        services.buddy_profile_save(
            user=world.user("staff"),
            school=world.school,
            ofsted_experience=False,
            experience_note="",
            capacity=1,
            available=True,
            availability="",
            profile="",
        )
    assert not BuddyProfile.objects.exists()


@pytest.mark.django_db
def test_the_lead_sees_heads_in_the_window_without_a_buddy(
    world: World, buddy: BuddyProfile
) -> None:
    world.school.last_inspection_date = None  # never inspected: in the window
    world.school.save()
    world.sibling_school.last_inspection_date = timezone.localdate()  # the buddy's: just inspected
    world.sibling_school.save()
    heads = selectors.heads_without_buddy_in_window(user=world.user("wellbeing_lead"))
    assert [m.user for m in heads] == [world.user("headteacher")]
    services.buddy_pair(
        head=_head(world), profile_id=buddy.pk, confirmed_by=world.user("wellbeing_lead")
    )
    assert selectors.heads_without_buddy_in_window(user=world.user("wellbeing_lead")) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("headteacher", True),
        ("school_leader", True),
        ("link_officer", True),
        ("senior_officer", True),
        ("wellbeing_lead", True),
        ("staff", False),
        ("governor", False),
        ("chair", False),
        ("wellbeing_champion", False),
    ],
)
def test_ofsted_contacts_phone_numbers_are_for_heads_and_officers_only(
    world: World, client, role: str, sees: bool
) -> None:
    services.ofsted_contact_save(
        organisation=world.trust,
        name="Olive Inspector",
        experience="Serving inspector",
        phone="01632 960 999",
        email="",
        when_available="Weekdays",
    )
    client.force_login(world.user(role))
    response = client.get("/support/ofsted-contacts/")
    assert (response.status_code == 200) is sees
    assert ("01632 960 999" in response.content.decode()) is sees
    directory = client.get("/support/").content.decode()
    assert "01632 960 999" not in directory


@pytest.mark.django_db
def test_contacts_come_only_from_organisations_where_you_lead(world: World, client) -> None:
    """A head who also governs a school of another organisation does not see its contacts."""
    services.ofsted_contact_save(
        organisation=world.other_trust,
        name="Other Trust Contact",
        experience="x",
        phone="01632 960 888",
        email="",
        when_available="Weekdays",
    )
    membership_create(user=world.user("headteacher"), role=Role.GOVERNOR, school=world.other_school)
    client.force_login(world.user("headteacher"))
    assert "01632 960 888" not in client.get("/support/ofsted-contacts/").content.decode()


@pytest.mark.django_db
def test_a_buddy_who_also_works_at_the_heads_school_is_refused(
    world: World, buddy: BuddyProfile
) -> None:
    membership_create(user=buddy.user, role=Role.SCHOOL_LEADER, school=world.school)
    with pytest.raises(ValidationError, match="another school"):
        services.buddy_pair(
            head=_head(world), profile_id=buddy.pk, confirmed_by=world.user("wellbeing_lead")
        )


@pytest.mark.django_db
def test_a_lead_of_two_organisations_chooses_which_the_contact_belongs_to(
    world: World, client
) -> None:
    lead = world.user("wellbeing_lead")
    membership_create(user=lead, role=Role.WELLBEING_LEAD, organisation=world.other_trust)
    client.force_login(lead)
    response = client.post(
        "/support/ofsted-contacts/",
        {
            "organisation": world.other_trust.pk,
            "name": "Second Org Contact",
            "experience": "x",
            "phone": "01632 960 777",
            "email": "",
            "when_available": "Weekdays",
        },
    )
    assert response.status_code == 302
    from support_directory.models import OfstedContact

    assert OfstedContact.objects.get(name="Second Org Contact").organisation == world.other_trust
