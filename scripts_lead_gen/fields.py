"""The qualification field catalogue: typed fields the scripts ask and the forms show.

The bundled catalogue (``bundled/fields.yaml``) covers the tyre-manufacturer case study:
fleet structure, purchasing, decision makers, interests, satisfaction and consent. The
demo-data generator loads it into the ``FieldDefinition`` table; scripts bind their
``ask`` nodes and ``branch`` conditions to its keys.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

FieldGroup = Literal[
    "fleet", "purchasing", "decision_makers", "interests", "satisfaction", "consent"
]
FieldType = Literal[
    "text", "int", "decimal", "bool", "date", "choice", "multi_choice", "phone", "email"
]

FIELD_GROUPS: tuple[str, ...] = get_args(FieldGroup)
FIELD_TYPES: tuple[str, ...] = get_args(FieldType)
NUMERIC_TYPES = frozenset({"int", "decimal"})
CHOICE_TYPES = frozenset({"choice", "multi_choice"})

BUNDLED_FIELDS_FILE = "fields.yaml"


class FieldCatalogueError(ValueError):
    """A field catalogue file is malformed; the message says where and what."""


class Choice(BaseModel):
    """One allowed value of a ``choice`` / ``multi_choice`` field."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: str = Field(min_length=1)
    label_pl: str = Field(min_length=1)
    label_en: str = Field(min_length=1)

    def label(self, language: str = "pl") -> str:
        return self.label_pl if language == "pl" else self.label_en


class FieldSpec(BaseModel):
    """A typed qualification field.

    ``min``/``max`` bound the value of ``int``/``decimal`` fields; ``pattern`` is a regular
    expression the text of a ``text``/``phone``/``email`` answer must match (``re.search``,
    so anchor it with ``^…$`` to match the whole answer).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)
    group: FieldGroup
    type: FieldType
    label_pl: str = Field(min_length=1, max_length=200)
    label_en: str = Field(min_length=1, max_length=200)
    required: bool = False
    choices: list[Choice] = Field(default_factory=list)
    min: float | None = None
    max: float | None = None
    pattern: str | None = Field(default=None, max_length=200)
    help_pl: str | None = None
    help_en: str | None = None
    order: int = 0

    @model_validator(mode="after")
    def _consistent(self) -> FieldSpec:
        if self.type in CHOICE_TYPES:
            if not self.choices:
                raise ValueError(f"field {self.key!r} of type {self.type} needs choices")
            values = [c.value for c in self.choices]
            if len(set(values)) != len(values):
                raise ValueError(f"field {self.key!r} has duplicate choice values")
        elif self.choices:
            raise ValueError(f"field {self.key!r} of type {self.type} cannot have choices")
        if (self.min is not None or self.max is not None) and self.type not in NUMERIC_TYPES:
            raise ValueError(f"field {self.key!r}: min/max only apply to int and decimal fields")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"field {self.key!r}: min is greater than max")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"field {self.key!r}: invalid pattern: {exc}") from exc
        return self

    def label(self, language: str = "pl") -> str:
        return self.label_pl if language == "pl" else self.label_en

    def help(self, language: str = "pl") -> str | None:
        return self.help_pl if language == "pl" else self.help_en

    def choice_values(self) -> list[str]:
        return [c.value for c in self.choices]

    def choice_label(self, value: str, language: str = "pl") -> str:
        for c in self.choices:
            if c.value == value:
                return c.label(language)
        return value


class _Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fields: list[FieldSpec]


def parse_fields_yaml(text: str) -> list[FieldSpec]:
    """Parse a field catalogue (``fields: [...]``), sorted by ``order`` then key.

    Raises :class:`FieldCatalogueError` on malformed YAML, invalid fields or duplicate keys.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FieldCatalogueError(f"malformed field catalogue: {exc}") from exc
    try:
        catalogue = _Catalogue.model_validate(data)
    except ValidationError as exc:
        raise FieldCatalogueError(f"invalid field catalogue: {exc}") from exc
    seen: set[str] = set()
    for spec in catalogue.fields:
        if spec.key in seen:
            raise FieldCatalogueError(f"duplicate field key {spec.key!r}")
        seen.add(spec.key)
    return sorted(catalogue.fields, key=lambda f: (f.order, f.key))


@lru_cache(maxsize=1)
def _bundled_fields() -> tuple[FieldSpec, ...]:
    text = (
        resources.files(__package__)
        .joinpath("bundled", BUNDLED_FIELDS_FILE)
        .read_text(encoding="utf-8")
    )
    return tuple(parse_fields_yaml(text))


def load_bundled_fields() -> list[FieldSpec]:
    """The bundled tyre-manufacturer catalogue, in display order (a fresh list each call)."""
    return list(_bundled_fields())


def fields_by_key(fields: list[FieldSpec] | tuple[FieldSpec, ...]) -> dict[str, FieldSpec]:
    """Index a catalogue by key."""
    return {f.key: f for f in fields}
