"""Stable, proportional assignment of companies to script variants."""

from __future__ import annotations

from collections import Counter

import pytest

from scripts_lead_gen.variants import assign_variant

VARIANTS = [("brand", 0.7), ("research", 0.3)]


def test_assignment_is_stable() -> None:
    ids = [f"company-{i}" for i in range(200)]
    first = [assign_variant(c, VARIANTS) for c in ids]
    assert first == [assign_variant(c, list(VARIANTS)) for c in ids]


def test_assignment_follows_the_ratios() -> None:
    counts = Counter(assign_variant(f"c{i}", VARIANTS) for i in range(10_000))
    assert set(counts) == {"brand", "research"}
    assert 0.67 < counts["brand"] / 10_000 < 0.73


def test_three_way_and_zero_ratio() -> None:
    variants = [("a", 1), ("b", 0), ("c", 1)]
    counts = Counter(assign_variant(str(i), variants) for i in range(4000))
    assert counts["b"] == 0
    assert 0.45 < counts["a"] / 4000 < 0.55


def test_salt_changes_the_split_but_not_the_proportions() -> None:
    plain = [assign_variant(f"c{i}", VARIANTS) for i in range(500)]
    salted = [assign_variant(f"c{i}", VARIANTS, salt="campaign-2") for i in range(500)]
    assert plain != salted


def test_single_variant_and_bad_input() -> None:
    assert assign_variant("x", [("only", 1.0)]) == "only"
    with pytest.raises(ValueError, match="no variants"):
        assign_variant("x", [])
    with pytest.raises(ValueError, match="invalid ratio"):
        assign_variant("x", [("a", -1.0)])
    with pytest.raises(ValueError, match="sum to zero"):
        assign_variant("x", [("a", 0.0)])
