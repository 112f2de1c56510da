"""Tests of app.services.normalize: the standardisation of Polish business data."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import pesel as stdnum_pesel
from stdnum.pl import regon as stdnum_regon

from app.services.normalize import (
    LegalForm,
    Phone,
    StreetAddress,
    canonical_company_name,
    email_search_key,
    format_nip,
    format_pesel,
    format_regon,
    format_street,
    format_vat,
    is_valid_nip,
    is_valid_pesel,
    is_valid_regon,
    is_valid_vat,
    name_match_key,
    nip_search_key,
    normalize_email,
    normalize_emails,
    normalize_nip,
    normalize_pesel,
    normalize_phone,
    normalize_phones,
    normalize_postcode,
    normalize_regon,
    normalize_vat,
    normalize_voivodeship,
    parse_legal_form,
    parse_street,
    phone_search_key,
    postcode_city,
    regon_base,
    search_key,
    split_company_name,
    split_legal_form,
    street_match_key,
    strip_quotes,
)
from app.services.poland import VOIVODESHIPS

DIGITS = "0123456789"


def nip_from(first_nine: str) -> str | None:
    """A valid NIP from nine digits, the check digit found by stdnum (None if impossible)."""
    valid = [first_nine + d for d in DIGITS if stdnum_nip.is_valid(first_nine + d)]
    return valid[0] if valid else None


def regon9_from(first_eight: str) -> str:
    return first_eight + stdnum_regon.calc_check_digit(first_eight)


def regon14_from(regon9: str, unit: str) -> str:
    first_thirteen = regon9 + unit
    return first_thirteen + stdnum_regon.calc_check_digit(first_thirteen)


def pesel_from(first_ten: str) -> str:
    return first_ten + stdnum_pesel.calc_check_digit(first_ten)


VALID_NIP = nip_from("526025027")  # 5260250274
OTHER_NIP = nip_from("777000290")
VALID_REGON9 = regon9_from("12345678")
VALID_REGON14 = regon14_from(VALID_REGON9, "1234")
VALID_PESEL = pesel_from("8503121231")  # born 1985-03-12, male


def test_reference_numbers_are_valid() -> None:
    assert VALID_NIP == "5260250274"
    assert OTHER_NIP is not None
    assert stdnum_regon.is_valid(VALID_REGON9)
    assert stdnum_regon.is_valid(VALID_REGON14)
    assert stdnum_pesel.is_valid(VALID_PESEL)


# --- phones ---------------------------------------------------------------------------

Expected = tuple[str, str | None, str, str]  # e164, extension, kind, national
LANDLINE_WAW: Expected = ("+48221234567", None, "landline", "+48 22 123 45 67")
MOBILE: Expected = ("+48601234567", None, "mobile", "+48 601 234 567")


def as_tuple(phone: Phone | None) -> Expected | None:
    if phone is None:
        return None
    return (phone.e164, phone.extension, phone.kind, phone.national)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22 123 45 67", LANDLINE_WAW),
        ("(022) 123-45-67", LANDLINE_WAW),
        ("(0-22) 123 45 67", LANDLINE_WAW),
        ("022 1234567", LANDLINE_WAW),
        ("+48 22 123 45 67", LANDLINE_WAW),
        ("00 48 22 123 45 67", LANDLINE_WAW),
        ("tel./fax 22 123-45-67", LANDLINE_WAW),
        ("0048 601-234-567", MOBILE),
        ("+48601234567", MOBILE),
        ("48 601 234 567", MOBILE),
        ("601234567", MOBILE),
        ("kom. 601 234 567", MOBILE),
        ("tel. kom.: +48 601 234 567", MOBILE),
        ("601 234 567 wew. 12", ("+48601234567", "12", "mobile", "+48 601 234 567")),
        ("tel. 22 1234567 w. 5", ("+48221234567", "5", "landline", "+48 22 123 45 67")),
        ("22 123 45 67 wewn. 123", ("+48221234567", "123", "landline",
                                         "+48 22 123 45 67")),
        ("22 123 45 67 ext. 3", ("+48221234567", "3", "landline", "+48 22 123 45 67")),
        ("22 123 45 67 x12", ("+48221234567", "12", "landline", "+48 22 123 45 67")),
        ("58 555 12 34", ("+48585551234", None, "landline", "+48 58 555 12 34")),
        ("800 123 456", ("+48800123456", None, "other", "+48 800 123 456")),
        ("+49 30 1234567", ("+49301234567", None, "landline", "+49 30 1234567")),
    ],
)
def test_normalize_phone(text: str, expected: Expected) -> None:
    assert as_tuple(normalize_phone(text)) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "12", "123 45", "601 ABC 567", "22 123 45 678 90 12", "brak",
     "n/d", "0000000000", "+48 000 000 000", "tel.", "601 234 56"],
)
def test_normalize_phone_rejects_non_phones(text: str) -> None:
    assert normalize_phone(text) is None
    assert phone_search_key(text) is None


def test_normalize_phone_other_default_region() -> None:
    phone = normalize_phone("030 1234567", region="DE")
    assert phone is not None
    assert phone.e164 == "+49301234567"


def test_phone_display_adds_the_extension() -> None:
    phone = normalize_phone("22 123 45 67 wew. 12")
    assert phone is not None
    assert phone.display == "+48 22 123 45 67 wew. 12"
    assert Phone("+48601234567", None, "mobile").display == "+48 601 234 567"


def test_phone_search_key_drops_the_extension() -> None:
    assert phone_search_key("(022) 123-45-67 wew. 44") == "+48221234567"
    assert phone_search_key("601-234-567") == "+48601234567"


def test_normalize_phones_splits_a_cell() -> None:
    phones = normalize_phones("22 123 45 67, 601 234 567; lub 601-234-567 | brak")
    assert [p.e164 for p in phones] == ["+48221234567", "+48601234567"]
    assert normalize_phones("") == ()


@given(st.sampled_from(["50", "51", "53", "57", "60", "66", "69", "72", "78", "79", "88"]),
       st.text(alphabet=DIGITS, min_size=7, max_size=7))
def test_phone_formats_parse_back_to_the_same_number(prefix: str, rest: str) -> None:
    phone = normalize_phone(prefix + rest)
    assume(phone is not None)
    assert phone is not None
    assert normalize_phone(phone.e164) == phone
    assert normalize_phone(phone.national) == phone


# --- tax and registry numbers ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["5260250274", "526-025-02-74", "526 025 02 74", "PL 526-025-02-74", "PL5260250274",
     "pl5260250274", "526-02-50-274", " NIP: 526-025-02-74 ", "NIP 5260250274",
     "NIP-UE PL5260250274", "526.025.02.74", "526–025–02–74"],
)
def test_normalize_nip_accepts_any_formatting(text: str) -> None:
    assert normalize_nip(text) == "5260250274"
    assert is_valid_nip(text)
    assert format_nip(text) == "526-025-02-74"


@pytest.mark.parametrize(
    "text",
    ["5260250275", "526025027", "52602502744", "DE5260250274", "abc", "", "123-456-78-90",
     "0000000000x"],
)
def test_normalize_nip_rejects(text: str) -> None:
    assert normalize_nip(text) is None
    assert not is_valid_nip(text)
    with pytest.raises(ValueError, match="NIP"):
        format_nip(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("PL 123-456-32-18", "1234563218"), ("5260250275", "5260250275"),
     ("526 025 02 7", None), ("NIP: 526-025-02-74", "5260250274"), ("abc", None),
     ("12345678901", None)],
)
def test_nip_search_key_does_not_check_the_checksum(text: str, expected: str | None) -> None:
    assert nip_search_key(text) == expected


@given(st.text(alphabet=DIGITS, min_size=9, max_size=9))
def test_format_nip_round_trips(first_nine: str) -> None:
    number = nip_from(first_nine)
    assume(number is not None)
    assert number is not None
    assert normalize_nip(format_nip(number)) == number
    assert normalize_nip("PL " + format_nip(number)) == number
    assert nip_search_key(format_nip(number)) == number


def test_normalize_regon() -> None:
    assert normalize_regon(VALID_REGON9) == VALID_REGON9
    assert normalize_regon(f"REGON: {VALID_REGON9[:3]} {VALID_REGON9[3:]}") == VALID_REGON9
    assert normalize_regon(VALID_REGON14) == VALID_REGON14
    assert format_regon(VALID_REGON14) == VALID_REGON14
    assert is_valid_regon(VALID_REGON9)
    assert regon_base(VALID_REGON14) == VALID_REGON9
    assert regon_base(VALID_REGON9) == VALID_REGON9


@pytest.mark.parametrize(
    "text", ["123456789", "12345678", "1234567851", "12345678512348", "abc", ""]
)
def test_normalize_regon_rejects(text: str) -> None:
    assert normalize_regon(text) is None
    assert not is_valid_regon(text)
    assert regon_base(text) is None
    with pytest.raises(ValueError, match="REGON"):
        format_regon(text)


def test_normalize_pesel() -> None:
    assert normalize_pesel(VALID_PESEL) == VALID_PESEL
    assert normalize_pesel(f"PESEL: {VALID_PESEL[:6]} {VALID_PESEL[6:]}") == VALID_PESEL
    assert normalize_pesel("44051401359") == "44051401359"
    assert format_pesel(VALID_PESEL) == VALID_PESEL
    assert is_valid_pesel(VALID_PESEL)


@pytest.mark.parametrize(
    "text",
    ["44051401358", "4405140135", pesel_from("8513121231"), "abc", ""],  # 13th month
)
def test_normalize_pesel_rejects(text: str) -> None:
    assert normalize_pesel(text) is None
    assert not is_valid_pesel(text)
    with pytest.raises(ValueError, match="PESEL"):
        format_pesel(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PL5260250274", "PL5260250274"),
        ("PL 526-025-02-74", "PL5260250274"),
        ("5260250274", "PL5260250274"),
        ("VAT-UE: PL5260250274", "PL5260250274"),
        ("DE 136 695 976", "DE136695976"),
        ("de136695976", "DE136695976"),
        ("EL094259216", "EL094259216"),
    ],
)
def test_normalize_vat(text: str, expected: str) -> None:
    assert normalize_vat(text) == expected
    assert is_valid_vat(text)
    assert format_vat(text) == expected


@pytest.mark.parametrize("text", ["PL5260250275", "DE136695977", "XX123456789", "", "abc"])
def test_normalize_vat_rejects(text: str) -> None:
    assert normalize_vat(text) is None
    assert not is_valid_vat(text)
    with pytest.raises(ValueError, match="VAT"):
        format_vat(text)


def test_normalize_vat_can_require_the_prefix() -> None:
    assert normalize_vat("5260250274", default_country=None) is None
    assert normalize_vat("136695976", default_country="DE") == "DE136695976"


# --- e-mail ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jan.kowalski@firma.pl", "jan.kowalski@firma.pl"),
        ("Jan.Kowalski@Firma.PL", "Jan.Kowalski@firma.pl"),
        ("  biuro@transbud.com.pl  ", "biuro@transbud.com.pl"),
        ("mailto:biuro@transbud.pl", "biuro@transbud.pl"),
        ("E-mail: <Biuro@TRANSBUD.pl>", "Biuro@transbud.pl"),
        ("sekretariat@żółw.pl", "sekretariat@żółw.pl"),
        ("jan+faktury@firma.pl", "jan+faktury@firma.pl"),
    ],
)
def test_normalize_email(text: str, expected: str) -> None:
    assert normalize_email(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "brak", "jan.kowalski", "jan@", "@firma.pl", "jan@firma", "jan kowalski@firma.pl",
     "jan@@firma.pl", "jan@firma..pl", "jan@localhost", "jan@firma.local"],
)
def test_normalize_email_rejects(text: str) -> None:
    assert normalize_email(text) is None
    assert email_search_key(text) is None


def test_email_search_key_ignores_case() -> None:
    assert email_search_key("Jan.Kowalski@Firma.PL") == "jan.kowalski@firma.pl"


def test_normalize_emails_splits_a_cell() -> None:
    assert normalize_emails("biuro@a.pl; Biuro@A.pl, jan@b.pl brak") == (
        "biuro@a.pl", "jan@b.pl"
    )


# --- company names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "core", "form"),
    [
        ("Transbud Sp. z o.o.", "Transbud", LegalForm.SP_ZOO),
        ("Transbud sp z oo", "Transbud", LegalForm.SP_ZOO),
        ("TRANSBUD SP.Z.O.O.", "TRANSBUD", LegalForm.SP_ZOO),
        ("Transbud Sp.z o.o.", "Transbud", LegalForm.SP_ZOO),
        ("Transbud sp. z o. o.", "Transbud", LegalForm.SP_ZOO),
        ("Transbud spzoo", "Transbud", LegalForm.SP_ZOO),
        ("Transbud spółka z o.o.", "Transbud", LegalForm.SP_ZOO),
        ("Transbud s-ka z o.o.", "Transbud", LegalForm.SP_ZOO),
        ("Transbud spółka z ograniczoną odpowiedzialnością", "Transbud", LegalForm.SP_ZOO),
        ("TRANSBUD SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ", "TRANSBUD", LegalForm.SP_ZOO),
        ("Transbud spolka z ograniczona odpowiedzialnoscia", "Transbud", LegalForm.SP_ZOO),
        ("Transbud, Sp. z o.o.", "Transbud", LegalForm.SP_ZOO),
        ("„Transbud” Sp. z o.o.", "Transbud", LegalForm.SP_ZOO),
        ('"Transbud" sp. z o.o.', "Transbud", LegalForm.SP_ZOO),
        ("Orlen S.A.", "Orlen", LegalForm.SA),
        ("Orlen SA", "Orlen", LegalForm.SA),
        ("Orlen S. A.", "Orlen", LegalForm.SA),
        ("Orlen Spółka Akcyjna", "Orlen", LegalForm.SA),
        ("Transbud P.S.A.", "Transbud", LegalForm.PSA),
        ("Transbud prosta spółka akcyjna", "Transbud", LegalForm.PSA),
        ("Kowalski i Wspólnicy spółka jawna", "Kowalski i Wspólnicy", LegalForm.SPJ),
        ("Kowalski sp.j.", "Kowalski", LegalForm.SPJ),
        ("Kowalski Sp. J.", "Kowalski", LegalForm.SPJ),
        ("Nowak spółka komandytowa", "Nowak", LegalForm.SPK),
        ("Nowak sp.k.", "Nowak", LegalForm.SPK),
        ("Nowak Sp. k.", "Nowak", LegalForm.SPK),
        ("Nowak spółka komandytowo-akcyjna", "Nowak", LegalForm.SKA),
        ("Nowak S.K.A.", "Nowak", LegalForm.SKA),
        ("Nowak SKA", "Nowak", LegalForm.SKA),
        ("Kancelaria Nowak spółka partnerska", "Kancelaria Nowak", LegalForm.SPP),
        ("Kancelaria Nowak sp.p.", "Kancelaria Nowak", LegalForm.SPP),
        ("P.P.H.U. Transbud spółka cywilna", "P.P.H.U. Transbud", LegalForm.SC),
        ("F.H.U. Kowalski s.c.", "F.H.U. Kowalski", LegalForm.SC),
        ("PHU Kowalski S.C.", "PHU Kowalski", LegalForm.SC),
        ("Transbud Sp. z o.o. Sp.k.", "Transbud sp. z o.o.", LegalForm.SPK),
        ("Transbud spółka z ograniczoną odpowiedzialnością spółka komandytowa",
         "Transbud sp. z o.o.", LegalForm.SPK),
        ("Transbud sp. z o.o. w likwidacji", "Transbud", LegalForm.SP_ZOO),
        ("P.P.H.U. Transbud Jan Kowalski", "P.P.H.U. Transbud Jan Kowalski", None),
        ("Polska Spedycja", "Polska Spedycja", None),
        ("Hotel Spa", "Hotel Spa", None),
        ("Sp. z o.o.", "Sp. z o.o.", None),
        ("  Transbud   Sp.  z o.o. ", "Transbud", LegalForm.SP_ZOO),
    ],
)
def test_split_legal_form(name: str, core: str, form: LegalForm | None) -> None:
    assert split_legal_form(name) == (core, form)


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("„Transbud” SP Z OO", "Transbud sp. z o.o."),
        ('"Transbud" Spółka z ograniczoną odpowiedzialnością', "Transbud sp. z o.o."),
        ("«Transbud» s.a.", "Transbud S.A."),
        ("'Transbud' sp.j.", "Transbud sp.j."),
        ("McDonald's Polska Sp. z o.o.", "McDonald's Polska sp. z o.o."),
        ("Transbud Sp. z o.o. Sp. K.", "Transbud sp. z o.o. sp.k."),
        ("Transbud SP. Z O.O. W LIKWIDACJI", "Transbud sp. z o.o. w likwidacji"),
        ("Transbud sp. z o.o. w upadłości", "Transbud sp. z o.o. w upadłości"),
        ("Transbud sp. z o.o. w organizacji", "Transbud sp. z o.o. w organizacji"),
        ("  PPHU   Transbud  ", "PPHU Transbud"),
    ],
)
def test_canonical_company_name(name: str, canonical: str) -> None:
    assert canonical_company_name(name) == canonical


def test_split_company_name_keeps_the_status() -> None:
    parts = split_company_name("Transbud sp. z o.o. w likwidacji")
    assert (parts.core, parts.legal_form, parts.status) == (
        "Transbud", LegalForm.SP_ZOO, "w likwidacji"
    )


def test_legal_form_descriptions() -> None:
    assert LegalForm.SP_ZOO.polish == "spółka z ograniczoną odpowiedzialnością"
    assert LegalForm.SP_ZOO.english == "limited liability company"
    assert str(LegalForm.SA) == "S.A."
    assert all(form.polish and form.english for form in LegalForm)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("spółka z o.o.", LegalForm.SP_ZOO),
        ("SPÓŁKI Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ", LegalForm.SP_ZOO),
        ("S.A.", LegalForm.SA),
        ("spółka cywilna", LegalForm.SC),
        ("sp.k.", LegalForm.SPK),
        ("osoba fizyczna prowadząca działalność gospodarczą", LegalForm.SOLE_TRADER),
        ("OSOBY FIZYCZNE PROWADZĄCE DZIAŁALNOŚĆ GOSPODARCZĄ", LegalForm.SOLE_TRADER),
        ("jednoosobowa działalność gospodarcza", LegalForm.SOLE_TRADER),
        ("JDG", LegalForm.SOLE_TRADER),
        ("fundacja", None),
        ("", None),
    ],
)
def test_parse_legal_form(text: str, form: LegalForm | None) -> None:
    assert parse_legal_form(text) == form


# --- search and match keys ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Łódź", "lodz"),
        ("Gdańsk", "gdansk"),
        ("  Zielona   Góra ", "zielona gora"),
        ("Kędzierzyn-Koźle", "kedzierzyn kozle"),
        ("ŻÓŁĆ", "zolc"),
        ("P.P.H.U. „Transbud”", "pphu transbud"),
        ("Transbud Sp. z o.o.", "transbud sp z oo"),
        ("McDonald's", "mcdonalds"),
        ("Müller & Söhne", "muller sohne"),
        ("ul. 3 Maja 12/3", "ul 3 maja 12 3"),
        ("", ""),
        ("---", ""),
    ],
)
def test_search_key(text: str, key: str) -> None:
    assert search_key(text) == key


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (["Transbud Sp. z o.o.", "TRANSBUD SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ",
          "„Transbud” sp z oo", "P.P.H.U. Transbud", "PPHU TRANSBUD", "Firma Transbud",
          "Przedsiębiorstwo Handlowo-Usługowe Transbud", "FHU Transbud s.c.",
          "Transbud sp. z o.o. w likwidacji", "Transbud Sp. z o.o. Sp.k."], "transbud"),
        (["Kowalski & Syn", "Kowalski i Syn sp.j."], "kowalski i syn"),
        (["Auto-Kom Łódź S.A."], "auto kom lodz"),
        (["PHU"], "phu"),
        (["Sp. z o.o."], "sp z oo"),
    ],
)
def test_name_match_key(names: list[str], key: str) -> None:
    assert {name_match_key(name) for name in names} == {key}


def test_strip_quotes() -> None:
    assert strip_quotes("„Transbud” ") == "Transbud"
    assert strip_quotes("'Transbud'") == "Transbud"
    assert strip_quotes("McDonald's") == "McDonald's"


LEGAL_SPELLINGS = ["Sp. z o.o.", "sp z oo", "S.A.", "SA", "sp.j.", "s.c.", "S.K.A.", "sp.k.",
                   "spółka z ograniczoną odpowiedzialnością", "w likwidacji", "PPHU", "F.H.U."]
names = st.lists(
    st.one_of(st.sampled_from(LEGAL_SPELLINGS), st.text(min_size=1, max_size=12)), max_size=5
).map(" ".join)


@given(st.one_of(st.text(), names))
def test_search_key_is_idempotent(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key
    assert key == key.strip()
    assert key.isascii()


@given(st.one_of(st.text(), names))
def test_name_match_key_is_idempotent(text: str) -> None:
    key = name_match_key(text)
    assert name_match_key(key) == key


@given(st.one_of(st.text(), names))
def test_canonical_company_name_is_idempotent(text: str) -> None:
    canonical = canonical_company_name(text)
    assert canonical_company_name(canonical) == canonical


# --- addresses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "formatted"),
    [
        ("ul. Marszałkowska 12/3", StreetAddress("ul.", "Marszałkowska", "12", "3"),
         "ul. Marszałkowska 12/3"),
        ("Al. Jerozolimskie 123A lok. 4", StreetAddress("al.", "Jerozolimskie", "123A", "4"),
         "al. Jerozolimskie 123A/4"),
        ("Aleje Jerozolimskie 44", StreetAddress("al.", "Jerozolimskie", "44", None),
         "al. Jerozolimskie 44"),
        ("pl. Grunwaldzki 5 m. 12", StreetAddress("pl.", "Grunwaldzki", "5", "12"),
         "pl. Grunwaldzki 5/12"),
        ("os. Piastów 10/25", StreetAddress("os.", "Piastów", "10", "25"),
         "os. Piastów 10/25"),
        ("Osiedle Piastów 10 / 25", StreetAddress("os.", "Piastów", "10", "25"),
         "os. Piastów 10/25"),
        ("Długa 7", StreetAddress(None, "Długa", "7", None), "Długa 7"),
        ("ul.Kwiatowa 3 m 2", StreetAddress("ul.", "Kwiatowa", "3", "2"), "ul. Kwiatowa 3/2"),
        ("ulica Kwiatowa 3, lok. 2", StreetAddress("ul.", "Kwiatowa", "3", "2"),
         "ul. Kwiatowa 3/2"),
        ("UL. DŁUGA 12 a", StreetAddress("ul.", "DŁUGA", "12A", None), "ul. DŁUGA 12A"),
        ("ul. Długa 12a/3b", StreetAddress("ul.", "Długa", "12A", "3B"), "ul. Długa 12A/3B"),
        ("ul. Długa 12-14", StreetAddress("ul.", "Długa", "12-14", None), "ul. Długa 12-14"),
        ("ul. Długa nr 7", StreetAddress("ul.", "Długa", "7", None), "ul. Długa 7"),
        ("ul. 3 Maja 12", StreetAddress("ul.", "3 Maja", "12", None), "ul. 3 Maja 12"),
        ("ul. 3 Maja", StreetAddress("ul.", "3 Maja", None, None), "ul. 3 Maja"),
        ("ul. 11 Listopada 5/7", StreetAddress("ul.", "11 Listopada", "5", "7"),
         "ul. 11 Listopada 5/7"),
        ("Rondo ONZ 1", StreetAddress("rondo", "ONZ", "1", None), "rondo ONZ 1"),
        ("skwer Kościuszki 10", StreetAddress("skwer", "Kościuszki", "10", None),
         "skwer Kościuszki 10"),
        ("Ulańska 5", StreetAddress(None, "Ulańska", "5", None), "Ulańska 5"),
        ("Plac Wolności 1", StreetAddress("pl.", "Wolności", "1", None), "pl. Wolności 1"),
        ("Nowa Wieś 12", StreetAddress(None, "Nowa Wieś", "12", None), "Nowa Wieś 12"),
        ("12/3", StreetAddress(None, "", "12", "3"), "12/3"),
        ("", StreetAddress(None, "", None, None), ""),
    ],
)
def test_parse_and_format_street(text: str, expected: StreetAddress, formatted: str) -> None:
    assert parse_street(text) == expected
    assert format_street(expected) == formatted
    assert parse_street(formatted) == expected


def test_street_match_key() -> None:
    keys = {street_match_key(s) for s in
            ["ul. Marszałkowska 12/3", "MARSZAŁKOWSKA 12 m. 3", "ulica Marszałkowska 12 lok 3"]}
    assert keys == {"marszalkowska 12/3"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("00950", "00-950"), ("00-950", "00-950"), ("00 950", "00-950"), (" 00–950 ", "00-950"),
     ("PL-00-950", "00-950"), ("31-123", "31-123"), ("0095", None), ("000950", None),
     ("00-9500", None), ("ab-cde", None), ("", None), ("٠٠-٩٥٠", None)],
)
def test_normalize_postcode(text: str, expected: str | None) -> None:
    assert normalize_postcode(text) == expected


@given(st.one_of(st.text(), st.from_regex(r"\s*[0-9]{2}\s?[- ]?\s?[0-9]{3}\s*", fullmatch=True)))
def test_normalize_postcode_is_idempotent(text: str) -> None:
    code = normalize_postcode(text)
    if code is not None:
        assert normalize_postcode(code) == code
        assert len(code) == 6


@pytest.mark.parametrize(
    ("postcode", "city"),
    [("00-950", "Warszawa"), ("04-999", "Warszawa"), ("31123", "Kraków"),
     ("61-001", "Poznań"), ("81-701", "Sopot"), ("05-800", "Pruszków"),
     ("99-999", None), ("abc", None)],
)
def test_postcode_city(postcode: str, city: str | None) -> None:
    assert postcode_city(postcode) == city


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Mazowieckie", "mazowieckie"), ("woj. mazowieckie", "mazowieckie"),
        ("MAZOWIECKIE", "mazowieckie"), ("mazowieckie (14)", "mazowieckie"),
        ("Województwo Mazowieckie", "mazowieckie"), ("Masovian", "mazowieckie"),
        ("Masovian Voivodeship", "mazowieckie"), ("14", "mazowieckie"),
        ("PL-14", "mazowieckie"), ("MZ", "mazowieckie"), ("śląskie", "slaskie"),
        ("slaskie", "slaskie"), ("SLASKIE", "slaskie"), ("Silesian", "slaskie"),
        ("Łódzkie", "lodzkie"), ("lodzkie", "lodzkie"), ("02", "dolnoslaskie"),
        ("2", "dolnoslaskie"), ("Lower Silesian", "dolnoslaskie"),
        ("Kujawsko-Pomorskie", "kujawsko-pomorskie"),
        ("kujawsko pomorskie", "kujawsko-pomorskie"),
        ("Warmińsko-Mazurskie", "warminsko-mazurskie"), ("Greater Poland", "wielkopolskie"),
        ("zachodniopomorskie", "zachodniopomorskie"), ("pomorskie", "pomorskie"),
        ("Holy Cross", "swietokrzyskie"), ("nieznane (12)", "malopolskie"),
        ("Mazowsze", None), ("Warszawa", None), ("15", None), ("", None),
    ],
)
def test_normalize_voivodeship(text: str, key: str | None) -> None:
    assert normalize_voivodeship(text) == key


@pytest.mark.parametrize("voivodeship", VOIVODESHIPS, ids=lambda v: v.key)
def test_normalize_voivodeship_knows_every_official_spelling(voivodeship: object) -> None:
    from app.services.poland import Voivodeship

    assert isinstance(voivodeship, Voivodeship)
    for text in (voivodeship.key, voivodeship.name_pl, voivodeship.display,
                 voivodeship.name_en, voivodeship.teryt, f"woj. {voivodeship.name_pl}",
                 voivodeship.display.upper(), f"{voivodeship.name_pl} ({voivodeship.teryt})"):
        assert normalize_voivodeship(text) == voivodeship.key
