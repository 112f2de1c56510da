"""Polish reference data: voivodeships, towns, people's names, contact roles, industries.

Plain, typed constants used by the normaliser (voivodeship names and codes), the import
(header and value mapping) and the demo-data generator (towns with real postcode ranges,
landline area codes and street names; names; roles; business-name words by industry).

Sources: TERYT (GUS) voivodeship codes, ISO 3166-2:PL (the former letter codes are kept
because purchased lists still use them), Poczta Polska postcode districts, the Polish
numbering plan (landline area codes), PKD 2007 for industry codes. Town postcode ranges are
the town's main range; small towns are given their main code only. Street names of small
towns are ones nearly every Polish town has (Kościuszki, Mickiewicza, Rynek …).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "BRAND_PARTS",
    "CITIES",
    "CITIES_BY_VOIVODESHIP",
    "CONTACT_ROLES",
    "FEMALE_FIRST_NAMES",
    "INDUSTRIES",
    "MALE_FIRST_NAMES",
    "NAME_PREFIXES",
    "SURNAMES",
    "VEHICLE_KINDS",
    "VOIVODESHIPS",
    "VOIVODESHIP_BY_KEY",
    "City",
    "ContactRole",
    "Industry",
    "Surname",
    "VehicleKind",
    "Voivodeship",
]


# --------------------------------------------------------------------------------------
# Voivodeships
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Voivodeship:
    """One of the 16 Polish voivodeships (województwa)."""

    key: str
    """Stable ASCII identifier stored in the database, e.g. ``"slaskie"``."""
    name_pl: str
    """Official Polish name, lower case as written after "województwo": ``"śląskie"``."""
    display: str
    """Capitalised for display: ``"Śląskie"``."""
    name_en: str
    """English name: ``"Silesian"``."""
    teryt: str
    """Two-digit TERYT code (also the ISO 3166-2 code since 2018: ``PL-24``)."""
    iso_letters: str
    """The former ISO 3166-2 letter code, still common in lists: ``"SL"``."""
    capitals: tuple[str, ...]
    """Seat(s) of the voivode and the regional assembly (two for two voivodeships)."""


VOIVODESHIPS: Final[tuple[Voivodeship, ...]] = (
    Voivodeship("dolnoslaskie", "dolnośląskie", "Dolnośląskie", "Lower Silesian", "02", "DS",
                ("Wrocław",)),
    Voivodeship("kujawsko-pomorskie", "kujawsko-pomorskie", "Kujawsko-Pomorskie",
                "Kuyavian-Pomeranian", "04", "KP", ("Bydgoszcz", "Toruń")),
    Voivodeship("lubelskie", "lubelskie", "Lubelskie", "Lublin", "06", "LU", ("Lublin",)),
    Voivodeship("lubuskie", "lubuskie", "Lubuskie", "Lubusz", "08", "LB",
                ("Gorzów Wielkopolski", "Zielona Góra")),
    Voivodeship("lodzkie", "łódzkie", "Łódzkie", "Łódź", "10", "LD", ("Łódź",)),
    Voivodeship("malopolskie", "małopolskie", "Małopolskie", "Lesser Poland", "12", "MA",
                ("Kraków",)),
    Voivodeship("mazowieckie", "mazowieckie", "Mazowieckie", "Masovian", "14", "MZ",
                ("Warszawa",)),
    Voivodeship("opolskie", "opolskie", "Opolskie", "Opole", "16", "OP", ("Opole",)),
    Voivodeship("podkarpackie", "podkarpackie", "Podkarpackie", "Subcarpathian", "18", "PK",
                ("Rzeszów",)),
    Voivodeship("podlaskie", "podlaskie", "Podlaskie", "Podlaskie", "20", "PD",
                ("Białystok",)),
    Voivodeship("pomorskie", "pomorskie", "Pomorskie", "Pomeranian", "22", "PM", ("Gdańsk",)),
    Voivodeship("slaskie", "śląskie", "Śląskie", "Silesian", "24", "SL", ("Katowice",)),
    Voivodeship("swietokrzyskie", "świętokrzyskie", "Świętokrzyskie", "Holy Cross", "26",
                "SK", ("Kielce",)),
    Voivodeship("warminsko-mazurskie", "warmińsko-mazurskie", "Warmińsko-Mazurskie",
                "Warmian-Masurian", "28", "WN", ("Olsztyn",)),
    Voivodeship("wielkopolskie", "wielkopolskie", "Wielkopolskie", "Greater Poland", "30",
                "WP", ("Poznań",)),
    Voivodeship("zachodniopomorskie", "zachodniopomorskie", "Zachodniopomorskie",
                "West Pomeranian", "32", "ZP", ("Szczecin",)),
)

VOIVODESHIP_BY_KEY: Final[Mapping[str, Voivodeship]] = MappingProxyType(
    {v.key: v for v in VOIVODESHIPS}
)


# --------------------------------------------------------------------------------------
# Towns
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class City:
    """A real town with its postcode range, landline area code and a few real streets."""

    name: str
    voivodeship: str
    """Key into :data:`VOIVODESHIP_BY_KEY`."""
    postcode_first: str
    """First postcode of the town's range, ``NN-NNN``."""
    postcode_last: str
    """Last postcode of the range (equal to the first for one-code towns)."""
    area_code: str
    """Landline area code (strefa numeracyjna) without the leading zero: ``"22"``."""
    streets: tuple[str, ...]
    """Street names with their prefix as written on a letter: ``"ul. Marszałkowska"``."""


_COMMON = ("ul. Kościuszki", "ul. Mickiewicza", "ul. Przemysłowa", "ul. Kolejowa")


def _c(voiv: str, name: str, first: str, last: str, area: str, *streets: str) -> City:
    return City(name, voiv, first, last, area, streets or _COMMON)


CITIES: Final[tuple[City, ...]] = (
    # dolnośląskie
    _c("dolnoslaskie", "Wrocław", "50-001", "54-614", "71", "ul. Legnicka", "ul. Świdnicka",
       "ul. Powstańców Śląskich", "ul. Grabiszyńska", "pl. Grunwaldzki", "ul. Krakowska"),
    _c("dolnoslaskie", "Wałbrzych", "58-300", "58-316", "74", "ul. Wysockiego",
       "ul. Armii Krajowej", "ul. Niepodległości", "Rynek"),
    _c("dolnoslaskie", "Legnica", "59-220", "59-230", "76", "ul. Chojnowska",
       "ul. Jaworzyńska", "ul. Złotoryjska", "al. Piłsudskiego"),
    _c("dolnoslaskie", "Jelenia Góra", "58-500", "58-573", "75", "ul. Wolności",
       "ul. Jana Pawła II", "ul. Grunwaldzka", "pl. Ratuszowy"),
    _c("dolnoslaskie", "Lubin", "59-300", "59-300", "76", "ul. Marii Skłodowskiej-Curie",
       "ul. Kościuszki", "ul. Przemysłowa"),
    _c("dolnoslaskie", "Głogów", "67-200", "67-200", "76", "ul. Piłsudskiego",
       "ul. Kościuszki", "ul. Przemysłowa"),
    _c("dolnoslaskie", "Świdnica", "58-100", "58-100", "74", "ul. Strzegomska",
       "ul. Kościuszki", "Rynek"),
    _c("dolnoslaskie", "Bolesławiec", "59-700", "59-700", "75", "ul. Kościuszki",
       "ul. Jeleniogórska", "Rynek"),
    _c("dolnoslaskie", "Oława", "55-200", "55-200", "71"),
    _c("dolnoslaskie", "Zgorzelec", "59-900", "59-900", "75"),
    # kujawsko-pomorskie
    _c("kujawsko-pomorskie", "Bydgoszcz", "85-001", "85-950", "52", "ul. Gdańska",
       "ul. Dworcowa", "ul. Fordońska", "ul. Grunwaldzka", "ul. Jagiellońska"),
    _c("kujawsko-pomorskie", "Toruń", "87-100", "87-100", "56", "ul. Szeroka",
       "ul. Chełmińska", "ul. Szosa Chełmińska", "ul. Łódzka", "ul. Grudziądzka"),
    _c("kujawsko-pomorskie", "Włocławek", "87-800", "87-800", "54", "ul. Kilińskiego",
       "ul. Toruńska", "ul. Kaliska"),
    _c("kujawsko-pomorskie", "Grudziądz", "86-300", "86-300", "56", "ul. Chełmińska",
       "ul. Legionów", "ul. Sikorskiego"),
    _c("kujawsko-pomorskie", "Inowrocław", "88-100", "88-100", "52", "ul. Królowej Jadwigi",
       "ul. Szymborska", "ul. Marulewska"),
    _c("kujawsko-pomorskie", "Brodnica", "87-300", "87-300", "56"),
    _c("kujawsko-pomorskie", "Świecie", "86-100", "86-100", "52"),
    _c("kujawsko-pomorskie", "Nakło nad Notecią", "89-100", "89-100", "52"),
    # lubelskie
    _c("lubelskie", "Lublin", "20-001", "20-952", "81", "ul. Krakowskie Przedmieście",
       "al. Racławickie", "ul. Zana", "ul. Lubartowska", "al. Kraśnicka", "ul. Mełgiewska"),
    _c("lubelskie", "Chełm", "22-100", "22-100", "82", "ul. Lwowska", "ul. Lubelska",
       "ul. Hrubieszowska"),
    _c("lubelskie", "Zamość", "22-400", "22-400", "84", "ul. Partyzantów",
       "ul. Lubelska", "ul. Hrubieszowska"),
    _c("lubelskie", "Biała Podlaska", "21-500", "21-500", "83", "ul. Warszawska",
       "ul. Terebelska", "ul. Brzeska"),
    _c("lubelskie", "Puławy", "24-100", "24-100", "81", "ul. Lubelska", "al. Partyzantów",
       "ul. Kołłątaja"),
    _c("lubelskie", "Świdnik", "21-040", "21-040", "81"),
    _c("lubelskie", "Kraśnik", "23-200", "23-200", "81"),
    _c("lubelskie", "Biłgoraj", "23-400", "23-400", "84"),
    # lubuskie
    _c("lubuskie", "Zielona Góra", "65-001", "65-950", "68", "ul. Bohaterów Westerplatte",
       "ul. Wrocławska", "al. Niepodległości", "ul. Batorego", "ul. Sulechowska"),
    _c("lubuskie", "Gorzów Wielkopolski", "66-400", "66-415", "95", "ul. Sikorskiego",
       "ul. Kosynierów Gdyńskich", "ul. Walczaka", "ul. Chrobrego"),
    _c("lubuskie", "Nowa Sól", "67-100", "67-100", "68"),
    _c("lubuskie", "Żary", "68-200", "68-200", "68"),
    _c("lubuskie", "Żagań", "68-100", "68-100", "68"),
    _c("lubuskie", "Świebodzin", "66-200", "66-200", "68"),
    _c("lubuskie", "Kostrzyn nad Odrą", "66-470", "66-470", "95"),
    _c("lubuskie", "Słubice", "69-100", "69-100", "95"),
    # łódzkie
    _c("lodzkie", "Łódź", "90-001", "94-413", "42", "ul. Piotrkowska", "al. Kościuszki",
       "ul. Zgierska", "ul. Rzgowska", "al. Włókniarzy", "ul. Narutowicza"),
    _c("lodzkie", "Piotrków Trybunalski", "97-300", "97-300", "44", "al. Armii Krajowej",
       "ul. Słowackiego", "ul. Wojska Polskiego"),
    _c("lodzkie", "Pabianice", "95-200", "95-200", "42", "ul. Zamkowa", "ul. Warszawska"),
    _c("lodzkie", "Tomaszów Mazowiecki", "97-200", "97-200", "44"),
    _c("lodzkie", "Bełchatów", "97-400", "97-400", "44"),
    _c("lodzkie", "Zgierz", "95-100", "95-100", "42"),
    _c("lodzkie", "Skierniewice", "96-100", "96-100", "46"),
    _c("lodzkie", "Kutno", "99-300", "99-300", "24"),
    _c("lodzkie", "Sieradz", "98-200", "98-200", "43"),
    # małopolskie
    _c("malopolskie", "Kraków", "30-001", "31-999", "12", "ul. Floriańska", "ul. Grodzka",
       "ul. Długa", "al. Mickiewicza", "ul. Wielicka", "ul. Zakopiańska", "ul. Opolska"),
    _c("malopolskie", "Tarnów", "33-100", "33-110", "14", "ul. Krakowska",
       "ul. Lwowska", "ul. Mickiewicza"),
    _c("malopolskie", "Nowy Sącz", "33-300", "33-300", "18", "ul. Lwowska",
       "ul. Jagiellońska", "ul. Węgierska"),
    _c("malopolskie", "Oświęcim", "32-600", "32-600", "33"),
    _c("malopolskie", "Chrzanów", "32-500", "32-500", "32"),
    _c("malopolskie", "Olkusz", "32-300", "32-300", "32"),
    _c("malopolskie", "Nowy Targ", "34-400", "34-400", "18"),
    _c("malopolskie", "Bochnia", "32-700", "32-700", "14"),
    _c("malopolskie", "Wieliczka", "32-020", "32-020", "12"),
    # mazowieckie
    _c("mazowieckie", "Warszawa", "00-001", "04-999", "22", "ul. Marszałkowska",
       "al. Jerozolimskie", "ul. Puławska", "ul. Grójecka", "ul. Targowa", "ul. Świętokrzyska",
       "ul. Modlińska", "ul. Żelazna", "rondo ONZ"),
    _c("mazowieckie", "Radom", "26-600", "26-617", "48", "ul. Żeromskiego",
       "ul. Struga", "ul. Słowackiego", "ul. Kielecka"),
    _c("mazowieckie", "Płock", "09-400", "09-411", "24", "ul. Tumska", "al. Jachowicza",
       "ul. Dobrzyńska", "ul. Bielska"),
    _c("mazowieckie", "Siedlce", "08-100", "08-110", "25", "ul. Piłsudskiego",
       "ul. Brzeska", "ul. Sokołowska"),
    _c("mazowieckie", "Ostrołęka", "07-400", "07-410", "29", "ul. Goworowska",
       "ul. Kościuszki"),
    _c("mazowieckie", "Pruszków", "05-800", "05-800", "22", "al. Wojska Polskiego",
       "ul. Kraszewskiego"),
    _c("mazowieckie", "Legionowo", "05-120", "05-120", "22"),
    _c("mazowieckie", "Piaseczno", "05-500", "05-500", "22", "ul. Puławska",
       "ul. Kościuszki"),
    _c("mazowieckie", "Ciechanów", "06-400", "06-400", "23"),
    _c("mazowieckie", "Mińsk Mazowiecki", "05-300", "05-300", "25"),
    # opolskie
    _c("opolskie", "Opole", "45-001", "45-920", "77", "ul. Ozimska", "ul. Krakowska",
       "ul. Oleska", "ul. Niemodlińska", "pl. Wolności"),
    _c("opolskie", "Kędzierzyn-Koźle", "47-200", "47-232", "77", "ul. Kozielska",
       "al. Jana Pawła II"),
    _c("opolskie", "Nysa", "48-300", "48-300", "77"),
    _c("opolskie", "Brzeg", "49-300", "49-300", "77"),
    _c("opolskie", "Kluczbork", "46-200", "46-200", "77"),
    _c("opolskie", "Prudnik", "48-200", "48-200", "77"),
    _c("opolskie", "Strzelce Opolskie", "47-100", "47-100", "77"),
    # podkarpackie
    _c("podkarpackie", "Rzeszów", "35-001", "35-959", "17", "ul. 3 Maja",
       "al. Piłsudskiego", "ul. Grunwaldzka", "al. Rejtana", "ul. Hetmańska"),
    _c("podkarpackie", "Przemyśl", "37-700", "37-700", "16", "ul. Grunwaldzka",
       "ul. Słowackiego"),
    _c("podkarpackie", "Stalowa Wola", "37-450", "37-464", "15", "ul. Energetyków",
       "al. Jana Pawła II"),
    _c("podkarpackie", "Mielec", "39-300", "39-300", "17", "ul. Wojska Polskiego",
       "ul. Wolności"),
    _c("podkarpackie", "Tarnobrzeg", "39-400", "39-400", "15"),
    _c("podkarpackie", "Krosno", "38-400", "38-400", "13"),
    _c("podkarpackie", "Dębica", "39-200", "39-200", "14"),
    _c("podkarpackie", "Sanok", "38-500", "38-500", "13"),
    _c("podkarpackie", "Jasło", "38-200", "38-200", "13"),
    # podlaskie
    _c("podlaskie", "Białystok", "15-001", "15-950", "85", "ul. Lipowa", "ul. Sienkiewicza",
       "ul. Branickiego", "ul. Wasilkowska", "ul. Jurowiecka"),
    _c("podlaskie", "Suwałki", "16-400", "16-400", "87", "ul. Kościuszki",
       "ul. Noniewicza"),
    _c("podlaskie", "Łomża", "18-400", "18-400", "86", "ul. Piłsudskiego",
       "al. Legionów"),
    _c("podlaskie", "Augustów", "16-300", "16-300", "87"),
    _c("podlaskie", "Bielsk Podlaski", "17-100", "17-100", "85"),
    _c("podlaskie", "Zambrów", "18-300", "18-300", "86"),
    _c("podlaskie", "Hajnówka", "17-200", "17-200", "85"),
    _c("podlaskie", "Sokółka", "16-100", "16-100", "85"),
    # pomorskie
    _c("pomorskie", "Gdańsk", "80-001", "80-958", "58", "ul. Długa", "al. Grunwaldzka",
       "ul. Kartuska", "ul. Łąkowa", "ul. Elbląska", "ul. Podwale Przedmiejskie"),
    _c("pomorskie", "Gdynia", "81-001", "81-601", "58", "ul. Świętojańska",
       "ul. 10 Lutego", "ul. Morska", "ul. Władysława IV", "skwer Kościuszki"),
    _c("pomorskie", "Sopot", "81-701", "81-878", "58", "ul. Bohaterów Monte Cassino",
       "al. Niepodległości", "ul. Haffnera"),
    _c("pomorskie", "Słupsk", "76-200", "76-215", "59", "ul. Kaszubska",
       "al. Sienkiewicza", "ul. Poniatowskiego"),
    _c("pomorskie", "Tczew", "83-110", "83-110", "58", "ul. Gdańska", "ul. Armii Krajowej"),
    _c("pomorskie", "Wejherowo", "84-200", "84-200", "58"),
    _c("pomorskie", "Starogard Gdański", "83-200", "83-200", "58"),
    _c("pomorskie", "Chojnice", "89-600", "89-600", "52"),
    _c("pomorskie", "Malbork", "82-200", "82-200", "55"),
    _c("pomorskie", "Kwidzyn", "82-500", "82-500", "55"),
    # śląskie
    _c("slaskie", "Katowice", "40-001", "40-999", "32", "ul. Mariacka", "ul. Chorzowska",
       "ul. 3 Maja", "al. Korfantego", "ul. Mikołowska", "ul. Francuska"),
    _c("slaskie", "Częstochowa", "42-200", "42-226", "34", "al. Najświętszej Maryi Panny",
       "ul. Warszawska", "ul. Jagiellońska", "ul. Kiedrzyńska"),
    _c("slaskie", "Sosnowiec", "41-200", "41-219", "32", "ul. Modrzejowska",
       "ul. 3 Maja", "ul. Piłsudskiego"),
    _c("slaskie", "Gliwice", "44-100", "44-164", "32", "ul. Zwycięstwa",
       "ul. Toszecka", "ul. Pszczyńska", "ul. Bojkowska"),
    _c("slaskie", "Zabrze", "41-800", "41-819", "32", "ul. Wolności",
       "ul. Roosevelta", "ul. Plebiscytowa"),
    _c("slaskie", "Bielsko-Biała", "43-300", "43-382", "33", "ul. 11 Listopada",
       "ul. Warszawska", "ul. Żywiecka", "ul. Bestwińska"),
    _c("slaskie", "Bytom", "41-900", "41-936", "32", "ul. Piekarska", "ul. Strzelców Bytomskich"),
    _c("slaskie", "Rybnik", "44-200", "44-274", "32", "ul. Wodzisławska",
       "ul. Żorska", "ul. Raciborska"),
    _c("slaskie", "Tychy", "43-100", "43-143", "32", "al. Bielska", "ul. Oświęcimska",
       "ul. Sienkiewicza"),
    _c("slaskie", "Chorzów", "41-500", "41-516", "32", "ul. Wolności", "ul. Katowicka"),
    # świętokrzyskie
    _c("swietokrzyskie", "Kielce", "25-001", "25-900", "41", "ul. Sienkiewicza",
       "ul. Warszawska", "al. IX Wieków Kielc", "ul. Zagnańska", "ul. Częstochowska"),
    _c("swietokrzyskie", "Ostrowiec Świętokrzyski", "27-400", "27-400", "41",
       "ul. Sienkiewicza", "ul. Kilińskiego"),
    _c("swietokrzyskie", "Starachowice", "27-200", "27-200", "41"),
    _c("swietokrzyskie", "Skarżysko-Kamienna", "26-110", "26-110", "41"),
    _c("swietokrzyskie", "Sandomierz", "27-600", "27-600", "15"),
    _c("swietokrzyskie", "Końskie", "26-200", "26-200", "41"),
    _c("swietokrzyskie", "Jędrzejów", "28-300", "28-300", "41"),
    # warmińsko-mazurskie
    _c("warminsko-mazurskie", "Olsztyn", "10-001", "10-900", "89", "al. Piłsudskiego",
       "ul. Partyzantów", "ul. Pieniężnego", "ul. Limanowskiego", "ul. Sikorskiego"),
    _c("warminsko-mazurskie", "Elbląg", "82-300", "82-314", "55", "ul. Grunwaldzka",
       "ul. Płk. Dąbka", "ul. Królewiecka"),
    _c("warminsko-mazurskie", "Ełk", "19-300", "19-300", "87"),
    _c("warminsko-mazurskie", "Ostróda", "14-100", "14-100", "89"),
    _c("warminsko-mazurskie", "Iława", "14-200", "14-200", "89"),
    _c("warminsko-mazurskie", "Giżycko", "11-500", "11-500", "87"),
    _c("warminsko-mazurskie", "Kętrzyn", "11-400", "11-400", "89"),
    _c("warminsko-mazurskie", "Szczytno", "12-100", "12-100", "89"),
    # wielkopolskie
    _c("wielkopolskie", "Poznań", "60-001", "61-896", "61", "ul. Głogowska",
       "ul. Grunwaldzka", "ul. Święty Marcin", "ul. Dąbrowskiego", "ul. Garbary",
       "os. Piastowskie"),
    _c("wielkopolskie", "Kalisz", "62-800", "62-800", "62", "ul. Górnośląska",
       "ul. Częstochowska", "ul. Wrocławska"),
    _c("wielkopolskie", "Konin", "62-500", "62-510", "63", "ul. Przemysłowa",
       "ul. Kolska", "al. 1 Maja"),
    _c("wielkopolskie", "Piła", "64-920", "64-920", "67", "al. Piastów",
       "ul. Wojska Polskiego"),
    _c("wielkopolskie", "Ostrów Wielkopolski", "63-400", "63-400", "62"),
    _c("wielkopolskie", "Gniezno", "62-200", "62-200", "61"),
    _c("wielkopolskie", "Leszno", "64-100", "64-100", "65"),
    _c("wielkopolskie", "Września", "62-300", "62-300", "61"),
    _c("wielkopolskie", "Swarzędz", "62-020", "62-020", "61"),
    # zachodniopomorskie
    _c("zachodniopomorskie", "Szczecin", "70-001", "71-871", "91", "al. Wojska Polskiego",
       "ul. Krzywoustego", "al. Niepodległości", "ul. Gdańska", "ul. Struga"),
    _c("zachodniopomorskie", "Koszalin", "75-001", "75-950", "94", "ul. Zwycięstwa",
       "ul. Gnieźnieńska", "ul. Morska"),
    _c("zachodniopomorskie", "Stargard", "73-110", "73-110", "91"),
    _c("zachodniopomorskie", "Kołobrzeg", "78-100", "78-100", "94"),
    _c("zachodniopomorskie", "Świnoujście", "72-600", "72-602", "91"),
    _c("zachodniopomorskie", "Szczecinek", "78-400", "78-400", "94"),
    _c("zachodniopomorskie", "Police", "72-010", "72-010", "91"),
    _c("zachodniopomorskie", "Goleniów", "72-100", "72-100", "91"),
)

CITIES_BY_VOIVODESHIP: Final[Mapping[str, tuple[City, ...]]] = MappingProxyType(
    {v.key: tuple(c for c in CITIES if c.voivodeship == v.key) for v in VOIVODESHIPS}
)


# --------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------

MALE_FIRST_NAMES: Final[tuple[str, ...]] = (
    "Adam", "Andrzej", "Antoni", "Artur", "Bartosz", "Dariusz", "Dawid", "Grzegorz", "Henryk",
    "Jacek", "Jakub", "Jan", "Janusz", "Jarosław", "Jerzy", "Józef", "Kamil", "Karol",
    "Krzysztof", "Łukasz", "Maciej", "Marcin", "Marek", "Mariusz", "Mateusz", "Michał",
    "Mirosław", "Paweł", "Piotr", "Rafał", "Robert", "Ryszard", "Sebastian", "Stanisław",
    "Szymon", "Tadeusz", "Tomasz", "Wiesław", "Wojciech", "Zbigniew",
)

FEMALE_FIRST_NAMES: Final[tuple[str, ...]] = (
    "Agata", "Agnieszka", "Aleksandra", "Alicja", "Anna", "Barbara", "Beata", "Dorota",
    "Elżbieta", "Ewa", "Grażyna", "Halina", "Irena", "Iwona", "Jadwiga", "Joanna",
    "Justyna", "Karolina", "Katarzyna", "Krystyna", "Magdalena", "Małgorzata", "Maria",
    "Marta", "Monika", "Natalia", "Paulina", "Renata", "Sylwia", "Teresa", "Urszula",
    "Wiesława", "Zofia", "Żaneta",
)


@dataclass(frozen=True, slots=True)
class Surname:
    """A surname with its female form (equal to the male one for most non -ski names)."""

    male: str
    female: str


def _s(male: str, female: str | None = None) -> Surname:
    return Surname(male, female or male)


SURNAMES: Final[tuple[Surname, ...]] = (
    _s("Nowak"), _s("Kowalski", "Kowalska"), _s("Wiśniewski", "Wiśniewska"), _s("Wójcik"),
    _s("Kowalczyk"), _s("Kamiński", "Kamińska"), _s("Lewandowski", "Lewandowska"),
    _s("Zieliński", "Zielińska"), _s("Szymański", "Szymańska"), _s("Woźniak"),
    _s("Dąbrowski", "Dąbrowska"), _s("Kozłowski", "Kozłowska"), _s("Jankowski", "Jankowska"),
    _s("Mazur"), _s("Kwiatkowski", "Kwiatkowska"), _s("Wojciechowski", "Wojciechowska"),
    _s("Krawczyk"), _s("Kaczmarek"), _s("Piotrowski", "Piotrowska"),
    _s("Grabowski", "Grabowska"), _s("Zając"), _s("Pawłowski", "Pawłowska"),
    _s("Michalski", "Michalska"), _s("Król"), _s("Wieczorek"), _s("Jabłoński", "Jabłońska"),
    _s("Wróbel"), _s("Nowakowski", "Nowakowska"), _s("Majewski", "Majewska"),
    _s("Olszewski", "Olszewska"), _s("Stępień"), _s("Malinowski", "Malinowska"),
    _s("Jaworski", "Jaworska"), _s("Adamczyk"), _s("Dudek"), _s("Nowicki", "Nowicka"),
    _s("Pawlak"), _s("Górski", "Górska"), _s("Witkowski", "Witkowska"), _s("Walczak"),
    _s("Sikora"), _s("Baran"), _s("Rutkowski", "Rutkowska"), _s("Michalak"), _s("Szewczyk"),
    _s("Ostrowski", "Ostrowska"), _s("Tomaszewski", "Tomaszewska"), _s("Pietrzak"),
    _s("Zalewski", "Zalewska"), _s("Wróblewski", "Wróblewska"), _s("Jasiński", "Jasińska"),
    _s("Marciniak"), _s("Sadowski", "Sadowska"), _s("Bąk"), _s("Zawadzki", "Zawadzka"),
    _s("Duda"), _s("Jakubowski", "Jakubowska"), _s("Wilk"), _s("Chmielewski", "Chmielewska"),
    _s("Włodarczyk"), _s("Sokołowski", "Sokołowska"), _s("Szczepański", "Szczepańska"),
    _s("Sawicki", "Sawicka"), _s("Lis"), _s("Kucharski", "Kucharska"), _s("Mazurek"),
    _s("Wysocki", "Wysocka"), _s("Kubiak"), _s("Kołodziej"), _s("Czarnecki", "Czarnecka"),
    _s("Konieczny", "Konieczna"), _s("Głowacki", "Głowacka"), _s("Krajewski", "Krajewska"),
    _s("Wasilewski", "Wasilewska"),
)


# --------------------------------------------------------------------------------------
# Contact roles
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContactRole:
    """A decision maker's (or gatekeeper's) role at a B2B customer."""

    key: str
    name_pl: str
    name_en: str
    decision_maker: bool
    """True for roles that decide on purchases (fleet, tyres, service contracts)."""


CONTACT_ROLES: Final[tuple[ContactRole, ...]] = (
    ContactRole("owner", "właściciel", "owner", True),
    ContactRole("ceo", "prezes zarządu", "CEO", True),
    ContactRole("board_member", "członek zarządu", "board member", True),
    ContactRole("cfo", "dyrektor finansowy", "CFO", True),
    ContactRole("purchasing_director", "dyrektor zakupów", "purchasing director", True),
    ContactRole("fleet_manager", "kierownik floty", "fleet manager", True),
    ContactRole("logistics_manager", "kierownik logistyki", "logistics manager", True),
    ContactRole("transport_manager", "kierownik transportu", "transport manager", True),
    ContactRole("workshop_manager", "kierownik warsztatu", "workshop manager", False),
    ContactRole("chief_accountant", "główny księgowy", "chief accountant", False),
    ContactRole("purchasing_specialist", "specjalista ds. zakupów", "purchasing specialist",
                False),
    ContactRole("dispatcher", "dyspozytor", "dispatcher", False),
    ContactRole("office_assistant", "asystentka zarządu", "management assistant", False),
    ContactRole("reception", "sekretariat", "reception", False),
)


# --------------------------------------------------------------------------------------
# Industries of a fleet-owning B2B base
# --------------------------------------------------------------------------------------

VehicleKind = Literal[
    "car", "van", "truck", "tractor_unit", "trailer", "bus", "construction", "agricultural"
]

VEHICLE_KINDS: Final[Mapping[VehicleKind, tuple[str, str]]] = MappingProxyType({
    "car": ("samochody osobowe", "passenger cars"),
    "van": ("samochody dostawcze", "vans"),
    "truck": ("samochody ciężarowe", "trucks"),
    "tractor_unit": ("ciągniki siodłowe", "tractor units"),
    "trailer": ("naczepy i przyczepy", "trailers"),
    "bus": ("autobusy", "buses"),
    "construction": ("maszyny budowlane", "construction machinery"),
    "agricultural": ("ciągniki i maszyny rolnicze", "agricultural tractors and machinery"),
})


@dataclass(frozen=True, slots=True)
class Industry:
    """An industry of the fleet-owning customer base, with words to build company names."""

    key: str
    name_pl: str
    name_en: str
    pkd: tuple[str, ...]
    """Typical PKD 2007 codes (the Polish NACE) of companies in the industry."""
    descriptors: tuple[str, ...]
    """Phrases that describe the business in a name: "Usługi Transportowe"."""
    stems: tuple[str, ...]
    """Word parts glued into brand names: "Trans" + "Pol" → "Transpol"."""
    vehicles: tuple[VehicleKind, ...]
    """Vehicle kinds the industry's fleets usually hold, most common first."""
    fleet_size: tuple[int, int]
    """Plausible fleet size range (vehicles) for the demo generator."""


INDUSTRIES: Final[tuple[Industry, ...]] = (
    Industry("transport", "transport drogowy towarów", "road freight transport",
             ("49.41.Z",), ("Usługi Transportowe", "Transport Międzynarodowy",
                            "Przewóz Towarów", "Transport Krajowy i Międzynarodowy"),
             ("Trans", "Tir", "Cargo", "Truck", "Road", "Euro"),
             ("tractor_unit", "trailer", "truck", "van"), (3, 250)),
    Industry("logistyka", "logistyka i magazynowanie", "logistics and warehousing",
             ("52.10.B", "52.29.C"), ("Logistyka", "Centrum Logistyczne", "Magazyny"),
             ("Logis", "Log", "Stock", "Hub", "Depo"), ("truck", "van", "tractor_unit"),
             (5, 150)),
    Industry("spedycja", "spedycja", "freight forwarding", ("52.29.C",),
             ("Spedycja", "Spedycja Międzynarodowa", "Agencja Celna"),
             ("Sped", "Forwarding", "Trade", "Expo"), ("car", "van"), (2, 20)),
    Industry("budownictwo", "budownictwo", "construction", ("41.20.Z", "42.11.Z", "43.12.Z"),
             ("Przedsiębiorstwo Budowlane", "Budownictwo", "Roboty Ziemne",
              "Budowa Dróg", "Usługi Budowlane"),
             ("Bud", "Budex", "Dom", "Mur", "Drog", "Inwest"),
             ("construction", "truck", "van", "car"), (3, 120)),
    Industry("rolnictwo", "rolnictwo", "agriculture", ("01.11.Z", "01.61.Z", "01.50.Z"),
             ("Gospodarstwo Rolne", "Usługi Rolnicze", "Rolnicza Spółdzielnia Produkcyjna",
              "Agrotechnika"),
             ("Agro", "Rol", "Pol", "Ziarn", "Plon"), ("agricultural", "truck", "van"),
             (2, 60)),
    Industry("handel", "handel hurtowy", "wholesale trade", ("46.90.Z", "46.71.Z", "46.73.Z"),
             ("Hurtownia", "Przedsiębiorstwo Handlowo-Usługowe", "Handel i Dystrybucja"),
             ("Hurt", "Hand", "Market", "Max", "Dystryb"), ("van", "truck", "car"), (2, 80)),
    Industry("uslugi_komunalne", "usługi komunalne", "municipal services",
             ("38.11.Z", "81.29.Z", "36.00.Z"),
             ("Przedsiębiorstwo Gospodarki Komunalnej", "Zakład Usług Komunalnych",
              "Oczyszczanie Miasta", "Wodociągi i Kanalizacja"),
             ("Kom", "Eko", "Clean", "Wod", "Kan"), ("truck", "van", "construction"),
             (5, 200)),
    Industry("taxi", "przewozy taksówkowe", "taxi", ("49.32.Z",),
             ("Taxi", "Radio Taxi", "Przewozy Osobowe"), ("Taxi", "City", "Hallo", "Super"),
             ("car",), (1, 300)),
    Industry("kurierzy", "usługi kurierskie", "courier services", ("53.20.Z",),
             ("Usługi Kurierskie", "Przesyłki Ekspresowe", "Poczta Kurierska"),
             ("Kurier", "Express", "Speed", "Paczka", "Fast"), ("van", "car", "truck"),
             (3, 400)),
    Industry("autobusy", "przewozy autobusowe", "bus transport", ("49.31.Z", "49.39.Z"),
             ("Przewozy Autobusowe", "Komunikacja Autobusowa", "PKS",
              "Przedsiębiorstwo Komunikacji Samochodowej"),
             ("Bus", "Auto", "Tour", "Travel", "Kom"), ("bus", "van"), (3, 150)),
    Industry("wynajem", "wynajem pojazdów", "vehicle rental and leasing",
             ("77.11.Z", "77.12.Z"), ("Wynajem Samochodów", "Car Rental", "Wypożyczalnia Aut"),
             ("Rent", "Car", "Auto", "Flota", "Lease"), ("car", "van"), (10, 500)),
    Industry("dystrybucja", "dystrybucja napojów i żywności", "food and beverage distribution",
             ("46.34.A", "46.39.Z"), ("Dystrybucja", "Hurtownia Spożywcza",
                                      "Hurtownia Napojów"),
             ("Dyst", "Food", "Napoj", "Smak", "Fresh"), ("van", "truck", "car"), (3, 100)),
)

NAME_PREFIXES: Final[tuple[str, ...]] = (
    "P.P.H.U.", "P.H.U.", "F.H.U.", "PPHU", "PHU", "FHU", "Firma", "Przedsiębiorstwo",
    "Zakład", "Grupa", "Centrum",
)
"""Prefixes that purchased lists carry in front of a company name (kept as part of it)."""

BRAND_PARTS: Final[tuple[str, ...]] = (
    "Pol", "Euro", "Inter", "Max", "Mega", "Eko", "Star", "Tech", "Mex", "Gal", "Ex", "Sped",
    "Tom", "Mar", "Jan", "Kop", "Stal", "Met",
)
"""Generic brand-name parts ("Transpol", "Eurobud", "Marex") shared by every industry."""
