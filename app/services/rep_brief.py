"""The rep brief: one page a field sales rep reads before a meeting.

Built from the company card every time it is asked for (not stored), so a later
correction — or an erasure — reaches it: the address and how to get there, the decision
maker, the qualification answers with their labels (fleet, purchasing, decision makers,
interests, satisfaction; never consent fields), the offer discussed and the agent's notes.
Structured data first (:func:`build_brief`), then plain text and HTML renderings.
"""

from __future__ import annotations

import datetime as dt
import html
import urllib.parse
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.services.calling_rules import zone
from app.services.companies import company_card
from app.services.meetings import address_line, get_company, get_meeting
from app.services.poland import CONTACT_ROLES
from models import Campaign, FieldDefinition, SalesRep, User

BRIEF_GROUPS = ("fleet", "purchasing", "decision_makers", "interests", "satisfaction")
_GROUP_LABELS = {
    "fleet": ("Flota", "Fleet"),
    "purchasing": ("Zakupy", "Purchasing"),
    "decision_makers": ("Decydenci", "Decision makers"),
    "interests": ("Zainteresowania", "Interests"),
    "satisfaction": ("Satysfakcja", "Satisfaction"),
}
_WORDS = {
    "title": ("Brief spotkania", "Meeting brief"),
    "when": ("Termin", "When"),
    "rep": ("Przedstawiciel", "Sales rep"),
    "company": ("Firma", "Company"),
    "address": ("Adres", "Address"),
    "place": ("Miejsce spotkania", "Meeting place"),
    "directions": ("Dojazd", "Directions"),
    "map": ("Mapa", "Map"),
    "decision_maker": ("Osoba decyzyjna", "Decision maker"),
    "phone": ("Telefon", "Phone"),
    "email": ("E-mail", "E-mail"),
    "qualification": ("Kwalifikacja", "Qualification"),
    "offer": ("Oferta", "Offer"),
    "notes": ("Notatki konsultanta", "Agent's notes"),
    "booked": ("Umówił(a)", "Booked by"),
    "campaign": ("Kampania", "Campaign"),
    "status": ("Status", "Status"),
    "none": ("brak", "none"),
    "yes": ("tak", "yes"),
    "no": ("nie", "no"),
}
_ROLES = {r.key: (r.name_pl, r.name_en) for r in CONTACT_ROLES}
_STATUSES = {
    "tentative": ("wstępne (czeka na potwierdzenie)", "tentative (awaiting confirmation)"),
    "confirmed": ("potwierdzone", "confirmed"),
    "conflict": ("konflikt terminu — do przełożenia", "clash — to be rescheduled"),
    "held": ("odbyło się", "held"),
    "no_show": ("nie odbyło się", "did not take place"),
    "cancelled": ("odwołane", "cancelled"),
    "rescheduled": ("przełożone", "rescheduled"),
}


def _w(key: str, lang: str) -> str:
    pl, en = _WORDS[key]
    return pl if lang == "pl" else en


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "pl" else pair[1]


def _format_value(value: Any, fd: FieldDefinition | None, lang: str) -> str:
    if isinstance(value, bool):
        return _w("yes" if value else "no", lang)
    choices = {str(c.get("value")): c for c in (fd.choices if fd else []) or []}

    def label(v: Any) -> str:
        c = choices.get(str(v))
        if c is None:
            return str(v)
        return str(c.get("label_pl" if lang == "pl" else "label_en") or v)

    if isinstance(value, list):
        return ", ".join(label(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return label(value)


def _decision_maker(
    card: dict[str, Any], contact_id: uuid.UUID | None, lang: str
) -> dict[str, Any] | None:
    contacts = card["contacts"]
    chosen = next((c for c in contacts if contact_id and c["id"] == str(contact_id)), None)
    chosen = chosen or next((c for c in contacts if c["is_decision_maker"]), None)
    chosen = chosen or (contacts[0] if contacts else None)
    if chosen is None:
        return None
    role = chosen["role"]
    return {
        "name": " ".join(p for p in (chosen["first_name"], chosen["last_name"]) if p) or None,
        "role": _pick(_ROLES[role], lang) if role in _ROLES else role,
        "phones": [p["number"] for p in chosen["phones"]],
        "email": chosen["email"],
    }


def build_brief(
    session: Session, meeting_id: uuid.UUID | str, *, lang: str = "pl"
) -> dict[str, Any]:
    """The brief of one meeting as plain data (``lang``: ``pl`` or ``en``)."""
    meeting = get_meeting(session, meeting_id)
    company = get_company(session, meeting.company_id)
    card = company_card(session, company.id)
    rep = session.get(SalesRep, meeting.rep_id)
    tz_name = (rep.timezone if rep else None) or "Europe/Warsaw"
    tz = zone(tz_name)
    defs = {
        fd.key: fd
        for fd in session.scalars(select(FieldDefinition).order_by(FieldDefinition.position))
    }
    groups: dict[str, list[dict[str, str]]] = {g: [] for g in BRIEF_GROUPS}
    for key, fd in defs.items():
        if fd.group not in groups or key not in card["fields"]:
            continue
        value = card["fields"][key]
        if value is None or value == "" or value == []:
            continue
        groups[fd.group].append(
            {
                "key": key,
                "label": fd.label_pl if lang == "pl" else fd.label_en,
                "value": _format_value(value, fd, lang),
            }
        )
    booked_by = session.get(User, meeting.booked_by) if meeting.booked_by else None
    campaign = session.get(Campaign, meeting.campaign_id) if meeting.campaign_id else None
    address = address_line(company)
    place = meeting.place or address
    query = ", ".join(
        p for p in (place, company.country if company.country != "PL" else "Polska") if p
    )
    minutes = int((meeting.end_at - meeting.start_at).total_seconds() // 60)
    return {
        "lang": lang,
        "meeting": {
            "id": str(meeting.id),
            "status": meeting.status.value,
            "start_local": f"{meeting.start_at.astimezone(tz):%Y-%m-%d %H:%M}",
            "end_local": f"{meeting.end_at.astimezone(tz):%H:%M}",
            "start": meeting.start_at.astimezone(tz).isoformat(),
            "timezone": tz_name,
            "minutes": minutes,
            "rep": {
                "code": rep.code if rep else None,
                "name": rep.full_name if rep else None,
                "phone": rep.phone if rep else None,
                "email": rep.email if rep else None,
            },
            "booked_by": booked_by.full_name if booked_by else None,
            "booked_at": f"{meeting.booked_at.astimezone(tz):%Y-%m-%d %H:%M}",
            "campaign": campaign.name if campaign else None,
        },
        "company": {
            "name": company.name,
            "nip": company.nip,
            "address": address or None,
            "phone": company.phone,
            "email": company.email,
            "website": company.website,
            "industry": company.industry,
            "employees": company.employees,
        },
        "place": place or None,
        "directions": (meeting.brief or {}).get("directions"),
        "map_url": (
            "https://www.openstreetmap.org/search?query=" + urllib.parse.quote(query)
            if query
            else None
        ),
        "decision_maker": _decision_maker(card, meeting.contact_id, lang),
        "qualification": [
            {"group": _pick(_GROUP_LABELS[g], lang), "answers": answers}
            for g, answers in groups.items()
            if answers
        ],
        "offer": meeting.offer,
        "agent_notes": meeting.notes,
        "generated_at": dt.datetime.now(dt.UTC).isoformat(),
    }


def _lines(brief: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The brief as titled sections of (label, text) rows, shared by both renderings."""
    lang = brief["lang"]
    m, c, dm = brief["meeting"], brief["company"], brief["decision_maker"]
    rep = m["rep"]
    head = [
        (_w("when", lang), f"{m['start_local']}–{m['end_local']} ({m['timezone']})"),
        (_w("rep", lang), f"{rep['name']} ({rep['code']})"),
        (_w("status", lang), _pick(_STATUSES[m["status"]], lang)),
    ]
    if m["campaign"]:
        head.append((_w("campaign", lang), m["campaign"]))
    if m["booked_by"]:
        head.append((_w("booked", lang), f"{m['booked_by']}, {m['booked_at']}"))
    company = [(_w("company", lang), c["name"] + (f", NIP {c['nip']}" if c["nip"] else ""))]
    company.append((_w("address", lang), c["address"] or _w("none", lang)))
    if brief["place"] and brief["place"] != c["address"]:
        company.append((_w("place", lang), brief["place"]))
    if brief["directions"]:
        company.append((_w("directions", lang), brief["directions"]))
    if brief["map_url"]:
        company.append((_w("map", lang), brief["map_url"]))
    if c["phone"]:
        company.append((_w("phone", lang), c["phone"]))
    person: list[tuple[str, str]] = []
    if dm:
        person.append(
            (_w("decision_maker", lang), ", ".join(p for p in (dm["name"], dm["role"]) if p) or "?")
        )
        if dm["phones"]:
            person.append((_w("phone", lang), ", ".join(dm["phones"])))
        if dm["email"]:
            person.append((_w("email", lang), dm["email"]))
    else:
        person.append((_w("decision_maker", lang), _w("none", lang)))
    sections = [
        (_w("title", lang), head),
        (_w("company", lang), company),
        (_w("decision_maker", lang), person),
    ]
    for group in brief["qualification"]:
        sections.append(
            (
                f"{_w('qualification', lang)}: {group['group']}",
                [(a["label"], a["value"]) for a in group["answers"]],
            )
        )
    sections.append((_w("offer", lang), [("", brief["offer"] or _w("none", lang))]))
    sections.append((_w("notes", lang), [("", brief["agent_notes"] or _w("none", lang))]))
    return sections


def brief_text(brief: dict[str, Any]) -> str:
    """Plain text, one page: for the terminal, an e-mail body or an ICS description."""
    out: list[str] = [f"{brief['company']['name']} — {brief['meeting']['start_local']}"]
    for title, rows in _lines(brief):
        out.append("")
        out.append(title.upper())
        width = max((len(label) for label, _ in rows), default=0)
        for label, value in rows:
            out.append(f"  {label.ljust(width)}  {value}" if label else f"  {value}")
    return "\n".join(out) + "\n"


def brief_html(brief: dict[str, Any]) -> str:
    """A standalone HTML page (everything escaped) for printing or the meetings view."""
    e = html.escape
    title = f"{brief['company']['name']} — {brief['meeting']['start_local']}"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(brief["lang"])}"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:46em;margin:1em auto}"
        "th{text-align:left;vertical-align:top;padding-right:1em;font-weight:normal;"
        "color:#555}h2{font-size:1.05em;margin:1.2em 0 .3em;border-bottom:1px solid #ccc}"
        "</style></head><body>",
        f"<h1>{e(title)}</h1>",
    ]
    for section, rows in _lines(brief):
        parts.append(f"<h2>{e(section)}</h2><table>")
        for label, value in rows:
            cell = (
                f'<a href="{e(value)}">{e(value)}</a>'
                if value.startswith("https://")
                else e(value).replace("\n", "<br>")
            )
            parts.append(f"<tr><th>{e(label)}</th><td>{cell}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
