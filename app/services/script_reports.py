"""How call scripts perform: script variants compared, and the paths calls take.

:func:`variant_report` (``prospector report variants``) compares a campaign's script
variants (e.g. the brand's identity against a market-research identity) on three rates:

- **contact** — the company was reached (a call ended with a disposition that
  ``is_contact``);
- **qualification** — a call ended *qualified* (disposition category ``qualified``, or
  ``meeting``: a booked meeting implies a qualified lead);
- **meeting** — a call ended with a booked meeting (category ``meeting``).

The unit is the company, not the call: a company dialled three times under a variant
counts once, as reached if any of its calls reached it. Calls to one company are not
independent trials (the retries of an unreachable number cluster), so counting calls
would overstate the evidence. Every rate comes with its count, its denominator and a
95 % Wilson score interval; the variants are compared per rate with a two-proportion
z-test (two variants) or a chi-square test of homogeneity (more than two), computed
here with :mod:`math` alone.

:func:`script_path_report` (``prospector report script-paths``) tells, for every node of
every script the campaign's calls went through: how many calls *reached* it, how many
*answered* it (an ``ask`` node whose field has a value in the call's answers), how many
calls *dropped* there (the node was the last of the call's path but is not an end of the
script) or *ended* there (an end node), and the outcome distribution (disposition
codes) of the calls through it. Node kinds and fields come from the script definition:
the bundled scripts by id, or those passed in; a script that cannot be found is still
reported from its paths, without kinds (``answered`` and ``ended`` are then ``null``).
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from app.errors import NotFound
from models import CallAttempt, Campaign, Disposition
from scripts_lead_gen.library import BUNDLED_SCRIPT_FILES, load_bundled_script
from scripts_lead_gen.validate import CompiledScript
from scripts_lead_gen.values import is_missing

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution
ALPHA = 0.05
METRICS = ("contact", "qualification", "meeting")
QUALIFIED_CATEGORIES = frozenset({"qualified", "meeting"})
MEETING_CATEGORIES = frozenset({"meeting"})


# ------------------------------------------------------------------------- statistics


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion (``None`` when ``n`` is 0)."""
    if n <= 0:
        return None
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def normal_sf(z: float) -> float:
    """P(Z > z) for a standard normal Z."""
    return 0.5 * math.erfc(z / math.sqrt(2))


def chi2_sf(x: float, df: int) -> float:
    """P(X > x) for a chi-square variable with ``df`` degrees of freedom: the
    regularised upper incomplete gamma function Q(df/2, x/2)."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    if x <= 0:
        return 1.0
    a, y = df / 2, x / 2
    log_prefix = -y + a * math.log(y) - math.lgamma(a)
    if y < a + 1:  # the series for the lower function P converges fast here
        term = total = 1 / a
        k = a
        for _ in range(10_000):
            k += 1
            term *= y / k
            total += term
            if abs(term) < abs(total) * 1e-16:
                break
        return max(0.0, 1.0 - total * math.exp(log_prefix))
    tiny = 1e-300  # the continued fraction for Q (modified Lentz)
    b = y + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return min(1.0, math.exp(log_prefix) * h)


def two_proportion_z(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float] | None:
    """Pooled two-proportion z statistic and two-sided p-value; ``None`` when it is not
    defined (an empty group, or every trial with the same outcome)."""
    if n1 <= 0 or n2 <= 0:
        return None
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return None
    z = (k1 / n1 - k2 / n2) / se
    return z, 2 * normal_sf(abs(z))


def chi_square_homogeneity(
    counts: Sequence[tuple[int, int]],
) -> tuple[float, int, float, float] | None:
    """Chi-square test that several groups share one proportion.

    ``counts`` = ``[(successes, n), …]``; groups with ``n == 0`` are left out. Returns
    ``(statistic, df, p_value, smallest expected count)`` or ``None`` when fewer than two
    groups are left or every trial had the same outcome."""
    groups = [(k, n) for k, n in counts if n > 0]
    if len(groups) < 2:
        return None
    total_k = sum(k for k, _ in groups)
    total_n = sum(n for _, n in groups)
    p = total_k / total_n
    if p in (0.0, 1.0):
        return None
    statistic = 0.0
    smallest = math.inf
    for k, n in groups:
        for observed, expected in ((k, n * p), (n - k, n * (1 - p))):
            statistic += (observed - expected) ** 2 / expected
            smallest = min(smallest, expected)
    df = len(groups) - 1
    return statistic, df, chi2_sf(statistic, df), smallest


# ---------------------------------------------------------------------------- look-ups


@dataclass(frozen=True)
class _Outcome:
    is_contact: bool
    category: str


def _campaign(session: Session, key: str) -> Campaign:
    campaign = session.scalar(select(Campaign).where(Campaign.key == key))
    if campaign is None or campaign.deleted:
        keys = session.scalars(
            select(Campaign.key).where(Campaign.deleted.is_(False)).order_by(Campaign.key)
        ).all()
        raise NotFound(f"Unknown campaign {key!r}. Campaigns: {', '.join(keys) or 'none yet'}.")
    return campaign


def _outcomes(session: Session, campaign_id: uuid.UUID) -> dict[str, _Outcome]:
    """Disposition code → what it counts as; the campaign's own codes override the
    defaults every campaign inherits."""
    rows = session.execute(
        select(
            Disposition.code, Disposition.is_contact, Disposition.category, Disposition.campaign_id
        )
        .where(
            Disposition.deleted.is_(False),
            or_(Disposition.campaign_id.is_(None), Disposition.campaign_id == campaign_id),
        )
        .order_by(Disposition.campaign_id.is_not(None))  # defaults first, then overrides
    )
    return {code: _Outcome(bool(is_contact), category) for code, is_contact, category, _ in rows}


# ----------------------------------------------------------------------- variant report


def _rate(count: int, n: int) -> dict[str, Any]:
    interval = wilson_interval(count, n)
    return {
        "count": count,
        "n": n,
        "rate": round(count / n, 6) if n else None,
        "ci95": [round(interval[0], 6), round(interval[1], 6)] if interval else None,
    }


def _test(counts: Sequence[tuple[int, int]]) -> dict[str, Any]:
    groups = [(k, n) for k, n in counts if n > 0]
    if len(groups) < 2:
        return {
            "method": None,
            "statistic": None,
            "df": None,
            "p_value": None,
            "significant": None,
            "note": "fewer than two variants with calls: nothing to compare",
        }
    if len(groups) == 2:
        (k1, n1), (k2, n2) = groups
        z = two_proportion_z(k1, n1, k2, n2)
        out: dict[str, Any] = {"method": "two-proportion z-test", "df": None}
        if z is None:
            return out | {
                "statistic": None,
                "p_value": None,
                "significant": None,
                "note": "every company had the same outcome: no difference to test",
            }
        out |= {
            "statistic": round(z[0], 6),
            "p_value": round(z[1], 6),
            "significant": z[1] < ALPHA,
        }
        pooled = (k1 + k2) / (n1 + n2)
        smallest = min(n * min(pooled, 1 - pooled) for n in (n1, n2))
    else:
        chi = chi_square_homogeneity(groups)
        out = {"method": "chi-square test of homogeneity"}
        if chi is None:
            return out | {
                "statistic": None,
                "df": len(groups) - 1,
                "p_value": None,
                "significant": None,
                "note": "every company had the same outcome: no difference to test",
            }
        statistic, df, p_value, smallest = chi
        out |= {
            "statistic": round(statistic, 6),
            "df": df,
            "p_value": round(p_value, 6),
            "significant": p_value < ALPHA,
        }
    if smallest < 5:
        out["note"] = "fewer than 5 expected companies in a cell: the test is only a rough guide"
    return out


def variant_report(session: Session, campaign_key: str) -> dict[str, Any]:
    """Contact, qualification and meeting rates per script variant of a campaign,
    with 95 % Wilson intervals and a significance test per rate (see the module notes).

    Returns ``{"campaign", "unit": "company", "confidence": 0.95, "alpha": 0.05,
    "variants": [{"variant", "script_id", "weight", "caller_identity", "calls",
    "companies", "contact": {"count", "n", "rate", "ci95"}, "qualification": {…,
    "of_contacts": {…}}, "meeting": {…}}], "tests": {rate: {"method", "statistic", "df",
    "p_value", "significant", ["note"]}}}``. Variants defined on the campaign are listed
    even without calls; calls made under no variant appear as variant ``null``.
    """
    campaign = _campaign(session, campaign_key)
    outcomes = _outcomes(session, campaign.id)
    contact_codes = [c for c, o in outcomes.items() if o.is_contact]
    qualified_codes = [c for c, o in outcomes.items() if o.category in QUALIFIED_CATEGORIES]
    meeting_codes = [c for c, o in outcomes.items() if o.category in MEETING_CATEGORIES]
    code = CallAttempt.disposition_code

    def flag(codes: list[str]) -> Any:
        return func.max(case((code.in_(codes), 1), else_=0))

    per_company = (
        select(
            CallAttempt.variant.label("variant"),
            flag(contact_codes).label("contact"),
            flag(qualified_codes).label("qualified"),
            flag(meeting_codes).label("meeting"),
            func.count().label("calls"),
        )
        .where(CallAttempt.campaign_id == campaign.id, CallAttempt.deleted.is_(False))
        .group_by(CallAttempt.variant, CallAttempt.company_id)
        .subquery()
    )
    # Qualified and booked among the companies reached, for the "of_contacts" rates.
    reached = per_company.c.contact == 1
    rows = session.execute(
        select(
            per_company.c.variant,
            func.count(),
            func.sum(per_company.c.calls),
            func.sum(per_company.c.contact),
            func.sum(per_company.c.qualified),
            func.sum(per_company.c.meeting),
            func.sum(case((reached, per_company.c.qualified), else_=0)),
            func.sum(case((reached, per_company.c.meeting), else_=0)),
        ).group_by(per_company.c.variant)
    ).all()
    seen = {row[0]: tuple(int(v or 0) for v in row[1:]) for row in rows}

    variants: list[dict[str, Any]] = []
    defined = [v for v in campaign.variants or [] if isinstance(v, Mapping) and v.get("key")]
    order = [str(v["key"]) for v in defined]
    order += sorted((k for k in seen if k is not None and k not in order), key=str)
    keys: list[str | None] = list(order)
    if None in seen:
        keys.append(None)
    by_key = {str(v["key"]): v for v in defined}
    for key in keys:
        companies, calls, contacts, qualified, meetings, q_reached, m_reached = seen.get(
            key, (0, 0, 0, 0, 0, 0, 0)
        )
        info = by_key.get(key) if key is not None else None
        variants.append(
            {
                "variant": key,
                "script_id": (info or {}).get("script_id")
                or (campaign.script_id if key is None or info is None else None),
                "weight": (info or {}).get("weight"),
                "caller_identity": (info or {}).get("caller_identity")
                or (campaign.caller_identity if info is None else None),
                "calls": calls,
                "companies": companies,
                "contact": _rate(contacts, companies),
                "qualification": _rate(qualified, companies)
                | {"of_contacts": _rate(q_reached, contacts)},
                "meeting": _rate(meetings, companies) | {"of_contacts": _rate(m_reached, contacts)},
            }
        )
    tests = {
        metric: _test([(v[metric]["count"], v[metric]["n"]) for v in variants])
        for metric in METRICS
    }
    return {
        "campaign": campaign.key,
        "unit": "company",
        "confidence": 0.95,
        "alpha": ALPHA,
        "variants": variants,
        "tests": tests,
    }


# -------------------------------------------------------------------- script path report


def _bundled_scripts() -> dict[str, CompiledScript]:
    out = {}
    for file_name in BUNDLED_SCRIPT_FILES:
        compiled = load_bundled_script(file_name)
        out[compiled.id] = compiled
    return out


@dataclass
class _NodeTally:
    reached: int = 0
    answered: int = 0
    last: int = 0
    first_seen: int = 0
    outcomes: Counter[str] | None = None


def script_path_report(
    session: Session,
    campaign_key: str,
    scripts: Mapping[str, CompiledScript] | None = None,
) -> dict[str, Any]:
    """Per script and per node: reached, answered, dropped / ended here, outcomes.

    ``scripts`` maps script ids to their definitions (default: the bundled scripts).
    Returns ``{"campaign", "calls", "calls_with_path", "scripts": [{"script_id",
    "title", "known", "versions": {version: calls}, "calls", "nodes": [{"node", "kind",
    "field", "reached", "reached_share", "answered", "dropped", "ended",
    "outcomes": {code: calls}}]}]}``; nodes in the script's order (then nodes the
    definition lacks, as first met). A node counts once per call however often the call
    passed it (Back, loops).
    """
    campaign = _campaign(session, campaign_key)
    known = dict(_bundled_scripts() if scripts is None else scripts)
    total = 0
    per_script: dict[str, dict[str, Any]] = {}
    stmt = (
        select(
            CallAttempt.script_id,
            CallAttempt.script_version,
            CallAttempt.script_path,
            CallAttempt.answers,
            CallAttempt.disposition_code,
        )
        .where(CallAttempt.campaign_id == campaign.id, CallAttempt.deleted.is_(False))
        .execution_options(yield_per=2000)
    )
    for script_id, version, path, answers, disposition in session.execute(stmt):
        total += 1
        if not path:
            continue
        sid = script_id or campaign.script_id or "?"
        entry = per_script.setdefault(
            sid, {"calls": 0, "versions": Counter(), "nodes": {}, "order": 0}
        )
        entry["calls"] += 1
        entry["versions"][version] += 1
        compiled = known.get(sid)
        nodes: dict[str, _NodeTally] = entry["nodes"]
        answers = answers if isinstance(answers, Mapping) else {}
        for node_id in dict.fromkeys(str(n) for n in path):  # once per call, in order
            tally = nodes.get(node_id)
            if tally is None:
                tally = nodes[node_id] = _NodeTally(first_seen=entry["order"], outcomes=Counter())
                entry["order"] += 1
            tally.reached += 1
            assert tally.outcomes is not None
            tally.outcomes[disposition] += 1
            cnode = compiled.nodes.get(node_id) if compiled is not None else None
            if (
                cnode is not None
                and cnode.field is not None
                and not is_missing(answers.get(cnode.field.key))
            ):
                tally.answered += 1
        nodes[str(path[-1])].last += 1

    with_path = sum(e["calls"] for e in per_script.values())
    reports = []
    for sid in sorted(per_script):
        entry = per_script[sid]
        compiled = known.get(sid)
        tallies: dict[str, _NodeTally] = entry["nodes"]
        order: list[str] = list(compiled.nodes) if compiled is not None else []
        order += sorted(
            (n for n in tallies if compiled is None or n not in compiled.nodes),
            key=lambda n: tallies[n].first_seen,
        )
        rows = []
        for node_id in order:
            tally = tallies.get(node_id) or _NodeTally(outcomes=Counter())
            cnode = compiled.nodes.get(node_id) if compiled is not None else None
            is_end = cnode is not None and cnode.is_end
            outcomes = tally.outcomes or Counter()
            rows.append(
                {
                    "node": node_id,
                    "kind": cnode.kind if cnode is not None else None,
                    "field": cnode.field.key if cnode is not None and cnode.field else None,
                    "reached": tally.reached,
                    "reached_share": round(tally.reached / entry["calls"], 6),
                    "answered": (
                        tally.answered if cnode is not None and cnode.field is not None else None
                    ),
                    "dropped": 0 if is_end else tally.last,
                    "ended": tally.last if is_end else (0 if cnode is not None else None),
                    "outcomes": dict(sorted(outcomes.items(), key=lambda kv: (-kv[1], str(kv[0])))),
                }
            )
        reports.append(
            {
                "script_id": sid,
                "title": compiled.script.title if compiled is not None else None,
                "known": compiled is not None,
                "current_version": compiled.version if compiled is not None else None,
                "versions": dict(entry["versions"].most_common()),
                "calls": entry["calls"],
                "nodes": rows,
            }
        )
    return {
        "campaign": campaign.key,
        "calls": total,
        "calls_with_path": with_path,
        "scripts": reports,
    }
