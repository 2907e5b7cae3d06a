"""Ranking buddies for a head: hard rules first, then fit, with the reasons shown.

Pure functions over plain data, so that the rules can be tested as properties. Hard
rules (never broken): the buddy is available, has capacity left, is not at the head's
school and is not the head. Fit: the same phase, Ofsted experience, not being in the
Ofsted window themselves, and capacity to spare.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    profile_id: int
    user_id: int
    name: str
    school_id: int
    school_name: str
    phase: str
    phase_label: str
    ofsted_experience: bool
    available: bool
    capacity: int
    active_pairings: int
    in_window: bool

    @property
    def capacity_left(self) -> int:
        return self.capacity - self.active_pairings


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    score: int
    reasons: tuple[str, ...]


def breaks_a_hard_rule(candidate: Candidate, *, head_user_id: int, head_school_id: int) -> bool:
    return (
        not candidate.available
        or candidate.capacity_left <= 0
        or candidate.school_id == head_school_id
        or candidate.user_id == head_user_id
    )


def rank_buddies(
    candidates: list[Candidate], *, head_user_id: int, head_school_id: int, head_phase: str
) -> list[Suggestion]:
    """Every candidate that keeps the hard rules, best fit first, each with its reasons."""
    suggestions = []
    for c in candidates:
        if breaks_a_hard_rule(c, head_user_id=head_user_id, head_school_id=head_school_id):
            continue
        score, reasons = 0, []
        if c.phase == head_phase:
            score += 3
            reasons.append(f"Same phase ({c.phase_label.lower()})")
        if c.ofsted_experience:
            score += 2
            reasons.append("Has led a school through an Ofsted inspection")
        if c.in_window:
            reasons.append("In the Ofsted window themselves")
        else:
            score += 2
            reasons.append("Not in the Ofsted window themselves")
        score += min(c.capacity_left, 2)
        reasons.append(f"Can take {c.capacity_left} more head{'s' if c.capacity_left != 1 else ''}")
        suggestions.append(Suggestion(candidate=c, score=score, reasons=tuple(reasons)))
    return sorted(suggestions, key=lambda s: (-s.score, s.candidate.name, s.candidate.profile_id))
