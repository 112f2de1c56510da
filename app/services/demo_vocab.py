"""Vocabulary for generated demo companies (the tyre-maker case: fleet owners)."""

from __future__ import annotations

# Trade words that make up names of fleet-owning Polish companies.
TRADES: tuple[tuple[str, str], ...] = (
    ("Transport", "transport"),
    ("Trans", "transport"),
    ("Logistyka", "logistyka"),
    ("Spedycja", "spedycja"),
    ("Przewozy", "transport"),
    ("Budownictwo", "budownictwo"),
    ("Bud", "budownictwo"),
    ("Budmex", "budownictwo"),
    ("Agro", "rolnictwo"),
    ("Rolpol", "rolnictwo"),
    ("Handel", "handel"),
    ("Hurt", "handel"),
    ("Komunalne", "usługi komunalne"),
    ("Taxi", "taxi"),
    ("Kurier", "kurierzy"),
    ("Bus", "przewozy osób"),
    ("Autobusy", "przewozy osób"),
    ("Dystrybucja", "handel"),
    ("Serwis", "usługi"),
    ("Drogbud", "budownictwo"),
    ("Cargo", "spedycja"),
    ("Trucks", "transport"),
    ("Leasing Flot", "leasing"),
    ("Wynajem Aut", "wynajem"),
)

PREFIXES: tuple[str, ...] = ("PHU", "FHU", "PPHU", "P.H.U.", "Przedsiębiorstwo", "Firma")
FANCY: tuple[str, ...] = (
    "Polmax", "Europol", "Intertrans", "Viator", "Rotax", "Kamex", "Tarpan", "Wikpol",
    "Lechpol", "Amber", "Sokół", "Orzeł", "Jantar", "Baltica", "Mazur", "Karpaty",
    "Wisła", "Odra", "Warta", "Gryf", "Piast", "Sarmata", "Hetman", "Kruszwica",
    "Boruta", "Tatry", "Bieszczady", "Pomorze", "Kujawy", "Stalpol", "Gromex", "Dromet",
)

# (legal form as written in the name, key stored in Company.legal_form, weight)
LEGAL_FORMS: tuple[tuple[str, str | None, int], ...] = (
    ("sp. z o.o.", "sp_zoo", 44),
    ("", None, 24),  # self-employed (jednoosobowa działalność gospodarcza)
    ("s.c.", "sc", 10),
    ("sp.j.", "spj", 9),
    ("sp.k.", "spk", 6),
    ("S.A.", "sa", 5),
    ("sp. z o.o. sp.k.", "sp_zoo_spk", 2),
)

EMAIL_DOMAINS_FREE: tuple[str, ...] = ("wp.pl", "onet.pl", "o2.pl", "interia.pl", "gmail.com")

MOBILE_PREFIXES: tuple[str, ...] = (
    "50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88",
)

CALLING_WINDOWS: tuple[list[dict[str, object]], ...] = (
    [{"days": [0, 1, 2, 3, 4], "from": "08:00", "to": "12:00"}],
    [{"days": [0, 1, 2, 3, 4], "from": "09:00", "to": "18:00"}],
    [{"days": [0, 1, 2, 3, 4], "from": "14:00", "to": "17:00"}],
    [{"days": [1, 3], "from": "10:00", "to": "16:00"}],
    [{"days": [0, 2, 4], "from": "07:30", "to": "10:00"}],
)
