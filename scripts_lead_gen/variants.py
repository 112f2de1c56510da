"""Stable assignment of companies to script variants (A/B tests of call scenarios)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def assign_variant(company_id: str, variants: Sequence[tuple[str, float]], salt: str = "") -> str:
    """Pick a variant for a company, in proportion to the ratios, always the same one.

    The company id (and an optional ``salt``, e.g. the campaign key, so that two campaigns
    do not split companies identically) is hashed to a point in [0, 1); the variants
    share that interval by their ratios, in the order given. Raises ``ValueError`` for no
    variants, a negative ratio or ratios summing to zero.
    """
    if not variants:
        raise ValueError("no variants to choose from")
    total = 0.0
    for name, ratio in variants:
        if ratio < 0 or ratio != ratio:
            raise ValueError(f"variant {name!r} has an invalid ratio {ratio!r}")
        total += ratio
    if total <= 0:
        raise ValueError("the variant ratios sum to zero")
    digest = hashlib.sha256(f"{salt}\x00{company_id}".encode()).digest()
    point = int.from_bytes(digest[:8], "big") / 2**64 * total
    acc = 0.0
    chosen = variants[-1][0]
    for name, ratio in variants:
        acc += ratio
        if ratio > 0 and point < acc:
            chosen = name
            break
    else:
        chosen = next(name for name, ratio in reversed(variants) if ratio > 0)
    return chosen
