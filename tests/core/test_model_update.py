"""`model_update`: an update service sets only the fields it is given, from its list."""

from __future__ import annotations

import pytest

from wellbeing_portal.core.model_update import KEEP, model_update
from wellbeing_portal.people.models import Organisation


def test_only_the_fields_given_are_set_and_named() -> None:
    organisation = Organisation(name="Before", slug="before")
    changed = model_update(
        instance=organisation,
        fields=("name", "slug"),
        data={"name": "After", "slug": KEEP},
    )
    assert changed == ["name"]
    assert (organisation.name, organisation.slug) == ("After", "before")


def test_a_field_outside_the_list_is_refused_and_nothing_set() -> None:
    organisation = Organisation(name="Before", slug="before")
    with pytest.raises(TypeError, match="slug"):
        model_update(instance=organisation, fields=("name",), data={"name": "x", "slug": "y"})
    assert (organisation.name, organisation.slug) == ("Before", "before")
