"""Secondary suppression: named cases a reader can check by hand, then properties over
random trees checked against an independent oracle (exact rational linear algebra for
what a reader can work out, and a plain enumeration of the sums they can form)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.suppression import Group, hidden_keys

# ---------------------------------------------------------------------------------------
# The oracle: what a reader who knows every shown count can work out.
# ---------------------------------------------------------------------------------------

Row = dict[str, Fraction]


def _children(groups: Sequence[Group]) -> dict[str, list[str]]:
    kids: dict[str, list[str]] = {g.key: [] for g in groups}
    for g in groups:
        if g.parent is not None:
            kids[g.parent].append(g.key)
    return kids


def _reduce(row: Row, basis: list[tuple[str, Row]]) -> Row:
    row = {col: value for col, value in row.items() if value}
    for pivot, base in basis:
        factor = row.get(pivot)
        if factor:
            for col, value in base.items():
                new = row.get(col, Fraction(0)) - factor * value
                if new:
                    row[col] = new
                else:
                    row.pop(col, None)
    return row


def _echelon(rows: Sequence[Row]) -> list[tuple[str, Row]]:
    """A basis of the rows' span, each row normalised to 1 at its own pivot column."""
    basis: list[tuple[str, Row]] = []
    for row in rows:
        reduced = _reduce(row, basis)
        if reduced:
            pivot = min(reduced)
            scale = reduced[pivot]
            basis.append((pivot, {col: value / scale for col, value in reduced.items()}))
    return basis


def rank(rows: Sequence[Row]) -> int:
    return len(_echelon(rows))


def _system(groups: Sequence[Group], hidden: frozenset[str]) -> list[Row]:
    """Rows the reader knows: one per parent (count = children + remainder, with the
    remainder an unknown unless it is zero) and one per known count (shown or empty)."""
    count = {g.key: g.count for g in groups}
    rows: list[Row] = []
    for key, kids in _children(groups).items():
        if not kids:
            continue
        row: Row = {f"x:{key}": Fraction(1)}
        for kid in kids:
            row[f"x:{kid}"] = Fraction(-1)
        if count[key] - sum(count[kid] for kid in kids) > 0:
            row[f"r:{key}"] = Fraction(-1)
        rows.append(row)
    for g in groups:
        if g.key not in hidden or g.count == 0:
            rows.append({f"x:{g.key}": Fraction(1)})
    return rows


def recoverable(groups: Sequence[Group], hidden: frozenset[str]) -> set[str]:
    """Hidden groups with respondents whose count lies in the span of what is known."""
    # rank(rows + [unit]) == rank(rows) exactly when the unit row reduces to nothing.
    basis = _echelon(_system(groups, hidden))
    return {
        g.key
        for g in groups
        if g.key in hidden and g.count > 0 and not _reduce({f"x:{g.key}": Fraction(1)}, basis)
    }


def small_sums(
    groups: Sequence[Group], hidden: frozenset[str], threshold: int
) -> list[tuple[str, int]]:
    """Every (shown parent, total) where the parent minus shown parts — optionally also
    splitting hidden children into their own shown and hidden parts — leaves a block of
    hidden people numbering between 1 and threshold - 1."""
    count = {g.key: g.count for g in groups}
    kids = _children(groups)

    def secret(key: str) -> bool:
        return key in hidden and count[key] > 0

    def expansions(key: str) -> set[int]:
        remainder = count[key] - sum(count[kid] for kid in kids[key])
        totals = {remainder}
        for kid in kids[key]:
            if secret(kid):
                ways = {count[kid]} | (expansions(kid) if kids[kid] else set())
                totals = {a + b for a in totals for b in ways}
        return totals

    return [
        (g.key, total)
        for g in groups
        if g.key not in hidden and kids[g.key]
        for total in sorted(expansions(g.key))
        if 0 < total < threshold
    ]


def rules_hold(groups: Sequence[Group], hidden: frozenset[str], threshold: int) -> bool:
    return not recoverable(groups, hidden) and not small_sums(groups, hidden, threshold)


def tree(*rows: tuple[str, str | None, int]) -> list[Group]:
    return [Group(key, parent, count) for key, parent, count in rows]


# ---------------------------------------------------------------------------------------
# Named examples.
# ---------------------------------------------------------------------------------------


def test_oracle_rank_is_exact() -> None:
    one, two = Fraction(1), Fraction(2)
    assert rank([{"a": one, "b": one}, {"a": two, "b": two}]) == 1
    assert rank([{"a": one, "b": one}, {"a": one, "b": -one}, {"a": one}]) == 2
    assert rank([]) == 0


def test_trust_with_one_small_school_hides_it_and_the_next_smallest() -> None:
    groups = tree(("trust", None, 22), ("a", "trust", 2), ("b", "trust", 8), ("c", "trust", 12))
    hidden = hidden_keys(groups, threshold=5)
    assert hidden == {"a", "b"}
    # Showing only the small school's sibling would let trust - b - c give it away.
    assert recoverable(groups, frozenset({"a"})) == {"a"}
    assert rules_hold(groups, hidden, 5)


def test_a_trust_remainder_shields_a_small_school_when_large_enough() -> None:
    # 5 staff at the trust are in no school: a + remainder = 7 people, neither recoverable.
    groups = tree(("trust", None, 27), ("a", "trust", 2), ("b", "trust", 8), ("c", "trust", 12))
    assert hidden_keys(groups, threshold=5) == {"a"}


def test_role_group_within_a_school() -> None:
    # Teaching 15, support 3, and 2 staff who gave no role: support + the 2 = 5 people.
    groups = tree(("s", None, 20), ("s/teaching", "s", 15), ("s/support", "s", 3))
    assert hidden_keys(groups, threshold=5) == {"s/support"}
    # One fewer with no role: the block would be 4 people, so teaching goes too.
    groups = tree(("s", None, 19), ("s/teaching", "s", 15), ("s/support", "s", 3))
    assert hidden_keys(groups, threshold=5) == {"s/teaching", "s/support"}
    assert small_sums(groups, frozenset({"s/support"}), 5) == [("s", 4)]


def test_every_role_given_means_the_small_role_is_school_minus_the_rest() -> None:
    groups = tree(("s", None, 20), ("s/teaching", "s", 17), ("s/support", "s", 3))
    assert hidden_keys(groups, threshold=5) == {"s/teaching", "s/support"}


def test_a_small_remainder_alone_is_protected() -> None:
    # All groups are large, but school - teaching is the 1 person who gave no role.
    groups = tree(("s", None, 21), ("s/teaching", "s", 20))
    assert small_sums(groups, frozenset(), 5) == [("s", 1)]
    assert hidden_keys(groups, threshold=5) == {"s/teaching"}


def test_secondarily_hidden_parent_is_not_left_as_the_sum_of_its_children() -> None:
    # Hiding school b protects school a, but b = b1 + b2 (everyone gave a role), so one
    # of b's roles must be hidden as well.
    groups = tree(
        ("trust", None, 12),
        ("a", "trust", 2),
        ("b", "trust", 10),
        ("b1", "b", 5),
        ("b2", "b", 5),
    )
    assert recoverable(groups, frozenset({"a", "b"})) == {"a", "b"}
    hidden = hidden_keys(groups, threshold=5)
    # Hiding the trust instead would hide fewer people, but its own result matters more.
    assert hidden == {"a", "b", "b1"}
    assert rules_hold(groups, hidden, 5)


def test_hidden_people_are_not_leaked_by_combining_two_levels() -> None:
    # Hiding s, a and p passes the one-level rule (trust minus c leaves s + p = 11), but
    # trust - c - b = s + a = 2 people. b must be hidden too.
    groups = tree(
        ("trust", None, 31),
        ("s", "trust", 1),
        ("p", "trust", 10),
        ("p/a", "p", 1),
        ("p/b", "p", 9),
        ("c", "trust", 20),
    )
    assert not recoverable(groups, frozenset({"s", "p", "p/a"}))
    assert small_sums(groups, frozenset({"s", "p", "p/a"}), 5) == [("trust", 2)]
    hidden = hidden_keys(groups, threshold=5)
    assert hidden == {"s", "p", "p/a", "p/b"}
    assert rules_hold(groups, hidden, 5)


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [(3, {"s/r1", "s/r2"}), (5, {"s/r1", "s/r2", "s/r3"})],
)
def test_threshold_three_against_five(threshold: int, expected: set[str]) -> None:
    # Two roles of 2: at 3 their 4 people together are enough; at 5 they are not.
    groups = tree(("s", None, 20), ("s/r1", "s", 2), ("s/r2", "s", 2), ("s/r3", "s", 16))
    assert hidden_keys(groups, threshold=threshold) == expected


def test_two_small_groups_shield_each_other_when_together_large_enough() -> None:
    groups = tree(("s", None, 20), ("s/r1", "s", 4), ("s/r2", "s", 4), ("s/r3", "s", 12))
    assert hidden_keys(groups, threshold=5) == {"s/r1", "s/r2"}
    assert hidden_keys(groups, threshold=3) == frozenset()


def test_empty_groups_are_hidden_but_not_shielded() -> None:
    # Nobody in support answered: nothing to show, and knowing that it is empty reveals
    # no one's answers, so teaching (which then equals the school) stays visible.
    groups = tree(("s", None, 20), ("s/teaching", "s", 20), ("s/support", "s", 0))
    assert hidden_keys(groups, threshold=5) == {"s/support"}
    # The same for a school where nobody answered.
    groups = tree(("t", None, 30), ("a", "t", 0), ("b", "t", 10), ("c", "t", 20))
    assert hidden_keys(groups, threshold=5) == {"a"}


def test_small_root_hides_everything_below_it() -> None:
    groups = tree(("t", None, 4), ("a", "t", 1), ("b", "t", 3))
    assert hidden_keys(groups, threshold=5) == {"t", "a", "b"}


def test_each_tree_of_a_forest_is_protected_on_its_own() -> None:
    groups = tree(
        ("t1", None, 22),
        ("t1/a", "t1", 2),
        ("t1/b", "t1", 20),
        ("t2", None, 30),
        ("t2/a", "t2", 10),
        ("t2/b", "t2", 20),
    )
    assert hidden_keys(groups, threshold=5) == {"t1/a", "t1/b"}


@pytest.mark.parametrize(
    ("groups", "threshold", "message"),
    [
        (tree(("a", None, 5), ("a", None, 6)), 5, "'a' appears more than once"),
        (tree(("a", None, 5), ("b", "nowhere", 1)), 5, "'b' has an unknown parent 'nowhere'"),
        (tree(("a", "b", 1), ("b", "a", 1)), 5, "'a' is in a cycle"),
        (tree(("r", None, 5), ("a", "a", 1)), 5, "'a' is in a cycle"),
        (tree(("0", "x", 1), ("x", "y", 1), ("y", "x", 1)), 5, "'x' is in a cycle"),
        (tree(("a", None, -1)), 5, "'a' has a negative count"),
        (tree(("a", None, 5), ("b", "a", 3), ("c", "a", 3)), 5, "children of group 'a'"),
        (tree(("a", None, 5)), 0, "threshold must be at least 1"),
    ],
)
def test_invalid_input_is_refused_naming_the_key(
    groups: list[Group], threshold: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        hidden_keys(groups, threshold=threshold)


def test_accepts_any_iterable_and_returns_a_frozenset() -> None:
    result = hidden_keys(iter(tree(("a", None, 3))), threshold=5)
    assert result == frozenset({"a"})
    assert isinstance(result, frozenset)


# ---------------------------------------------------------------------------------------
# Properties over random trees.
# ---------------------------------------------------------------------------------------


@st.composite
def forests(draw: st.DrawFn) -> list[Group]:
    """One or two trees, up to three levels below the root and up to eight children a
    node; leaves have 0-30 respondents and a parent's remainder is often zero."""
    groups: list[Group] = []

    def grow(key: str, parent: str | None, depth: int) -> int:
        width = draw(st.integers(0, 8)) if depth < 3 else 0
        inside = sum(grow(f"{key}/{i}", key, depth + 1) for i in range(width))
        if width:
            rest = draw(st.one_of(st.just(0), st.integers(1, 6), st.integers(0, 30)))
        else:
            rest = draw(st.integers(0, 30))
        groups.append(Group(key, parent, inside + rest))
        return inside + rest

    for root in range(draw(st.integers(1, 2))):
        grow(f"t{root}", None, 0)
    return groups


PROPERTIES = settings(max_examples=150, deadline=None)


@PROPERTIES
@given(groups=forests(), threshold=st.integers(3, 10))
def test_rules_hold_on_random_trees(groups: list[Group], threshold: int) -> None:
    hidden = hidden_keys(groups, threshold=threshold)
    # (c) every small group is hidden
    assert {g.key for g in groups if g.count < threshold} <= hidden
    # (a) no hidden group with respondents lies in the span of what is known
    assert recoverable(groups, hidden) == set()
    # (b) every block of hidden people a reader can isolate is 0 or >= threshold; this
    # includes each single equation "parent = children + remainder" with a shown parent
    assert small_sums(groups, hidden, threshold) == []
    # (d) no hidden group of at least threshold people could be shown on its own
    for g in groups:
        if g.key in hidden and g.count >= threshold:
            assert not rules_hold(groups, hidden - {g.key}, threshold), g.key


@settings(max_examples=60, deadline=None)
@given(groups=forests(), threshold=st.integers(3, 10), seed=st.integers(0, 2**32))
def test_result_does_not_depend_on_input_order(
    groups: list[Group], threshold: int, seed: int
) -> None:
    shuffled = list(groups)
    random.Random(seed).shuffle(shuffled)
    assert hidden_keys(shuffled, threshold=threshold) == hidden_keys(groups, threshold=threshold)
