"""Standardisation of Polish business data, shared by the import, the deduplicator, the
company search and the demo-data generator.

Pure Python (no Qt, no database), fast enough to run per row over a million records.
Everything is importable from here; the submodules group it by subject:

- :mod:`.text` — :func:`search_key` (ASCII, lower case, no punctuation) and quote tidying;
- :mod:`.phones` — :func:`normalize_phone` with ``phonenumbers``, Polish extensions;
- :mod:`.taxids` — NIP, REGON, PESEL and EU VAT with ``python-stdnum``;
- :mod:`.emails` — :func:`normalize_email` with ``email-validator`` (syntax only);
- :mod:`.companies` — legal forms, canonical company names, :func:`name_match_key`;
- :mod:`.addresses` — street lines, postcodes, voivodeships.

Convention: ``normalize_*`` return the canonical value or ``None`` when the input is not
a valid value of its kind; ``format_*`` render a valid value for display and raise
:class:`ValueError` otherwise; ``*_key`` functions return keys for look-ups and matching.
"""

from __future__ import annotations

from app.services.normalize.addresses import (
    StreetAddress,
    StreetPrefix,
    format_street,
    normalize_postcode,
    normalize_voivodeship,
    parse_street,
    postcode_city,
    street_match_key,
)
from app.services.normalize.companies import (
    CompanyName,
    LegalForm,
    canonical_company_name,
    name_match_key,
    parse_legal_form,
    split_company_name,
    split_legal_form,
)
from app.services.normalize.emails import email_search_key, normalize_email, normalize_emails
from app.services.normalize.phones import (
    Phone,
    PhoneKind,
    normalize_phone,
    normalize_phones,
    phone_search_key,
)
from app.services.normalize.taxids import (
    format_nip,
    format_pesel,
    format_regon,
    format_vat,
    is_valid_nip,
    is_valid_pesel,
    is_valid_regon,
    is_valid_vat,
    nip_search_key,
    normalize_nip,
    normalize_pesel,
    normalize_regon,
    normalize_vat,
    regon_base,
)
from app.services.normalize.text import collapse_whitespace, search_key, strip_quotes

__all__ = [
    "CompanyName",
    "LegalForm",
    "Phone",
    "PhoneKind",
    "StreetAddress",
    "StreetPrefix",
    "canonical_company_name",
    "collapse_whitespace",
    "email_search_key",
    "format_nip",
    "format_pesel",
    "format_regon",
    "format_street",
    "format_vat",
    "is_valid_nip",
    "is_valid_pesel",
    "is_valid_regon",
    "is_valid_vat",
    "name_match_key",
    "nip_search_key",
    "normalize_email",
    "normalize_emails",
    "normalize_nip",
    "normalize_pesel",
    "normalize_phone",
    "normalize_phones",
    "normalize_postcode",
    "normalize_regon",
    "normalize_vat",
    "normalize_voivodeship",
    "parse_legal_form",
    "parse_street",
    "phone_search_key",
    "postcode_city",
    "regon_base",
    "search_key",
    "split_company_name",
    "split_legal_form",
    "street_match_key",
    "strip_quotes",
]
