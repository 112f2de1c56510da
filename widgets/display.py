"""How values look on screen: NIPs, phone numbers, dates, times (no widgets here)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from app.services.normalize import normalize_phone

WARSAW = ZoneInfo("Europe/Warsaw")


def format_nip(nip: str | None) -> str:
    """123-456-32-18, the way NIPs are printed on Polish invoices."""
    if not nip:
        return ""
    if len(nip) == 10 and nip.isdigit():
        return f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"
    return nip


def format_phone(e164: str | None) -> str:
    """+48 22 123 45 67 (landline) or +48 601 234 567 (mobile); others as stored."""
    if not e164:
        return ""
    phone = normalize_phone(e164)
    return phone.national if phone is not None else e164


def local_time(iso: str) -> dt.datetime:
    """An ISO time from a service as Warsaw local time (naive input means UTC)."""
    value = dt.datetime.fromisoformat(iso)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(WARSAW)


def format_datetime(iso: str | None, language: str) -> str:
    if not iso:
        return ""
    when = local_time(iso)
    return when.strftime("%d.%m.%Y %H:%M" if language == "pl" else "%Y-%m-%d %H:%M")


def format_date(iso: str | None, language: str) -> str:
    if not iso:
        return ""
    when = local_time(iso) if "T" in iso else dt.datetime.fromisoformat(iso)
    return when.strftime("%d.%m.%Y" if language == "pl" else "%Y-%m-%d")


def format_time(iso: str | None) -> str:
    return local_time(iso).strftime("%H:%M") if iso else ""


def format_duration(seconds: int) -> str:
    minutes, secs = divmod(max(0, int(seconds)), 60)
    return f"{minutes}:{secs:02d}"


def format_number(value: float | int, language: str) -> str:
    """Thousands separated by a (thin) space in Polish, a comma in English."""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}"
    else:
        text = f"{int(value):,}"
    if language == "pl":
        return text.replace(",", "\u00a0").replace(".", ",")
    return text


def day_ranges(days: list[int], names: tuple[str, ...]) -> str:
    """[0, 1, 2, 4] with weekday names → "Mon–Wed, Fri" (0 = Monday)."""
    runs: list[list[int]] = []
    for d in sorted(set(days)):
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    out = []
    for run in runs:
        if len(run) >= 3:
            out.append(f"{names[run[0]]}–{names[run[-1]]}")
        else:
            out.extend(names[d] for d in run)
    return ", ".join(out)


def weekly_hours(hours: dict[str, list[list[str]]], names: tuple[str, ...]) -> str:
    """{"0": [["09:00", "17:00"]], …, "6": []} → "Mon–Fri 09:00–17:00"."""
    by_span: dict[str, list[int]] = {}
    for day, spans in sorted(hours.items()):
        if spans:
            text = ", ".join(f"{a}–{b}" for a, b in spans)
            by_span.setdefault(text, []).append(int(day))
    return "; ".join(f"{day_ranges(days, names)} {text}" for text, days in by_span.items())
