"""Anonymity by design: the response tables cannot lead to a person."""

from __future__ import annotations

import uuid

import pytest
from auditlog.registry import auditlog
from django.db import models

from surveys import services
from surveys.models import Answer, Comment, Invitation, Item, Reply, Response, Wave
from tests.conftest import World
from wellbeing_portal.people.models import School

from .factories import TODAY, all_answers, open_wave

pytestmark = pytest.mark.dates

ANONYMOUS_MODELS = (Response, Answer, Comment, Reply)
# The only tables a response row may point at: none of them holds a person.
ALLOWED_TARGETS = {Wave, School, Item, Response, Comment}
FORBIDDEN_NAMES = ("ip", "user", "invitation", "email", "agent", "address", "session", "token")


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


def test_response_ids_are_random_and_dates_coarse() -> None:
    assert isinstance(Response._meta.pk, models.UUIDField)
    assert isinstance(Response._meta.get_field("submitted_on"), models.DateField)


@pytest.mark.parametrize("model", ANONYMOUS_MODELS)
def test_response_tables_are_not_audit_logged(model: type[models.Model]) -> None:
    assert not auditlog.contains(model)


def test_submitting_marks_the_invitation_but_joins_nothing(world: World) -> None:
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
    response = Response.objects.get()
    assert isinstance(response.pk, uuid.UUID)
    assert response.submitted_on == TODAY
    # Only the hash of the receipt code is kept, and it is not the invitation's hash.
    code = submitted.receipt_code.replace("-", "")
    assert code not in response.receipt_hash
    assert response.receipt_hash == services.token_hash(code)
    assert response.receipt_hash != invitation.token_hash
