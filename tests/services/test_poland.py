"""Tests of app.services.poland: the Polish reference data is complete and consistent."""

from __future__ import annotations

import re

import pytest

from app.services.normalize import (
    normalize_phone,
    normalize_postcode,
    parse_street,
    postcode_city,
    search_key,
)
from app.services.poland import (
    BRAND_PARTS,
    CITIES,
    CITIES_BY_VOIVODESHIP,
    CONTACT_ROLES,
    FEMALE_FIRST_NAMES,
    INDUSTRIES,
    MALE_FIRST_NAMES,
    NAME_PREFIXES,
    SURNAMES,
    VEHICLE_KINDS,
    VOIVODESHIP_BY_KEY,
    VOIVODESHIPS,
    City,
)

TERYT = {
    "dolnoslaskie": "02", "kujawsko-pomorskie": "04", "lubelskie": "06", "lubuskie": "08",
    "lodzkie": "10", "malopolskie": "12", "mazowieckie": "14", "opolskie": "16",
    "podkarpackie": "18", "podlaskie": "20", "pomorskie": "22", "slaskie": "24",
    "swietokrzyskie": "26", "warminsko-mazurskie": "28", "wielkopolskie": "30",
    "zachodniopomorskie": "32",
}


def test_sixteen_voivodeships_with_their_teryt_codes() -> None:
    assert {v.key: v.teryt for v in VOIVODESHIPS} == TERYT
    assert len({v.iso_letters for v in VOIVODESHIPS}) == 16
    assert len({v.name_en for v in VOIVODESHIPS}) == 16
    assert VOIVODESHIP_BY_KEY["mazowieckie"].name_en == "Masovian"
    assert VOIVODESHIP_BY_KEY["slaskie"].name_pl == "śląskie"
    assert VOIVODESHIP_BY_KEY["kujawsko-pomorskie"].capitals == ("Bydgoszcz", "Toruń")


@pytest.mark.parametrize("voivodeship", VOIVODESHIPS, ids=lambda v: v.key)
def test_voivodeship_names_agree(voivodeship: object) -> None:
    from app.services.poland import Voivodeship

    assert isinstance(voivodeship, Voivodeship)
    assert voivodeship.key == search_key(voivodeship.name_pl).replace(" ", "-")
    assert voivodeship.display.lower() == voivodeship.name_pl
    towns = {c.name for c in CITIES_BY_VOIVODESHIP[voivodeship.key]}
    assert set(voivodeship.capitals) <= towns
    assert 6 <= len(towns) <= 12


def test_every_city_belongs_to_a_voivodeship_once() -> None:
    assert {c.voivodeship for c in CITIES} == set(VOIVODESHIP_BY_KEY)
    assert sum(len(cities) for cities in CITIES_BY_VOIVODESHIP.values()) == len(CITIES)
    assert len({c.name for c in CITIES}) == len(CITIES)


@pytest.mark.parametrize("city", CITIES, ids=lambda c: c.name)
def test_city_data_is_well_formed(city: City) -> None:
    assert normalize_postcode(city.postcode_first) == city.postcode_first
    assert normalize_postcode(city.postcode_last) == city.postcode_last
    assert city.postcode_first <= city.postcode_last
    assert postcode_city(city.postcode_first) == city.name
    assert postcode_city(city.postcode_last) == city.name
    landline = normalize_phone(f"{city.area_code} 123 45 67")
    assert landline is not None
    assert landline.kind == "landline"
    assert len(city.streets) >= 2
    for street in city.streets:
        address = parse_street(street)
        assert address.building is None
        assert address.street


def test_postcode_ranges_do_not_overlap() -> None:
    ranges = sorted((c.postcode_first, c.postcode_last) for c in CITIES)
    for (_, last), (first, _) in zip(ranges, ranges[1:], strict=False):
        assert last < first


@pytest.mark.parametrize(
    ("city", "first", "last"),
    [("Warszawa", "00-001", "04-999"), ("Kraków", "30-001", "31-999"),
     ("Poznań", "60-001", "61-896"), ("Wrocław", "50-001", "54-614")],
)
def test_big_city_ranges(city: str, first: str, last: str) -> None:
    (found,) = [c for c in CITIES if c.name == city]
    assert (found.postcode_first, found.postcode_last) == (first, last)


def test_first_names() -> None:
    assert len(MALE_FIRST_NAMES) >= 30
    assert len(FEMALE_FIRST_NAMES) >= 30
    assert all(name.endswith("a") for name in FEMALE_FIRST_NAMES)
    assert not any(name.endswith("a") for name in MALE_FIRST_NAMES)
    assert not set(MALE_FIRST_NAMES) & set(FEMALE_FIRST_NAMES)


def test_surnames_have_female_forms() -> None:
    by_male = {s.male: s.female for s in SURNAMES}
    assert by_male["Kowalski"] == "Kowalska"
    assert by_male["Nowak"] == "Nowak"
    assert by_male["Nowicki"] == "Nowicka"
    assert by_male["Konieczny"] == "Konieczna"
    for surname in SURNAMES:
        if re.search(r"(ski|cki|dzki|ny)$", surname.male):
            assert surname.female == surname.male[:-1] + "a"
        else:
            assert surname.female == surname.male
    assert len(by_male) == len(SURNAMES) >= 50


def test_contact_roles() -> None:
    roles = {r.key: (r.name_pl, r.name_en) for r in CONTACT_ROLES}
    assert roles["owner"] == ("właściciel", "owner")
    assert roles["fleet_manager"] == ("kierownik floty", "fleet manager")
    assert roles["purchasing_director"] == ("dyrektor zakupów", "purchasing director")
    assert roles["chief_accountant"] == ("główny księgowy", "chief accountant")
    assert roles["cfo"] == ("dyrektor finansowy", "CFO")
    assert roles["ceo"] == ("prezes zarządu", "CEO")
    assert roles["logistics_manager"] == ("kierownik logistyki", "logistics manager")
    assert roles["purchasing_specialist"] == ("specjalista ds. zakupów", "purchasing specialist")
    assert len(roles) == len(CONTACT_ROLES)


def test_industries() -> None:
    keys = [i.key for i in INDUSTRIES]
    assert len(set(keys)) == len(keys)
    assert {"transport", "logistyka", "budownictwo", "rolnictwo", "spedycja", "handel",
            "uslugi_komunalne", "taxi", "kurierzy", "autobusy"} <= set(keys)
    for industry in INDUSTRIES:
        assert industry.descriptors
        assert industry.stems
        assert industry.vehicles
        assert set(industry.vehicles) <= set(VEHICLE_KINDS)
        low, high = industry.fleet_size
        assert 1 <= low <= high
        assert all(re.fullmatch(r"[0-9]{2}\.[0-9]{2}\.[A-Z]", pkd) for pkd in industry.pkd)


def test_name_parts() -> None:
    assert "P.P.H.U." in NAME_PREFIXES
    assert len(set(BRAND_PARTS)) == len(BRAND_PARTS)
