"""The context a call script runs in: the company, its decision maker, the agent,
the qualification answers and segments, as the script engine expects them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.services import companies
from app.services.workspace import open_workspace


def context_from_card(card: dict[str, Any], agent_name: str | None = None) -> dict[str, Any]:
    """Build the script context from a company card (``companies.company_card``)."""
    address = card["address"]
    street = " ".join(p for p in (address.get("street"), address.get("building")) if p)
    if address.get("flat"):
        street += f"/{address['flat']}"
    town = " ".join(p for p in (address.get("postcode"), address.get("city")) if p)
    contacts = card.get("contacts") or []
    contact = contacts[0] if contacts else {}
    phones = contact.get("phones") or []
    return {
        "company": {
            "id": card["id"],
            "name": card["name"],
            "nip": card.get("nip"),
            "city": address.get("city"),
            "postcode": address.get("postcode"),
            "voivodeship": address.get("voivodeship"),
            "address": ", ".join(p for p in (street, town) if p),
            "phone": card.get("phone"),
            "industry": card.get("industry"),
            "employees": card.get("employees"),
        },
        "contact": {
            "id": contact.get("id"),
            "first_name": contact.get("first_name"),
            "last_name": contact.get("last_name"),
            "role": contact.get("role"),
            "email": contact.get("email"),
            "phone": phones[0]["number"] if phones else None,
        },
        "agent": {"name": agent_name} if agent_name else {},
        "fields": dict(card.get("fields") or {}),
        "segments": [s["key"] for s in card.get("segments") or []],
    }


def context_for(session: Session, company_id: str, agent_name: str | None = None) -> dict[str, Any]:
    card = companies.company_card(session, companies.parse_company_id(company_id))
    return context_from_card(card, agent_name)


def company_context(profile: str | None, company_id: str) -> dict[str, Any]:
    """For ``prospector script run --company ID``."""
    _, db = open_workspace(profile)
    try:
        with db.read() as session:
            return context_for(session, company_id)
    finally:
        db.dispose()
