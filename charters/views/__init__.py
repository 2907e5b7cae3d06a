"""Charter pages, by screen: the charters themselves (`charters`), writing the next
version (`drafting`) and a school's progress (`progress`). Each view loads its objects
through the selectors (404 outside your scope), validates with a form, and makes one
service call."""

from .charters import (
    charter_adopt,
    charter_detail,
    charter_list,
    charter_public,
    grid,
    pledges,
    version_detail,
)
from .drafting import (
    commitment_edit,
    commitment_move,
    commitment_remove,
    draft,
    signatory_add,
    version_start,
)
from .progress import (
    action_complete,
    action_group,
    commitment_progress,
    evidence_file,
    school_progress,
    staff_page,
)

__all__ = [
    "action_complete",
    "action_group",
    "charter_adopt",
    "charter_detail",
    "charter_list",
    "charter_public",
    "commitment_edit",
    "commitment_move",
    "commitment_progress",
    "commitment_remove",
    "draft",
    "evidence_file",
    "grid",
    "pledges",
    "school_progress",
    "signatory_add",
    "staff_page",
    "version_detail",
    "version_start",
]
