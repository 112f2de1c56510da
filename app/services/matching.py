"""The record-matching engine behind ``prospector dedup``: blocking, pair scoring and
clustering. Pure (no database), vectorised with numpy and rapidfuzz.

How it works
------------
1. **Blocking.** Candidate pairs come from :class:`Block` rules: records sharing a key
   (NIP, a phone, an e-mail, name prefix + postcode …) and a *sorted neighbourhood*
   (records next to each other when sorted by a key, within a window). A block larger
   than its window is walked in sorted order with that window, so no key can make the
   work quadratic. Before anything is compared the number of pairs is counted; over
   ``Model.max_pairs`` (200 million) the run is refused with a message suggesting
   blocking keys.
2. **Scoring.** Each :class:`Compare` turns a pair into a weight — a log2 Bayes factor,
   as in the Fellegi–Sunter model: agreement on a rare, reliable field adds a lot,
   disagreement subtracts. The pair's score is ``prior + Σ weights`` (log2 odds) and its
   match probability ``1 / (1 + 2 ** -score)``. Fuzzy comparisons use rapidfuzz
   similarity bands. Weights are set by hand (the Polish company model in
   :mod:`app.services.company_matching`, documented there) or estimated from the data by
   :func:`fit` (u from random pairs, m by EM).
3. **Clustering.** Pairs at or above the threshold are joined with union-find, best
   first. A ``conflict`` comparison (the NIP) is a hard rule: a cluster never holds two
   different values of it, however strong the other evidence, so sister companies with
   their own NIPs stay apart. Remembered decisions are must-link / cannot-link
   constraints.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from rapidfuzz import distance, fuzz, process

from app.errors import UserError
from app.services.normalize.companies import _NOISE_WORDS

__all__ = [
    "Block",
    "Compare",
    "MatchResult",
    "Model",
    "fit",
    "match",
    "probability",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
MAX_PAIRS = 200_000_000
CHUNK_PAIRS = 4_000_000

_SCORERS: dict[str, Callable[..., Any]] = {
    "ratio": distance.Indel.normalized_similarity,
    "token_sort": fuzz.token_sort_ratio,
    "token_set": fuzz.token_set_ratio,
    "jaro_winkler": distance.JaroWinkler.normalized_similarity,
    "levenshtein": distance.Levenshtein.normalized_similarity,
}
_PERCENT = frozenset({"token_sort", "token_set"})
ADDRESS_LEVELS: tuple[str, ...] = (
    "same_building",             # same street and number in the same place
    "same_street_other_number",  # same street, both numbers known and different
    "same_street_no_number",     # same street, a number missing
    "same_place_other_street",   # same postcode / town, different streets
    "same_postcode",             # same postcode, a street missing
    "same_town",                 # same town, a street missing
    "other_town",                # different towns (and postcodes)
)
STREET_SIMILAR = 0.85
# A record with no NIP and no legal form that matches two conflicting companies is left
# alone unless one of them wins by more than a shared e-mail is worth (a shared phone may
# be the group's switchboard).
BLIND_MARGIN = 7.5


@dataclass(frozen=True)
class Compare:
    """How one field of a pair is compared and what each outcome weighs (log2 odds)."""

    name: str
    column: str
    kind: Literal["exact", "fuzzy", "any", "address"] = "exact"
    agree: float = 0.0
    """exact / any: weight when equal. fuzzy: weight when identical."""
    disagree: float = 0.0
    """Weight when both are present and no other level applies."""
    bands: tuple[tuple[float, float], ...] = ()
    """fuzzy: (minimum similarity 0–1, weight), best band first."""
    scorers: tuple[str, ...] = ("ratio",)
    """fuzzy: rapidfuzz scorers; the pair's similarity is the highest of them."""
    subset: float | None = None
    """fuzzy: weight when no band is reached but one value's words are all in the other."""
    secondary: str | None = None
    """exact: a second column that, when equal, gives ``secondary_weight`` instead."""
    secondary_weight: float = 0.0
    conflict: bool = False
    """Different present values: never in one cluster (the NIP rule)."""
    unless: str | None = None
    """conflict: …unless this other column is present and equal (a legal form may differ
    between sources when the NIP is the same)."""
    width: int = 3
    """any: how many space-separated values of the column are compared."""
    typo: float | None = None
    """fuzzy: similarity given to values one typo apart (one letter changed, added,
    dropped or two swapped; at least 5 characters): short names score low on ratios."""
    word_diff: float | None = None
    """fuzzy: when set, names that share words and differ in the others (``Transbud
    Serwis`` / ``Transbud Logistyka``) are "different" if the differing words are less
    similar than this, and a name whose words are all in the other is a "subset"."""
    columns: tuple[str, ...] = ()
    """address: the street, building, postcode and town columns."""
    address: tuple[tuple[str, float], ...] = ()
    """address: weight of each outcome, named as in :data:`ADDRESS_LEVELS`."""

    def levels(self) -> list[str]:
        """Outcome names, in level-index order (0 = missing)."""
        if self.kind == "address":
            return ["missing", *ADDRESS_LEVELS]
        if self.kind == "fuzzy":
            out = ["missing", "identical", *(f">={t:g}" for t, _ in self.bands)]
            if self.subset is not None:
                out.append("subset")
            return [*out, "different"]
        out = ["missing", "equal"]
        if self.secondary is not None:
            out.append("secondary")
        return [*out, "different"]

    def weights(self) -> list[float]:
        if self.kind == "address":
            given = dict(self.address)
            return [0.0, *(given.get(name, 0.0) for name in ADDRESS_LEVELS)]
        if self.kind == "fuzzy":
            out = [0.0, self.agree, *(w for _, w in self.bands)]
            if self.subset is not None:
                out.append(self.subset)
            return [*out, self.disagree]
        out = [0.0, self.agree]
        if self.secondary is not None:
            out.append(self.secondary_weight)
        return [*out, self.disagree]

    def with_weights(self, weights: Sequence[float]) -> Compare:
        w = list(weights)
        if self.kind == "address":
            return replace(self, address=tuple(zip(ADDRESS_LEVELS, w[1:], strict=True)))
        if self.kind == "fuzzy":
            nb = len(self.bands)
            bands = tuple((t, w[2 + i]) for i, (t, _) in enumerate(self.bands))
            subset = w[2 + nb] if self.subset is not None else None
            return replace(self, agree=w[1], bands=bands, subset=subset, disagree=w[-1])
        secondary = w[2] if self.secondary is not None else self.secondary_weight
        return replace(self, agree=w[1], secondary_weight=secondary, disagree=w[-1])


@dataclass(frozen=True)
class Block:
    """A blocking rule. ``equal``: records whose key columns (cut to ``prefix``
    characters) are all present and equal; ``sorted``: neighbours within ``window``
    when sorted by the key."""

    name: str
    columns: tuple[str, ...]
    kind: Literal["equal", "sorted", "all"] = "equal"
    prefix: tuple[int | None, ...] = ()
    window: int = 40
    order_by: str | None = None
    """Sort inside a block by this column, so a windowed big block compares neighbours."""


@dataclass(frozen=True)
class Model:
    compares: tuple[Compare, ...]
    blocks: tuple[Block, ...]
    prior: float
    """log2 prior odds that a candidate pair is a match."""
    threshold: float = 0.8
    """Match probability at or above which a pair is joined."""
    uncertain_bits: float = 3.0
    """Pairs within this many bits (log2 odds) of the threshold are "uncertain"."""
    ambiguity_bits: float = 3.0
    """A record matching two conflicting records within this many bits of each other is
    joined to neither and listed as uncertain."""
    max_pairs: int = MAX_PAIRS

    def block_names(self) -> list[str]:
        return [b.name for b in self.blocks]

    def with_blocks(self, names: Sequence[str]) -> Model:
        """Keep only the named blocks (``all``: compare every pair)."""
        if list(names) == ["all"]:
            return replace(self, blocks=(Block("all", (), kind="all"),))
        known = {b.name: b for b in self.blocks}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise UserError(
                f"Unknown blocking key {', '.join(unknown)}; choose from "
                f"{', '.join(known)} or 'all'."
            )
        return replace(self, blocks=tuple(known[n] for n in names))


def probability(score: float | FloatArray) -> Any:
    return 1.0 / (1.0 + np.exp2(-np.asarray(score, dtype=np.float64)))


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log2(p / (1 - p))


# ---- prepared columns ---------------------------------------------------------------------


def _codes(values: Sequence[str | None]) -> IntArray:
    """Dense int codes of the values (-1 for missing): equal values, equal codes."""
    table: dict[str, int] = {}
    code = table.setdefault
    return np.array([code(v, len(table)) if v else -1 for v in values], dtype=np.int64)


class _Prepared:
    """Columns as numpy arrays: int codes (-1 = missing) and object arrays of text."""

    def __init__(self, frame: Mapping[str, Sequence[str | None]], n: int) -> None:
        self.frame = frame
        self.n = n
        self._codes: dict[str, IntArray] = {}
        self._text: dict[str, npt.NDArray[Any]] = {}
        self._multi: dict[tuple[str, int], list[IntArray]] = {}
        self._rank: dict[str, IntArray] = {}
        self._lengths: dict[str, IntArray] = {}

    def column(self, name: str) -> Sequence[str | None]:
        if name not in self.frame:
            raise KeyError(f"the records have no column {name!r}")
        return self.frame[name]

    def codes(self, name: str) -> IntArray:
        if name not in self._codes:
            self._codes[name] = _codes(self.column(name))
        return self._codes[name]

    def text(self, name: str) -> npt.NDArray[Any]:
        if name not in self._text:
            arr = np.empty(self.n, dtype=object)
            arr[:] = [v or "" for v in self.column(name)]
            self._text[name] = arr
        return self._text[name]

    def lengths(self, name: str) -> IntArray:
        if name not in self._lengths:
            self._lengths[name] = np.fromiter((len(v) if v else 0 for v in self.column(name)),
                                              dtype=np.int64, count=self.n)
        return self._lengths[name]

    def multi(self, name: str, width: int) -> list[IntArray]:
        key = (name, width)
        if key not in self._multi:
            table: dict[str, int] = {}
            cols = [np.full(self.n, -1, dtype=np.int64) for _ in range(width)]
            for i, v in enumerate(self.column(name)):
                if v:
                    for k, part in enumerate(v.split()[:width]):
                        cols[k][i] = table.setdefault(part, len(table))
            self._multi[key] = cols
        return self._multi[key]

    def rank(self, name: str) -> IntArray:
        """Position of each record when sorted by a column (missing last)."""
        if name not in self._rank:
            keyed = [v or "\uffff" for v in self.column(name)]
            order = sorted(range(self.n), key=keyed.__getitem__)
            rank = np.empty(self.n, dtype=np.int64)
            rank[np.asarray(order, dtype=np.int64)] = np.arange(self.n, dtype=np.int64)
            self._rank[name] = rank
        return self._rank[name]

    def key_codes(self, block: Block) -> IntArray:
        """One int per record for an ``equal`` block's key (-1: a part is missing)."""
        cache_key = f"block:{block.columns}:{block.prefix}"
        if cache_key not in self._codes:
            self._codes[cache_key] = self._key_codes(block)
        return self._codes[cache_key]

    def _key_codes(self, block: Block) -> IntArray:
        parts = []
        for i, col in enumerate(block.columns):
            cut = block.prefix[i] if i < len(block.prefix) else None
            values = self.column(col)
            if cut is not None:
                values = [v[:cut] if v else v for v in values]
            parts.append(values)
        if len(parts) == 1:
            return _codes(parts[0])
        joined = ["\x1f".join(p) if all(p) else None for p in zip(*parts, strict=True)]
        return _codes(joined)


# ---- blocking -----------------------------------------------------------------------------------


def _block_pairs(prep: _Prepared, block: Block) -> tuple[IntArray, IntArray]:
    n = prep.n
    if block.kind == "all":
        left, right = np.triu_indices(n, k=1)
        return left.astype(np.int64), right.astype(np.int64)
    if block.kind == "sorted":
        col = block.columns[0]
        present = np.fromiter((bool(v) for v in prep.column(col)), dtype=bool, count=n)
        rank = prep.rank(col)
        order = np.argsort(rank, kind="stable")
        order = order[present[order]]
        lefts, rights = [], []
        for d in range(1, block.window):
            if d >= len(order):
                break
            lefts.append(order[:-d])
            rights.append(order[d:])
        return _concat(lefts), _concat(rights)
    if block.columns == ("phones",):
        idx_parts: list[IntArray] = []
        key_parts: list[IntArray] = []
        for phone_codes in prep.multi("phones", 3):
            mask = phone_codes >= 0
            idx_parts.append(np.nonzero(mask)[0].astype(np.int64))
            key_parts.append(phone_codes[mask])
        index = _concat(idx_parts)
        keys = _concat(key_parts)
    else:
        keys_all = prep.key_codes(block)
        index = np.nonzero(keys_all >= 0)[0].astype(np.int64)
        keys = keys_all[index]
    if block.order_by is not None:
        sub = prep.rank(block.order_by)[index]
        order = np.lexsort((sub, keys))
    else:
        order = np.argsort(keys, kind="stable")
    index = index[order]
    keys = keys[order]
    lefts, rights = [], []
    for d in range(1, block.window + 1):
        if d >= len(index):
            break
        same = keys[:-d] == keys[d:]
        if not same.any():
            break
        lefts.append(index[:-d][same])
        rights.append(index[d:][same])
    return _concat(lefts), _concat(rights)


def _count_block(prep: _Prepared, block: Block) -> int:
    n = prep.n
    if block.kind == "all":
        return n * (n - 1) // 2
    if block.kind == "sorted":
        present = sum(1 for v in prep.column(block.columns[0]) if v)
        w = block.window - 1
        return sum(max(0, present - d) for d in range(1, w + 1))
    if block.columns == ("phones",):
        keys = _concat([c[c >= 0] for c in prep.multi("phones", 3)])
    else:
        keys = prep.key_codes(block)
        keys = keys[keys >= 0]
    if len(keys) == 0:
        return 0
    sizes = np.bincount(keys).astype(np.int64)
    sizes = sizes[sizes > 1]
    m = np.minimum(sizes - 1, block.window)
    return int((m * sizes - m * (m + 1) // 2).sum())


def _concat(parts: list[IntArray]) -> IntArray:
    if not parts:
        return np.empty(0, dtype=np.int64)
    return np.concatenate(parts).astype(np.int64, copy=False)


def candidate_pairs(prep: _Prepared, model: Model) -> tuple[IntArray, IntArray, int]:
    """Unique candidate pairs (left < right) of every block, and the count before
    de-duplication. Refuses a configuration over ``model.max_pairs``."""
    expected = sum(_count_block(prep, b) for b in model.blocks)
    if expected > model.max_pairs:
        raise UserError(
            f"This configuration would compare {expected:,} pairs of records (the limit is "
            f"{model.max_pairs:,}). Use blocking keys so that only likely pairs are "
            "compared, e.g. --block nip,regon,phone,email,name_postcode,name_sorted."
        )
    n = np.int64(max(prep.n, 1))
    codes: list[IntArray] = []
    for block in model.blocks:
        left, right = _block_pairs(prep, block)
        lo = np.minimum(left, right)
        hi = np.maximum(left, right)
        keep = lo != hi
        codes.append(lo[keep] * n + hi[keep])
    if not codes:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), 0
    if len(model.blocks) == 1 and model.blocks[0].kind == "all":
        allc = codes[0]
    else:
        allc = np.sort(np.concatenate(codes))
        if len(allc):
            allc = allc[np.concatenate(([True], allc[1:] != allc[:-1]))]
    return allc // n, allc % n, expected


# ---- scoring --------------------------------------------------------------------------------


def _levels(prep: _Prepared, c: Compare, left: IntArray, right: IntArray,
            workers: int) -> npt.NDArray[np.int8]:
    """The outcome level (index into ``c.levels()``) of every pair."""
    if c.kind == "any":
        cols = prep.multi(c.column, c.width)
        present_l = np.zeros(len(left), dtype=bool)
        present_r = np.zeros(len(left), dtype=bool)
        equal = np.zeros(len(left), dtype=bool)
        for a in cols:
            al = a[left]
            present_l |= al >= 0
            present_r |= a[right] >= 0
            for b in cols:
                equal |= (al >= 0) & (al == b[right])
        out = np.where(equal, 1, np.where(present_l & present_r, 2, 0))
        return out.astype(np.int8)
    if c.kind == "exact":
        codes = prep.codes(c.column)
        a, b = codes[left], codes[right]
        both = (a >= 0) & (b >= 0)
        equal = both & (a == b)
        out = np.where(equal, 1, 0)
        if c.secondary is not None:
            sc = prep.codes(c.secondary)
            sa, sb = sc[left], sc[right]
            sec = both & ~equal & (sa >= 0) & (sa == sb)
            out = np.where(sec, 2, out)
            out = np.where(both & ~equal & ~sec, 3, out)
        else:
            out = np.where(both & ~equal, 2, out)
        return out.astype(np.int8)
    if c.kind == "address":
        return _address_levels(prep, c, left, right, workers)
    return _fuzzy_levels(prep, c, left, right, workers)


def _similarity(prep: _Prepared, column: str, scorers: Sequence[str], left: IntArray,
                right: IntArray, workers: int, typo: float | None = None,
                ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.float32]]:
    """(both present, identical, best similarity 0–1) of a text column for each pair."""
    codes = prep.codes(column)
    a, b = codes[left], codes[right]
    both = (a >= 0) & (b >= 0)
    identical = both & (a == b)
    sim = np.where(identical, np.float32(1.0), np.float32(0.0)).astype(np.float32)
    todo = np.nonzero(both & ~identical)[0]
    if len(todo):
        text = prep.text(column)
        lt, rt = text[left[todo]], text[right[todo]]
        best = np.zeros(len(todo), dtype=np.float32)
        for name in scorers:
            s = process.cpdist(lt, rt, scorer=_SCORERS[name], workers=workers)
            if name in _PERCENT:
                s = s / 100.0
            best = np.maximum(best, s.astype(np.float32))
        if typo is not None:
            check = np.nonzero(best < typo)[0]
            if len(check):
                edits = process.cpdist(lt[check], rt[check], scorer=distance.OSA.distance,
                                       workers=workers)
                lengths = prep.lengths(column)
                short = np.minimum(lengths[left[todo[check]]], lengths[right[todo[check]]])
                one = check[(edits <= 1) & (short >= 5)]
                best[one] = typo
        sim[todo] = best
    return both, identical, sim


def _fuzzy_levels(prep: _Prepared, c: Compare, left: IntArray, right: IntArray,
                  workers: int) -> npt.NDArray[np.int8]:
    both, identical, sim = _similarity(prep, c.column, c.scorers, left, right, workers,
                                       c.typo)
    nb = len(c.bands)
    subset_level = 2 + nb if c.subset is not None else None
    different = 2 + nb + (1 if c.subset is not None else 0)
    out = np.zeros(len(left), dtype=np.int8)
    out[both] = different
    for i in range(nb - 1, -1, -1):
        out[both & (sim >= c.bands[i][0])] = 2 + i
    out[both & (sim >= 0.9999)] = 1
    out[identical] = 1
    lowest = c.bands[-1][0] if c.bands else 1.0
    text = prep.text(c.column)
    if c.word_diff is not None:
        # Word-level look at the pairs a band would join: sisters differ in whole words.
        banded = np.nonzero(both & ~identical & (sim >= lowest))[0]
        for k, x, y in zip(banded.tolist(), text[left[banded]].tolist(),
                           text[right[banded]].tolist(), strict=True):
            relation = _word_relation(x, y, c.word_diff)
            if relation == "same":
                out[k] = 1
            elif relation == "subset" and subset_level is not None:
                out[k] = subset_level
            elif relation == "different":
                out[k] = different
    if subset_level is not None:
        low = np.nonzero(both & ~identical & (sim < lowest))[0]
        if len(low):
            ss = process.cpdist(text[left[low]], text[right[low]], scorer=fuzz.token_set_ratio,
                                workers=workers)
            for k in low[ss >= 100].tolist():
                relation = _word_relation(text[left[k]], text[right[k]], c.word_diff or 0.0)
                out[k] = 1 if relation == "same" else subset_level
    return out


# Long business-kind words the normaliser drops from names; a typo in one ("przedsiebiorstwoo")
# must not make a name look longer than another.
_LONG_NOISE = tuple(w for w in _NOISE_WORDS if len(w) >= 6)


@lru_cache(maxsize=1 << 16)
def _noise_typo(word: str) -> bool:
    if len(word) < 6:
        return False
    return process.extractOne(word, _LONG_NOISE, scorer=distance.OSA.distance,
                              score_cutoff=1) is not None


def _word_relation(x: str, y: str, cut: float) -> str | None:
    """How two names relate word by word: ``same`` (the same words, up to order, typos
    and business-kind words), ``subset`` (one has extra words), ``different`` (they share
    words and the words that differ are not alike: sister companies) or ``None``."""
    wa, wb = set(x.split()), set(y.split())
    only_a = {w for w in wa - wb if not _noise_typo(w)}
    only_b = {w for w in wb - wa if not _noise_typo(w)}
    for w in sorted(only_a):
        for v in sorted(only_b):
            if min(len(w), len(v)) >= 2 and distance.OSA.distance(w, v, score_cutoff=1) <= 1:
                only_a.discard(w)
                only_b.discard(v)
                break
    if not only_a and not only_b:
        return "same"
    if not only_a or not only_b:
        return "subset"
    if wa & wb and distance.Indel.normalized_similarity(
        " ".join(sorted(only_a)), " ".join(sorted(only_b))
    ) < cut:
        return "different"
    return None


def _address_levels(prep: _Prepared, c: Compare, left: IntArray, right: IntArray,
                    workers: int) -> npt.NDArray[np.int8]:
    street_col, building_col, postcode_col, town_col = c.columns
    st_both, _, st_sim = _similarity(prep, street_col, ("ratio",), left, right, workers,
                                     typo=0.95)
    same_street = st_both & (st_sim >= STREET_SIMILAR)

    def eq(col: str) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        codes = prep.codes(col)
        a, b = codes[left], codes[right]
        both = (a >= 0) & (b >= 0)
        return both, both & (a == b)

    b_both, b_eq = eq(building_col)
    pc_both, pc_eq = eq(postcode_col)
    town_both, town_eq = eq(town_col)
    same_place = pc_eq | (town_eq & ~(pc_both & ~pc_eq & ~same_street))
    other_town = town_both & ~town_eq & ~pc_eq
    lv = {name: i + 1 for i, name in enumerate(ADDRESS_LEVELS)}
    out = np.zeros(len(left), dtype=np.int8)
    out[other_town] = lv["other_town"]
    out[same_place & ~st_both & town_eq] = lv["same_town"]
    out[same_place & ~st_both & pc_eq] = lv["same_postcode"]
    out[same_place & st_both & ~same_street] = lv["same_place_other_street"]
    out[same_place & same_street & ~b_both] = lv["same_street_no_number"]
    out[same_place & same_street & b_both & ~b_eq] = lv["same_street_other_number"]
    out[same_place & same_street & b_eq] = lv["same_building"]
    return out


_COST = {"exact": 0, "any": 1, "address": 2, "fuzzy": 3}


def _score_chunk(prep: _Prepared, model: Model, left: IntArray, right: IntArray,
                 workers: int, floor: float = -math.inf,
                 ) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Scores (log2 odds) and hard conflicts of a chunk of pairs.

    Cheap comparisons go first; before each costly one, pairs that could not reach
    ``floor`` even if every remaining comparison agreed are dropped (score ``-inf``).
    """
    n = len(left)
    score = np.full(n, model.prior, dtype=np.float64)
    order = sorted(range(len(model.compares)), key=lambda k: _COST[model.compares[k].kind])
    best = [max(c.weights()) for c in model.compares]
    remaining = sum(best)
    alive = np.arange(n, dtype=np.int64)
    levels: dict[str, npt.NDArray[np.int8]] = {}
    for k in order:
        c = model.compares[k]
        remaining -= best[k]
        if _COST[c.kind] >= 2 and len(alive):
            alive = alive[score[alive] + best[k] + remaining >= floor]
        lv_alive = _levels(prep, c, left[alive], right[alive], workers)
        lv = np.zeros(n, dtype=np.int8)
        lv[alive] = lv_alive
        levels[c.column] = lv
        score[alive] += np.asarray(c.weights(), dtype=np.float64)[lv_alive]
    dead = np.ones(n, dtype=bool)
    dead[alive] = False
    score[dead] = -math.inf
    conflict = np.zeros(n, dtype=bool)
    for c in model.compares:
        if not c.conflict:
            continue
        hit = levels[c.column] == len(c.levels()) - 1
        if c.unless is not None and c.unless in levels:
            hit &= levels[c.unless] != 1
        conflict |= hit
    return score, conflict


# ---- clustering ---------------------------------------------------------------------------------


@dataclass
class MatchResult:
    labels: IntArray
    """Cluster label per record (the smallest record index in the cluster)."""
    pairs_compared: int
    pairs_expected: int
    matched_pairs: int
    uncertain: list[tuple[int, int, float]]
    """(i, j, probability) of pairs within ``uncertain_bits`` of the threshold, closest first."""
    uncertain_total: int
    kept_apart: int
    """Pairs above the threshold refused by a hard rule or a remembered decision."""
    ambiguous: int = 0
    """Records left alone because they match two conflicting records about equally."""
    uncertain_detail: list[dict[str, list[str]]] = field(default_factory=list)
    """Per uncertain pair: the comparisons that ``agree`` and those that ``differ``."""
    seconds: dict[str, float] = field(default_factory=dict)


class _UnionFind:
    """Union-find whose clusters carry the values of the conflict columns."""

    def __init__(self, n: int, conflicts: list[tuple[IntArray, int | None]]) -> None:
        self.parent = list(range(n))
        self.conflicts = conflicts
        """Per conflict column: codes per record and the index of its "unless" column."""
        self.values: dict[int, list[int]] = {}
        self.apart: dict[int, set[int]] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def _vals(self, root: int) -> list[int]:
        found = self.values.get(root)
        if found is None:
            return [int(col[root]) for col, _ in self.conflicts]
        return found

    def can_join(self, ra: int, rb: int, *, hard_only: bool = False) -> bool:
        """May clusters ra and rb become one? ``hard_only``: check only the rules no
        decision overrides (conflicts without an "unless", i.e. the NIP)."""
        va, vb = self._vals(ra), self._vals(rb)
        for k, (_, unless) in enumerate(self.conflicts):
            x, y = va[k], vb[k]
            if x >= 0 and y >= 0 and x != y:
                if unless is not None and (hard_only or (va[unless] >= 0
                                                         and va[unless] == vb[unless])):
                    continue
                return False
        if hard_only:
            return True
        sa, sb = self.apart.get(ra), self.apart.get(rb)
        if sa and sb:
            return not ({-t for t in sa} & sb)
        return True

    def join(self, ra: int, rb: int) -> int:
        if rb < ra:
            ra, rb = rb, ra
        va, vb = self._vals(ra), self._vals(rb)
        self.values[ra] = [x if x >= 0 else y for x, y in zip(va, vb, strict=True)]
        self.values.pop(rb, None)
        sb = self.apart.pop(rb, None)
        if sb:
            self.apart.setdefault(ra, set()).update(sb)
        self.parent[rb] = ra
        return ra

    def conflicting(self, i: int, j: int) -> bool:
        """Do records i and j (not clusters) carry conflicting values?"""
        for col, unless in self.conflicts:
            x, y = int(col[i]), int(col[j])
            if x >= 0 and y >= 0 and x != y:
                if unless is not None:
                    u = self.conflicts[unless][0]
                    if u[i] >= 0 and u[i] == u[j]:
                        continue
                return True
        return False


def _ambiguous(uf: _UnionFind, kl: IntArray, kr: IntArray, ks: FloatArray,
               usable: npt.NDArray[np.bool_], threshold: float, margin: float,
               blind: npt.NDArray[np.bool_]) -> set[int]:
    """Records that match two conflicting records (different NIPs, or different legal
    forms) about equally well, so that joining either would be a guess.

    A *blind* record (no NIP and no legal form of its own) is ambiguous as soon as it
    matches one record at or above the threshold and a conflicting one anywhere in the
    kept range: a directory entry "Transbud, ul. Polna 3" next to "Transbud sp. z o.o." and
    "Transbud sp.k." at that address may be either, whatever phone they share.
    """
    idx = np.nonzero(usable)[0]
    ends = np.concatenate([kl[idx], kr[idx]])
    counts = np.bincount(ends, minlength=len(uf.parent)) if len(ends) else np.zeros(0, dtype=np.int64)
    busy = np.nonzero(counts >= 2)[0]
    if len(busy) == 0:
        return set()
    busy_mask = np.zeros(len(uf.parent), dtype=bool)
    busy_mask[busy] = True
    partners: dict[int, list[tuple[float, int]]] = {}
    for a, b, sc in zip(kl[idx].tolist(), kr[idx].tolist(), ks[idx].tolist(), strict=True):
        if busy_mask[a]:
            partners.setdefault(a, []).append((sc, b))
        if busy_mask[b]:
            partners.setdefault(b, []).append((sc, a))
    found: set[int] = set()
    for i, lst in partners.items():
        lst.sort(reverse=True)
        best, j = lst[0]
        if best < threshold:
            continue
        reach = BLIND_MARGIN if blind[i] else margin
        for sc, k in lst[1:]:
            if best - sc > reach or (not blind[i] and sc < threshold):
                break
            if uf.conflicting(j, k):
                found.add(i)
                break
    return found


def match(
    frame: Mapping[str, Sequence[str | None]],
    model: Model,
    *,
    must_link: Sequence[tuple[int, int]] = (),
    cannot_link: Sequence[tuple[int, int]] = (),
    workers: int = 2,
    max_uncertain: int = 10_000,
    progress: Callable[[str, int, int], None] | None = None,
) -> MatchResult:
    """Cluster the records of ``frame`` (column name → one value per record)."""
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    n = len(next(iter(frame.values()))) if frame else 0
    prep = _Prepared(frame, n)
    left, right, expected = candidate_pairs(prep, model)
    times["blocking"] = time.perf_counter() - t0
    threshold = _logit(model.threshold)
    low = threshold - model.uncertain_bits
    keep_l, keep_r, keep_s, keep_c = [], [], [], []
    total = len(left)
    t1 = time.perf_counter()
    for start in range(0, total, CHUNK_PAIRS):
        sl, sr = left[start:start + CHUNK_PAIRS], right[start:start + CHUNK_PAIRS]
        score, conflict = _score_chunk(prep, model, sl, sr, workers, floor=low)
        keep = score >= low
        keep_l.append(sl[keep])
        keep_r.append(sr[keep])
        keep_s.append(score[keep])
        keep_c.append(conflict[keep])
        if progress is not None:
            progress("scoring", min(start + CHUNK_PAIRS, total), total)
    times["scoring"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    kl, kr = _concat(keep_l), _concat(keep_r)
    ks = np.concatenate(keep_s) if keep_s else np.empty(0)
    kc = np.concatenate(keep_c) if keep_c else np.empty(0, dtype=bool)
    conflict_compares = [c for c in model.compares if c.conflict]
    names = [c.column for c in conflict_compares]
    uf = _UnionFind(n, [
        (prep.codes(c.column), names.index(c.unless) if c.unless in names else None)
        for c in conflict_compares
    ])
    for token, (a, b) in enumerate(cannot_link, start=1):
        uf.apart.setdefault(a, set()).add(token)
        uf.apart.setdefault(b, set()).add(-token)
    for a, b in must_link:
        ra, rb = uf.find(a), uf.find(b)
        if ra != rb and uf.can_join(ra, rb, hard_only=True):  # no decision overrides the NIP
            uf.join(ra, rb)
    order = np.argsort(-ks, kind="stable")
    matched = kept_apart = 0
    above = (ks >= threshold) & ~kc
    blind = np.ones(n, dtype=bool)
    for codes, _ in uf.conflicts:
        blind &= codes < 0
    ambiguous = (_ambiguous(uf, kl, kr, ks, ~kc, threshold, model.ambiguity_bits, blind)
                 if conflict_compares and model.ambiguity_bits else set())
    review = np.zeros(len(ks), dtype=bool)
    touching = np.zeros(len(ks), dtype=bool)
    if ambiguous:
        amb = np.zeros(n, dtype=bool)
        amb[list(ambiguous)] = True
        touching = ~kc & (amb[kl] | amb[kr])
        review = above & touching
        above &= ~review
    kept_apart += int(((ks >= threshold) & kc).sum())
    for idx in order[above[order]].tolist():
        ra, rb = uf.find(int(kl[idx])), uf.find(int(kr[idx]))
        if ra == rb:
            matched += 1
            continue
        if uf.can_join(ra, rb):
            uf.join(ra, rb)
            matched += 1
        else:
            kept_apart += 1
    if ambiguous:
        unresolved = _settle_ambiguous(prep, model, uf, ambiguous, kl, kr, touching, threshold,
                                       low, blind, workers)
        amb = np.zeros(n, dtype=bool)
        amb[list(unresolved)] = True
        review &= amb[kl] | amb[kr]
        ambiguous = unresolved
    labels = np.fromiter((uf.find(i) for i in range(n)), dtype=np.int64, count=n)
    near_mask = review.copy()
    if model.uncertain_bits:
        near_mask |= (ks < threshold + model.uncertain_bits) & ~kc
    near = np.nonzero(near_mask)[0]
    near = near[np.argsort(np.abs(ks[near] - threshold), kind="stable")]
    uncertain = [
        (int(kl[i]), int(kr[i]), float(probability(ks[i]))) for i in near[:max_uncertain].tolist()
    ]
    detail: list[dict[str, list[str]]] = []
    if uncertain:
        ul = np.asarray([u[0] for u in uncertain], dtype=np.int64)
        ur = np.asarray([u[1] for u in uncertain], dtype=np.int64)
        for row in _field_weights(prep, model, ul, ur, workers):
            detail.append({
                "agree": [c.name for k, c in enumerate(model.compares) if row[k] > 0],
                "differ": [c.name for k, c in enumerate(model.compares) if row[k] < 0],
            })
    times["clustering"] = time.perf_counter() - t2
    return MatchResult(
        labels=labels, pairs_compared=total, pairs_expected=expected, matched_pairs=matched,
        uncertain=uncertain, uncertain_total=len(near), kept_apart=kept_apart,
        ambiguous=len(ambiguous), uncertain_detail=detail, seconds=times,
    )


def _field_weights(prep: _Prepared, model: Model, left: IntArray, right: IntArray,
                   workers: int) -> FloatArray:
    """Weight of every comparison for every pair: shape (pairs, comparisons)."""
    out = np.zeros((len(left), len(model.compares)), dtype=np.float64)
    for k, c in enumerate(model.compares):
        out[:, k] = np.asarray(c.weights(), dtype=np.float64)[_levels(prep, c, left, right, workers)]
    return out


def _settle_ambiguous(prep: _Prepared, model: Model, uf: _UnionFind, ambiguous: set[int],
                      kl: IntArray, kr: IntArray, touching: npt.NDArray[np.bool_],
                      threshold: float, low: float, blind: npt.NDArray[np.bool_],
                      workers: int) -> set[int]:
    """Second look at records that matched conflicting records about equally well: now
    against whole clusters, each comparison counted at its best over the cluster's
    records (one record may bring the e-mail, another the phone). A record whose best
    cluster wins by more than ``model.ambiguity_bits`` (a blind record: whose best cluster
    has no conflicting rival in the kept range at all) joins it; the others stay alone."""
    rows = np.nonzero(touching)[0]
    weights = _field_weights(prep, model, kl[rows], kr[rows], workers)
    partners: dict[int, list[tuple[int, int]]] = {}
    for k, (a, b) in enumerate(zip(kl[rows].tolist(), kr[rows].tolist(), strict=True)):
        if a in ambiguous:
            partners.setdefault(a, []).append((b, k))
        if b in ambiguous:
            partners.setdefault(b, []).append((a, k))
    unresolved: set[int] = set()
    for i in sorted(partners):
        groups: dict[int, FloatArray] = {}
        for other, k in partners[i]:
            root = uf.find(other)
            if root == uf.find(i):
                continue
            found = groups.get(root)
            groups[root] = weights[k] if found is None else np.maximum(found, weights[k])
        scored = sorted(((model.prior + float(w.sum()), r) for r, w in groups.items()),
                        reverse=True)
        if not scored or scored[0][0] < threshold:
            continue
        best, best_root = scored[0]
        floor = max(low, best - BLIND_MARGIN) if blind[i] else max(threshold, best - model.ambiguity_bits)
        mine = uf.find(i)
        rivals = [r for sc, r in scored[1:]
                  if sc >= floor and uf.can_join(mine, uf.find(r))
                  and not uf.can_join(uf.find(best_root), uf.find(r))]
        if rivals:
            unresolved.add(i)
            continue
        for sc, r in scored:
            ri, rr = uf.find(i), uf.find(r)
            if sc >= threshold and ri != rr and uf.can_join(ri, rr):
                uf.join(ri, rr)
    return unresolved


# ---- estimating weights from the data (Fellegi–Sunter, EM) ----------------------------------


def fit(
    frame: Mapping[str, Sequence[str | None]],
    model: Model,
    *,
    random_pairs: int = 200_000,
    iterations: int = 40,
    seed: int = 1,
    workers: int = 2,
) -> Model:
    """Estimate the weights of ``model`` from the records, without labels.

    u (how often each outcome happens by chance) from random pairs; m (how often it
    happens for true matches) and the share of matches among the candidate pairs by
    expectation–maximisation over the blocked pairs, as recordlinkage's ECM and splink
    do. Missing values weigh 0.
    """
    n = len(next(iter(frame.values())))
    prep = _Prepared(frame, n)
    rng = np.random.default_rng(seed)
    rl = rng.integers(0, n, random_pairs)
    rr = rng.integers(0, n, random_pairs)
    keep = rl != rr
    rl, rr = rl[keep].astype(np.int64), rr[keep].astype(np.int64)
    left, right, _ = candidate_pairs(prep, model)
    u_levels = [_levels(prep, c, rl, rr, workers) for c in model.compares]
    b_levels = [_levels(prep, c, left, right, workers) for c in model.compares]
    sizes = [len(c.levels()) for c in model.compares]
    us = []
    for u_lv, size in zip(u_levels, sizes, strict=True):
        u_counts = np.bincount(u_lv, minlength=size).astype(np.float64)[1:] + 0.5
        us.append(u_counts / u_counts.sum())
    # Patterns of levels with their counts make EM cheap.
    stacked = np.stack(b_levels, axis=1).astype(np.int64)
    patterns, counts = np.unique(stacked, axis=0, return_counts=True)
    counts_f = counts.astype(np.float64)
    ms = [np.full(size - 1, 1.0 / (size - 1)) for size in sizes]
    for k, c in enumerate(model.compares):  # start: agreement is likely among matches
        ms[k] = np.linspace(1.0, 0.1, sizes[k] - 1)
        ms[k] /= ms[k].sum()
        del c
    lam = 0.3
    for _ in range(iterations):
        log_m = np.zeros(len(patterns))
        log_u = np.zeros(len(patterns))
        for k in range(len(model.compares)):
            pk = patterns[:, k]
            present = pk > 0
            idx = np.where(present, pk - 1, 0)
            log_m += np.where(present, np.log(ms[k][idx]), 0.0)
            log_u += np.where(present, np.log(us[k][idx]), 0.0)
        a = np.log(lam) + log_m
        b = np.log(1 - lam) + log_u
        g = 1.0 / (1.0 + np.exp(b - a))
        weighted = g * counts_f
        lam = float(min(max(weighted.sum() / counts_f.sum(), 1e-6), 1 - 1e-6))
        for k, size in enumerate(sizes):
            acc = np.bincount(patterns[:, k], weights=weighted, minlength=size)[1:] + 1e-3
            ms[k] = acc / acc.sum()
    compares = tuple(
        c.with_weights([0.0, *np.log2(ms[k] / us[k]).tolist()])
        for k, c in enumerate(model.compares)
    )
    return replace(model, compares=compares, prior=math.log2(lam / (1 - lam)))
