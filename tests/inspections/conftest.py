"""Fixtures of the inspection tests."""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import World
from .closed_record import NOW, Closed, build_closed


@pytest.fixture
def closed(rich_world: World, time_machine: Any) -> Closed:
    """The world's inspection as a full record, closed, with the clock frozen at NOW."""
    time_machine.move_to(NOW, tick=False)
    return build_closed(rich_world)
