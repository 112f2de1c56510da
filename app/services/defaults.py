"""Defaults every workspace starts with: dispositions, segments, calling hours."""

from __future__ import annotations

from typing import Any

# KPI categories (Disposition.category) used by the metrics:
#   no_contact, contact, refusal, meeting, data_error, dnc, not_qualified, qualified, callback
DEFAULT_DISPOSITIONS: tuple[dict[str, Any], ...] = (
    {"code": "no_answer", "label_pl": "Nie odbiera", "label_en": "No answer", "hotkey": "F1",
     "category": "no_contact", "is_contact": False, "is_final": False,
     "retry_delay_minutes": 180, "max_retries": 6, "counts_as_attempt": True},
    {"code": "busy", "label_pl": "Zajęte", "label_en": "Busy", "hotkey": "F2",
     "category": "no_contact", "is_contact": False, "is_final": False,
     "retry_delay_minutes": 15, "max_retries": 6, "counts_as_attempt": True},
    {"code": "voicemail", "label_pl": "Poczta głosowa / automat", "label_en": "Answering machine",
     "hotkey": "F3", "category": "no_contact", "is_contact": False, "is_final": False,
     "retry_delay_minutes": 1440, "max_retries": 4, "counts_as_attempt": True},
    {"code": "callback", "label_pl": "Oddzwonić", "label_en": "Call back", "hotkey": "F4",
     "category": "callback", "is_contact": True, "is_final": False,
     "retry_delay_minutes": None, "max_retries": None, "counts_as_attempt": True},
    {"code": "qualified", "label_pl": "Zakwalifikowany", "label_en": "Qualified",
     "hotkey": "F5", "category": "qualified", "is_contact": True, "is_final": True,
     "retry_delay_minutes": None, "max_retries": None, "counts_as_attempt": True},
    {"code": "meeting_booked", "label_pl": "Umówione spotkanie", "label_en": "Meeting booked",
     "hotkey": "F6", "category": "meeting", "is_contact": True, "is_final": True,
     "retry_delay_minutes": None, "max_retries": None, "counts_as_attempt": True},
    {"code": "not_qualified", "label_pl": "Nie spełnia kryteriów", "label_en": "Not qualified",
     "hotkey": "F7", "category": "not_qualified", "is_contact": True, "is_final": True,
     "retry_delay_minutes": None, "max_retries": None, "counts_as_attempt": True},
    {"code": "refused", "label_pl": "Odmowa rozmowy", "label_en": "Refused", "hotkey": "F8",
     "category": "refusal", "is_contact": True, "is_final": True,
     "retry_delay_minutes": None, "max_retries": None, "counts_as_attempt": True},
    {"code": "wrong_number", "label_pl": "Błędny numer / nieaktualne dane",
     "label_en": "Wrong number / outdated data", "hotkey": "F9", "category": "data_error",
     "is_contact": False, "is_final": True, "retry_delay_minutes": None, "max_retries": None,
     "counts_as_attempt": True},
    {"code": "do_not_call", "label_pl": "Nie dzwonić (sprzeciw)", "label_en": "Do not call",
     "hotkey": "F10", "category": "dnc", "is_contact": True, "is_final": True,
     "retry_delay_minutes": None, "max_retries": None, "counts_as_attempt": True},
    {"code": "not_interested", "label_pl": "Niezainteresowany", "label_en": "Not interested",
     "hotkey": "F11", "category": "not_qualified", "is_contact": True, "is_final": True,
     "retry_delay_minutes": None, "max_retries": None, "counts_as_attempt": True},
    # Outcomes the bundled scripts end with (scripts_lead_gen/bundled/*.yaml).
    {"code": "lead_rep_requested", "label_pl": "Prosi o kontakt handlowca",
     "label_en": "Asks for a sales rep", "hotkey": "F12", "category": "qualified",
     "is_contact": True, "is_final": True, "retry_delay_minutes": None, "max_retries": None,
     "counts_as_attempt": True},
    {"code": "opt_out", "label_pl": "Rezygnacja ze zgody (opt-out)", "label_en": "Opt-out",
     "hotkey": None, "category": "dnc", "is_contact": True, "is_final": True,
     "retry_delay_minutes": None, "max_retries": None, "counts_as_attempt": True},
    {"code": "meeting_refused", "label_pl": "Odmowa spotkania", "label_en": "Meeting refused",
     "hotkey": None, "category": "contact", "is_contact": True, "is_final": True,
     "retry_delay_minutes": None, "max_retries": None, "counts_as_attempt": True},
    {"code": "cd_opportunity", "label_pl": "Szansa sprzedaży", "label_en": "Sales opportunity",
     "hotkey": None, "category": "qualified", "is_contact": True, "is_final": True,
     "retry_delay_minutes": None, "max_retries": None, "counts_as_attempt": True},
    {"code": "cd_at_risk", "label_pl": "Klient zagrożony odejściem",
     "label_en": "Customer at risk", "hotkey": None, "category": "contact", "is_contact": True,
     "is_final": True, "retry_delay_minutes": None, "max_retries": None,
     "counts_as_attempt": True},
    {"code": "cd_completed", "label_pl": "Rozmowa rozwojowa zakończona",
     "label_en": "Development call completed", "hotkey": None, "category": "contact",
     "is_contact": True, "is_final": True, "retry_delay_minutes": None, "max_retries": None,
     "counts_as_attempt": True},
)

# key, Polish name, English name, description, rule (a saved filter), colour
SEGMENTS: tuple[tuple[str, str, str, str, dict[str, Any], str], ...] = (
    ("current_customers", "Obecni klienci", "Current customers",
     "Firmy kupujące już nasze opony.", {"field": "tyre_brand", "eq": "oponex"}, "#2e7d32"),
    ("competitor_customers", "Klienci konkurencji", "Competitors' customers",
     "Firmy kupujące opony konkurencyjnych marek.",
     {"field": "tyre_brand", "not_in": ["oponex"]}, "#c62828"),
    ("premium", "Klienci premium", "Premium buyers",
     "Kupujący opony segmentu premium.", {"field": "product_tier_preference", "eq": "premium"}, "#6a1b9a"),
    ("standard", "Klienci standard", "Standard buyers",
     "Kupujący opony segmentu standard/budżet.",
     {"field": "product_tier_preference", "in": ["standard", "budget"]}, "#1565c0"),
    ("potential", "Potencjalni klienci", "Potential clients",
     "Spełniają kryteria i nie są jeszcze klientami.", {"qualified": True}, "#ef6c00"),
    ("not_meeting_criteria", "Niespełniający kryteriów", "Not meeting the criteria",
     "Za mała flota lub brak potrzeb.", {"qualified": False}, "#757575"),
    # Set by the bundled scripts' actions (beyond the six segments of the case study).
    ("rep_requested", "Prośba o handlowca", "Asked for a sales rep",
     "Wyraźnie poprosili o kontakt przedstawiciela.", {"disposition": "lead_rep_requested"},
     "#00838f"),
    ("opportunity", "Szansa sprzedaży", "Sales opportunity",
     "Obecni klienci z nową potrzebą zakupową.", {"disposition": "cd_opportunity"}, "#f9a825"),
    ("at_risk", "Zagrożeni odejściem", "At risk",
     "Obecni klienci niezadowoleni lub rozważający zmianę dostawcy.",
     {"disposition": "cd_at_risk"}, "#ad1457"),
)


def calling_hours(*, b2c: bool) -> dict[str, list[list[str]]]:
    """Default calling hours in the callee's local time: B2B Mon–Fri 09–17,
    B2C Mon–Sat 09–21. Keys are weekdays, 0 = Monday."""
    if b2c:
        return {str(d): [["09:00", "21:00"]] for d in range(6)} | {"6": []}
    return {str(d): [["09:00", "17:00"]] for d in range(5)} | {"5": [], "6": []}
