"""Which groups' results to suppress so that a small group's answers cannot be worked out.

Results are shown for nested groups: the organisation, each school, each role within a
school. Every group is shown with its number of respondents and its scores, and a
parent's figures are the sum of its children's figures plus those of the *remainder*:
the respondents who belong to the parent but to none of its children (for example
staff who did not give a role). The same sums hold for counts and for score totals
(mean × count), so anything that can be worked out about a count can be worked out
about that group's combined answers too.

What the reader of a results page is assumed to know (the attacker model)
    Every number that is shown anywhere in the same set of groups, how the groups nest,
    which groups have no respondents at all, and whether a parent has a remainder. They
    can add and subtract shown figures in any combination (linear algebra), but they do
    not know the counts or answers of hidden groups or of a nonzero remainder.

What :func:`hidden_keys` guarantees against that reader
    1. Every group with fewer than ``threshold`` respondents is hidden.
    2. No hidden group that has respondents can be recovered exactly: there is no
       combination of shown figures that adds up to its count (or its score total). A
       school cannot be found as "trust minus the other schools", nor a hidden parent as
       "the sum of its shown children".
    3. Whenever a sum of hidden people *can* be recovered — a shown parent minus its
       shown children leaves the hidden children and the remainder together, and
       where a hidden child is itself split into shown and hidden parts the shown
       parts can be taken away too — that sum covers either nobody or at least
       ``threshold`` people. Two hidden groups of two people therefore never leak their
       combined answers as a group of four.
    4. A group with at least ``threshold`` respondents is hidden only when showing it on
       its own, with everything else kept as returned, would break 2 or 3: nothing
       hidden can be given back one group at a time. This is a local guarantee, not the
       least possible loss: the choice is greedy, and now and then a different set of
       hidden groups would cost readers less (as measured below).

How the extra groups are chosen
    Every small group is hidden first. Then, while a rule is broken, one more group is
    hidden to repair it: a shown group beside the exposed hidden ones (a sibling, or a
    part of a hidden parent), or, when there is none, the shown parent above them. When
    every rule holds, the extra groups are offered back, largest first, and each one
    whose return breaks nothing is shown again, until none can be. This runs twice,
    once picking the smallest group that repairs the rule on its own (failing that, one
    that helps), once simply the group with the fewest respondents, and the answer that
    costs readers less wins: fewer respondents hidden at the top level, then at the next
    level down and so on (a trust's own result matters more than any school's, a
    school's more than its role breakdown). Ties go by key, so the answer never depends
    on the order of the input. Checked against every possible answer on random trees
    of up to 13 groups, it found the least costly one for more than 99% of them.

Groups with no respondents are returned as hidden (there is nothing to show, and the
spec suppresses small response counts, 0 included), but rule 2 does not protect them:
the reader is assumed to know which groups are empty, whether or not the page says
"no responses". Protecting emptiness would cost real results — a school where nobody
answered would force a second school to be hidden — and an empty group has no answers
to leak; what it gives away is only that nobody in it took part.

Limits: the groups must form a forest (a trust, its schools, roles within a school). A
cut across it — "teaching staff across the trust" beside "teaching staff at school 12" —
is another sum the reader can use and is not modelled here, so filters that cross the
tree need their own check. Every figure shown must be computed from the same
respondents as the count passed in (if items can be skipped, suppress per item count).
Ranges are not protected: knowing that a hidden group has between 5 and 9 people is
allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

Preference = Literal["repairing", "fewest"]
# Tried in turn (see "How the extra groups are chosen" above).
_PREFERENCES: tuple[Preference, ...] = ("repairing", "fewest")


@dataclass(frozen=True)
class Group:
    """A group of respondents: ``key`` is unique, ``parent`` is the enclosing group's key
    (``None`` for a root) and ``count`` is how many people in the group responded."""

    key: str
    parent: str | None
    count: int


@dataclass(frozen=True)
class _Forest:
    count: Mapping[str, int]
    parent: Mapping[str, str | None]
    children: Mapping[str, tuple[str, ...]]
    # Respondents in a group but in none of its children. For a leaf this is its whole
    # count: a leaf is like a parent whose only part is its remainder.
    rest: Mapping[str, int]
    depth: Mapping[str, int]  # 0 for a root
    preorder: tuple[str, ...]
    postorder: tuple[str, ...]


def hidden_keys(
    groups: Iterable[Group], *, threshold: int, always_hidden: Iterable[str] = ()
) -> frozenset[str]:
    """Keys whose count and scores must not be shown (see the module docstring for the
    attacker model and the guarantee).

    ``always_hidden`` are hidden whatever their count, and protected like small groups:
    groups too few invited people answered, and groups hidden by an earlier result (so
    that a later answer only ever hides more).

    Raises ``ValueError`` naming the offending key for a duplicate key, an unknown
    parent, a cycle, a negative count or children adding up to more than their parent,
    and for a threshold below 1.

    The result depends only on the set of groups, not the order they are given in.
    """
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, got {threshold}")
    forest = _build(groups)
    forced = frozenset(key for key in always_hidden if key in forest.count)
    # Each preference is a greedy guess; keep the answer that hides the fewest
    # respondents, then the fewest groups, then the earliest keys.
    results = [_solve(forest, threshold, prefer, forced) for prefer in _PREFERENCES]
    return min(results, key=lambda hidden: _loss(forest, hidden))


def _loss(forest: _Forest, hidden: frozenset[str]) -> tuple[object, ...]:
    """How much a set of hidden groups costs readers, for choosing between answers: the
    respondents hidden at the top level, then at the next level down, and so on (a
    trust's own result matters more than any school's, a school's more than its role
    breakdown), then the number of groups, then the keys."""
    by_depth = [0] * (max(forest.depth.values(), default=0) + 1)
    for key in hidden:
        by_depth[forest.depth[key]] += forest.count[key]
    return (by_depth, len(hidden), sorted(hidden))


def _solve(
    forest: _Forest, threshold: int, prefer: Preference, forced: frozenset[str]
) -> frozenset[str]:
    hidden = {key for key, count in forest.count.items() if count < threshold} | forced
    # Hide one more group at a time until every rule holds. Hiding every group with
    # respondents always satisfies the rules, so this ends.
    while (extra := _next_to_hide(forest, hidden, threshold, prefer)) is not None:
        hidden.add(extra)
    # Then give back, largest first, every group whose return breaks nothing, until no
    # single group can be given back.
    returned = True
    while returned:
        returned = False
        secondary = sorted(
            (key for key in hidden if forest.count[key] >= threshold and key not in forced),
            key=lambda key: (-forest.count[key], key),
        )
        for key in secondary:
            hidden.discard(key)
            if _next_to_hide(forest, hidden, threshold, prefer) is None:
                returned = True
            else:
                hidden.add(key)
    return frozenset(hidden)


def _build(groups: Iterable[Group]) -> _Forest:
    count, parent, children = _links(groups)
    preorder, postorder = _walk(count, parent, children)
    depth: dict[str, int] = {}
    rest: dict[str, int] = {}
    for key in preorder:
        up = parent[key]
        depth[key] = 0 if up is None else depth[up] + 1
        inside = sum(count[kid] for kid in children[key])
        if inside > count[key]:
            raise ValueError(
                f"the children of group {key!r} have {inside} respondents, "
                f"more than its {count[key]}"
            )
        rest[key] = count[key] - inside
    return _Forest(
        count=count,
        parent=parent,
        children=children,
        rest=rest,
        depth=depth,
        preorder=tuple(preorder),
        postorder=tuple(postorder),
    )


def _links(
    groups: Iterable[Group],
) -> tuple[dict[str, int], dict[str, str | None], dict[str, tuple[str, ...]]]:
    """Each group's count, parent and children (in key order), checked: every key once,
    no negative count, every parent a group."""
    count: dict[str, int] = {}
    parent: dict[str, str | None] = {}
    for group in groups:
        if group.key in count:
            raise ValueError(f"group {group.key!r} appears more than once")
        if group.count < 0:
            raise ValueError(f"group {group.key!r} has a negative count ({group.count})")
        count[group.key] = group.count
        parent[group.key] = group.parent
    children_of: dict[str, list[str]] = {key: [] for key in count}
    for key in sorted(count):
        up = parent[key]
        if up is None:
            continue
        if up not in count:
            raise ValueError(f"group {key!r} has an unknown parent {up!r}")
        children_of[up].append(key)
    return count, parent, {key: tuple(kids) for key, kids in children_of.items()}


def _walk(
    count: dict[str, int], parent: dict[str, str | None], children: dict[str, tuple[str, ...]]
) -> tuple[list[str], list[str]]:
    """The groups in pre- and post-order from the roots; ValueError naming a group on a
    cycle of parents if some cannot be reached."""
    preorder: list[str] = []
    postorder: list[str] = []
    roots = sorted(key for key in count if parent[key] is None)
    stack: list[tuple[str, bool]] = [(root, False) for root in reversed(roots)]
    while stack:
        key, done = stack.pop()
        if done:
            postorder.append(key)
            continue
        preorder.append(key)
        stack.append((key, True))
        stack.extend((kid, False) for kid in reversed(children[key]))
    if len(preorder) != len(count):
        # Whatever a walk down from the roots cannot reach sits on a cycle or below one;
        # following parents up from it must come back round to a group on the cycle.
        seen: set[str] = set()
        key = min(set(count) - set(preorder))
        while key not in seen:
            seen.add(key)
            up = parent[key]
            assert up is not None  # a group that reaches a root was reached from it
            key = up
        raise ValueError(f"group {key!r} is in a cycle of parents")
    return preorder, postorder


def _next_to_hide(
    forest: _Forest, hidden: set[str], threshold: int, prefer: Preference = "repairing"
) -> str | None:
    """The next group to hide to repair the first broken rule, or None if none is broken.

    Vocabulary: a *secret* is a hidden group with respondents; a *known* group is shown
    or empty. The *unknowns* are the secret leaves and the nonzero remainders of secrets
    and of shown groups (a leaf counts as its own remainder). Below a shown group, or
    from a secret root down, the secrets reachable through secrets form a *region*.
    Each unknown appears in one tree equation only, so the reader can eliminate none of
    them: all they learn about a region is the total of its unknowns, and only when its
    top is shown. ``mass[g]`` is the number of people in the unknowns under ``g`` within
    its region; for a shown group it is that total.

    The rules, checked in this order:

    * a secret with ``mass == 0`` is the sum of known parts (rule 2);
    * a secret whose top is shown and holds no other unknown is the top minus known
      parts (rule 2);
    * a shown group with ``0 < mass < threshold`` reveals a small block (rule 3). Taking
      away fewer shown parts leaves a larger block, so ``mass`` is the smallest block
      below that group and the only one to check.
    """
    return _Repair(forest, hidden, threshold, prefer).next_to_hide()


class _Repair:
    """One look at a forest with some groups hidden: the secrets, each group's mass and
    the top of its region (see `_next_to_hide` for the words), and the next group to hide."""

    def __init__(
        self, forest: _Forest, hidden: set[str], threshold: int, prefer: Preference
    ) -> None:
        self.forest, self.hidden, self.threshold, self.prefer = forest, hidden, threshold, prefer
        self.mass: dict[str, int] = {}
        for key in forest.postorder:
            self.mass[key] = forest.rest[key] + sum(
                self.mass[kid] for kid in forest.children[key] if self.secret(kid)
            )
        self.top: dict[str, str | None] = {}
        for key in forest.preorder:
            up = forest.parent[key]
            self.top[key] = None if up is None else (self.top[up] if self.secret(up) else up)

    def secret(self, key: str) -> bool:
        return key in self.hidden and self.forest.count[key] > 0

    def frontier(self, start: str, skip: str | None = None) -> list[str]:
        """Shown groups that bound the region below ``start`` (not under ``skip``)."""
        found: list[str] = []
        pending = [start]
        while pending:
            for kid in self.forest.children[pending.pop()]:
                if kid == skip or self.forest.count[kid] == 0:
                    continue
                if self.secret(kid):
                    pending.append(kid)
                else:
                    found.append(kid)
        return found

    def cheapest(self, candidates: list[str], need: int) -> str | None:
        # Prefer a group that repairs the rule on its own, then one that adds unknown
        # people at all (hiding a group whose parts are all shown adds none until one
        # of the parts is hidden too), then the fewest respondents, then the key.
        mass, count = self.mass, self.forest.count
        return min(
            candidates,
            key=lambda key: (mass[key] < need, mass[key] == 0, count[key], key),
            default=None,
        )

    def choose(self, head: str, candidates: list[str], need: int) -> str:
        if self.prefer == "fewest":
            count = self.forest.count
            return min(candidates, key=lambda key: (count[key], key), default=head)
        fix = self.cheapest(candidates, need)
        return head if fix is None else fix

    def next_to_hide(self) -> str | None:
        postorder, mass = self.forest.postorder, self.mass
        # Deepest first: repairing a secret low in the tree often repairs those above it.
        for key in postorder:
            if self.secret(key) and mass[key] == 0:
                fix = self.cheapest(self.frontier(key), 1)
                if fix is not None:  # always: a secret with no unknowns has a shown part
                    return fix
        for key in postorder:
            head = self.top[key]
            if self.secret(key) and head is not None and mass[head] == mass[key]:
                return self.choose(head, self.frontier(head, skip=key), 1)
        for key in postorder:
            if key not in self.hidden and 0 < mass[key] < self.threshold:
                return self.choose(key, self.frontier(key), self.threshold - mass[key])
        return None
