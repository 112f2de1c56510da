"""What the deduplicator compares for Polish company lists: the default loose model, the
strict model and the matching columns made from import records' match keys.

The engine that runs these models is :mod:`app.services.matching`.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.services.matching import Block, Compare, Model

__all__ = ["FREE_MAIL", "company_frame", "company_model", "strict_model"]


FREE_MAIL = frozenset({
    "wp.pl", "o2.pl", "onet.pl", "onet.eu", "op.pl", "interia.pl", "interia.eu", "poczta.fm",
    "gmail.com", "tlen.pl", "gazeta.pl", "vp.pl", "yahoo.com", "outlook.com", "hotmail.com",
    "autograf.pl", "buziaczek.pl", "go2.pl", "poczta.onet.pl", "icloud.com", "live.com",
    "spoko.pl", "int.pl", "wp.eu", "protonmail.com", "proton.me",
})


def company_model(threshold: float = 0.8) -> Model:
    """The default model for Polish company lists (weights are log2 Bayes factors).

    * **NIP** equal +16; two different valid NIPs: never one company (hard rule).
    * **REGON** (of the legal unit) equal +12, different −6.
    * **Name** (:func:`~app.services.normalize.name_match_key`: legal form, quotes and
      "PPHU"-style words gone) identical or the same words in another order +6; similar
      (ratio ≥0.93, or one typo) +4.5; ≥0.86 +2; ≥0.78 −1; otherwise −9. A name that only
      *adds* words to the other (``Transbud`` / ``Transbud Serwis``) −8, and names that
      share words but differ in the rest (``Transbud Serwis`` / ``Transbud Logistyka``)
      count as different: that is how sister companies look.
    * **Legal form** equal +0.5, different −12 and never one company unless the NIPs are
      equal (``X sp. z o.o.`` and ``X sp.k.`` are two companies).
    * **Phone** any number in common +6.5 (it may be a group's switchboard), none −1.
    * **E-mail** equal +8; the same company domain (not a free-mail one) +2; else −1.
    * **Address** taken as a whole: same building +6.5; same street, number missing +3.5;
      same postcode, street missing +2; same town, street missing +0.5; same street,
      another number −2; same place, another street −2.5; another town −3.5.
    * Prior −5.5: a pair of candidates is a match at the default 0.8 when the evidence
      adds up to 7.5 or more, e.g. the same name in the same building, or the same name
      and the same phone with one address missing.
    """
    compares = (
        Compare("nip", "nip", agree=16.0, conflict=True),
        Compare("regon", "regon", agree=12.0, disagree=-6.0),
        Compare("name", "name", kind="fuzzy", agree=6.0,
                bands=((0.93, 4.5), (0.86, 2.0), (0.78, -1.0)),
                scorers=("ratio", "token_sort"), typo=0.95,
                subset=-8.0, word_diff=0.7, disagree=-9.0),
        Compare("legal_form", "legal_form", agree=0.5, disagree=-12.0, conflict=True,
                unless="nip"),
        Compare("phone", "phones", kind="any", agree=6.5, disagree=-1.0),
        Compare("email", "email", agree=8.0, secondary="email_domain", secondary_weight=2.0,
                disagree=-1.0),
        Compare("address", "street", kind="address",
                columns=("street", "building", "postcode", "city"),
                address=(("same_building", 6.5), ("same_street_other_number", -2.0),
                         ("same_street_no_number", 3.5), ("same_place_other_street", -2.5),
                         ("same_postcode", 2.0), ("same_town", 0.5), ("other_town", -3.5))),
    )
    blocks = (
        Block("nip", ("nip",), window=200),
        Block("regon", ("regon",), window=200),
        Block("phone", ("phones",), window=20, order_by="name"),
        Block("email", ("email",), window=20, order_by="name"),
        Block("name_postcode", ("name", "postcode"), prefix=(4, None), window=20,
              order_by="name"),
        Block("name_city", ("name", "city"), prefix=(6, None), window=10, order_by="name"),
        Block("street_city", ("street", "building", "city"), window=10, order_by="name"),
        Block("name_sorted", ("name",), kind="sorted", window=6),
        Block("name_words_sorted", ("name_sorted_words",), kind="sorted", window=6),
    )
    return Model(compares=compares, blocks=blocks, prior=-5.5, threshold=threshold)


def strict_model() -> Model:
    """Strict: the same NIP, or the same REGON (legal unit), and never two different NIPs."""
    compares = (
        Compare("nip", "nip", agree=20.0, conflict=True),
        Compare("regon", "regon", agree=20.0),
    )
    blocks = (Block("nip", ("nip",), window=10_000), Block("regon", ("regon",), window=10_000))
    return Model(compares=compares, blocks=blocks, prior=-10.0, threshold=0.5,
                 uncertain_bits=0.0)



def company_frame(
    *,
    name: Sequence[str | None],
    legal_form: Sequence[str | None],
    nip: Sequence[str | None],
    regon: Sequence[str | None],
    phones: Sequence[str | None],
    email: Sequence[str | None],
    postcode: Sequence[str | None],
    city: Sequence[str | None],
    street_key: Sequence[str | None],
) -> dict[str, list[str | None]]:
    """Columns :func:`company_model` compares, from import records' match keys.

    ``name`` is :func:`~app.services.normalize.name_match_key`, ``street_key``
    :func:`~app.services.normalize.street_match_key` (``"dluga 5/2"``): the street name
    and the house number (without the flat) are compared apart.
    """
    streets: list[str | None] = []
    buildings: list[str | None] = []
    for key in street_key:
        if not key:
            streets.append(None)
            buildings.append(None)
            continue
        head, _, last = key.rpartition(" ")
        if last[:1].isdigit():
            streets.append(head or None)
            buildings.append(last.split("/")[0])
        else:
            streets.append(key)
            buildings.append(None)
    domains: list[str | None] = []
    for e in email:
        domain = e.rpartition("@")[2] if e else ""
        domains.append(domain if domain and domain not in FREE_MAIL else None)
    return {
        "name": list(name),
        "name_sorted_words": [" ".join(sorted(n.split())) if n else None for n in name],
        "legal_form": list(legal_form),
        "nip": list(nip),
        "regon": list(regon),
        "phones": list(phones),
        "email": list(email),
        "email_domain": domains,
        "postcode": list(postcode),
        "city": list(city),
        "street": streets,
        "building": buildings,
    }
