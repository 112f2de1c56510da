"""Names of stored codes (statuses, roles, types, groups) in the UI language.

Shared by several screens. Statuses have a context each (their Polish forms agree
with different nouns); the rest share the context "Labels".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # lupdate reads translate("Labels", "…") calls


def _lookup(names: dict[str, str], code: str | None) -> str:
    if not code:
        return ""
    return names.get(code, code.replace("_", " "))


def meeting_status(status: str | None) -> str:
    return _lookup(
        {
            "tentative": translate("MeetingStatus", "tentative"),
            "confirmed": translate("MeetingStatus", "confirmed"),
            "conflict": translate("MeetingStatus", "conflict — to reschedule"),
            "held": translate("MeetingStatus", "held"),
            "no_show": translate("MeetingStatus", "no show"),
            "cancelled": translate("MeetingStatus", "cancelled"),
            "rescheduled": translate("MeetingStatus", "rescheduled"),
        },
        status,
    )


def queue_status(status: str | None) -> str:
    return _lookup(
        {
            "new": translate("QueueStatus", "new"),
            "callback": translate("QueueStatus", "callback"),
            "retry": translate("QueueStatus", "retry"),
            "done": translate("QueueStatus", "done"),
        },
        status,
    )


def callback_status(status: str | None) -> str:
    return _lookup(
        {
            "pending": translate("CallbackStatus", "pending"),
            "done": translate("CallbackStatus", "done"),
            "cancelled": translate("CallbackStatus", "cancelled"),
        },
        status,
    )


def campaign_type(kind: str | None) -> str:
    return _lookup(
        {
            "lead_generation": translate("Labels", "Lead generation"),
            "foot_in_the_door": translate("Labels", "Foot In The Door"),
            "customer_development": translate("Labels", "Customer development"),
            "survey": translate("Labels", "Survey"),
        },
        kind,
    )


def user_role(role: str | None) -> str:
    return _lookup(
        {
            "agent": translate("Labels", "agent"),
            "supervisor": translate("Labels", "supervisor"),
            "admin": translate("Labels", "administrator"),
        },
        role,
    )


def field_group(group: str | None) -> str:
    return _lookup(
        {
            "fleet": translate("Labels", "Fleet"),
            "purchasing": translate("Labels", "Purchasing"),
            "decision_makers": translate("Labels", "Decision makers"),
            "interests": translate("Labels", "Interests"),
            "satisfaction": translate("Labels", "Satisfaction"),
            "consent": translate("Labels", "Consent"),
        },
        group,
    )


def field_type(kind: str | None) -> str:
    return _lookup(
        {
            "text": translate("Labels", "text"),
            "int": translate("Labels", "whole number"),
            "decimal": translate("Labels", "amount"),
            "bool": translate("Labels", "yes / no"),
            "date": translate("Labels", "date"),
            "choice": translate("Labels", "one of a list"),
            "multi_choice": translate("Labels", "several of a list"),
            "phone": translate("Labels", "phone number"),
            "email": translate("Labels", "e-mail"),
        },
        kind,
    )


def phone_kind(kind: str | None) -> str:
    return _lookup(
        {
            "mobile": translate("Labels", "mobile"),
            "landline": translate("Labels", "landline"),
            "other": translate("Labels", "other"),
        },
        kind,
    )


def consent_kind(kind: str | None) -> str:
    return _lookup(
        {
            "opt_in": translate("Labels", "Consent given"),
            "double_opt_in_confirmed": translate("Labels", "Consent confirmed (double opt-in)"),
            "opt_out": translate("Labels", "Objection: do not contact"),
        },
        kind,
    )


def weekday_abbreviations() -> tuple[str, ...]:
    return (
        translate("Labels", "Mon"),
        translate("Labels", "Tue"),
        translate("Labels", "Wed"),
        translate("Labels", "Thu"),
        translate("Labels", "Fri"),
        translate("Labels", "Sat"),
        translate("Labels", "Sun"),
    )
