"""The shapes results are shown in: a wave's groups (the organisation, each school, each
role group within a school) and their figures. A hidden group carries no figures at
all: not its count, scores, distribution, metric or response rate."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Domain, Survey, Wave

ORG = "org"


def school_key(school_id: int) -> str:
    return f"school:{school_id}"


def role_key(school_id: int, role_group: str) -> str:
    return f"school:{school_id}/role:{role_group}"


class ResultsNotReady(Exception):
    """A wave's results exist only once it has closed: no figure while it is open."""


@dataclass(frozen=True)
class Score:
    mean: float
    favourable: float  # share of answers at or above the instrument's favourable point


@dataclass
class GroupResult:
    key: str
    label: str
    respondents: int
    invited: int | None
    hidden: bool
    scores: dict[str, Score] = field(default_factory=dict)  # domain key → score
    # domain key → count of answers at each point of the scale, lowest first
    distribution: dict[str, list[int]] = field(default_factory=dict)
    metric: float | None = None
    # How many of the respondents came through an invitation (the rest: the open link).
    respondents_invited: int = 0

    @property
    def includes_open_link(self) -> bool:
        """The figures include answers given through the school's open link."""
        return not self.hidden and self.respondents > self.respondents_invited

    @property
    def response_rate(self) -> float | None:
        """Invited people who answered, of those invited (open-link answers aside)."""
        if self.hidden or not self.invited:
            return None
        return min(1.0, self.respondents_invited / self.invited)

    def score(self, domain_key: str) -> Score | None:
        return None if self.hidden else self.scores.get(domain_key)

    def mean(self, domain_key: str) -> float | None:
        score = self.score(domain_key)
        return score.mean if score else None

    def shares(self, domain_key: str) -> list[float] | None:
        counts = self.distribution.get(domain_key)
        if self.hidden or not counts or not sum(counts):
            return None
        total = sum(counts)
        return [c / total for c in counts]

    def without_figures(self) -> GroupResult:
        """The same group, hidden, with nothing of its figures left."""
        return GroupResult(key=self.key, label=self.label, respondents=0, invited=None, hidden=True)


@dataclass
class WaveResults:
    wave: Wave
    domains: list[Domain]
    scale: list[int]
    organisation: GroupResult
    schools: dict[int, GroupResult]
    roles: dict[int, list[GroupResult]]
    school_names: dict[int, str]
    comment_school_ids: set[int]
    norms: dict[str, float]
    metric_norm: float | None
    # Headteacher survey: comments shown together, under no school, if enough heads.
    comments_pooled: bool = False

    @property
    def headteacher_survey(self) -> bool:
        return self.wave.survey.kind == Survey.Kind.HEADTEACHER

    def any_hidden(self) -> bool:
        return any(g.hidden for g in self.schools.values()) or any(
            r.hidden for rows in self.roles.values() for r in rows
        )

    def groups(self) -> list[GroupResult]:
        return [
            self.organisation,
            *self.schools.values(),
            *(r for rows in self.roles.values() for r in rows),
        ]
