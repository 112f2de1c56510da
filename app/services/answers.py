"""Qualification answers: one typed value per company × field, saved as it is given.

The script runner and the qualification form call :func:`save_answer` on every valid
answer (each in its own unit of work), so a crash in the middle of a call loses nothing.
The value is validated against the field's definition (the ``FieldDefinition`` row,
read as a :class:`~scripts_lead_gen.FieldSpec`) and stored in its JSON form (dates as
ISO text, amounts as numbers, several choices as a list); the same transaction writes the
outbox row that carries the change to the server.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from models import Company, FieldDefinition, FieldValue, OutboxMutation, new_id, utcnow
from scripts_lead_gen.fields import FIELD_TYPES, Choice, FieldSpec
from scripts_lead_gen.values import FieldValueError, parse_value, to_json_value

ENTITY = "field_values"


def spec_from_definition(fd: FieldDefinition) -> FieldSpec:
    """The engine's view of a stored field definition.

    Built without re-running the catalogue's checks: the definition was checked when it
    was created, and a workspace may use groups the bundled catalogue does not know.
    """
    if fd.type not in FIELD_TYPES:
        raise UserError(
            f"The field {fd.key!r} has an unknown type {fd.type!r}; "
            "ask an administrator to fix its definition."
        )
    choices = [Choice.model_validate(c) for c in fd.choices or []]
    return FieldSpec.model_construct(
        key=fd.key,
        group=fd.group,
        type=fd.type,
        label_pl=fd.label_pl,
        label_en=fd.label_en,
        required=bool(fd.required),
        choices=choices,
        min=fd.min_value,
        max=fd.max_value,
        pattern=fd.pattern,
        help_pl=fd.help_pl,
        help_en=fd.help_en,
        order=fd.position,
    )


def field_specs(session: Session, keys: Iterable[str] | None = None) -> list[FieldSpec]:
    """The workspace's active fields in display order (only ``keys``, when given — e.g.
    a campaign's ``field_keys``)."""
    stmt = (
        select(FieldDefinition)
        .where(FieldDefinition.active.is_(True), FieldDefinition.deleted.is_(False))
        .order_by(FieldDefinition.position, FieldDefinition.key)
    )
    wanted = set(keys) if keys is not None else None
    return [
        spec_from_definition(fd)
        for fd in session.scalars(stmt)
        if wanted is None or fd.key in wanted
    ]


def _uuid(raw: uuid.UUID | str, what: str) -> uuid.UUID:
    if isinstance(raw, uuid.UUID):
        return raw
    try:
        return uuid.UUID(str(raw).strip())
    except ValueError:
        raise NotFound(f"No {what} with id {raw!r} (not a valid id).") from None


def _spec(session: Session, field_key: str) -> FieldSpec:
    fd = session.scalar(select(FieldDefinition).where(FieldDefinition.key == field_key))
    if fd is None or fd.deleted or not fd.active:
        raise UserError(f"Unknown qualification field {field_key!r}.")
    return spec_from_definition(fd)


def save_answer(
    session: Session,
    company_id: uuid.UUID | str,
    field_key: str,
    value: object,
    user_id: uuid.UUID | str | None = None,
    source: str = "agent",
    *,
    language: str = "en",
) -> dict[str, Any]:
    """Validate and store one answer (insert or update), with its outbox row.

    ``value`` is what the agent gave: typed (``12``, a date, a list of choices) or text
    (``"12 500"``, ``"31.12.2026"``, ``"tak"``). An empty value clears the answer (it is
    stored as ``null`` so that the clearing syncs too); whether a question must be
    answered is the script's business, not the store's.

    Returns ``{"id", "company_id", "field_key", "value", "previous", "changed"}`` with
    JSON values. Saving the value already stored changes nothing and writes no outbox row.

    Raises :class:`UserError` for an invalid value — the message in ``language``
    (``"pl"``/``"en"``), both in ``details`` (``{"field", "code", "message",
    "message_pl"}``) — and :class:`NotFound` for an unknown company.
    """
    cid = _uuid(company_id, "company")
    spec = _spec(session, field_key)
    try:
        parsed = parse_value(spec, value, required=False)
    except FieldValueError as exc:
        err = exc.error
        raise UserError(
            err.message_pl if language == "pl" else err.message, details=err.as_dict()
        ) from exc
    stored = to_json_value(parsed)
    company = session.get(Company, cid)
    if company is None or company.deleted:
        raise NotFound(f"No company with id {cid}.")
    row = session.scalar(
        select(FieldValue).where(FieldValue.company_id == cid, FieldValue.field_key == field_key)
    )
    editor = _uuid(user_id, "user") if user_id is not None else None
    if row is not None and not row.deleted and row.value == stored:
        return _result(row, stored, stored, changed=False)
    previous = None if row is None or row.deleted else row.value
    base_rev = row.server_rev if row is not None else None
    now = utcnow()
    if row is None:
        row = FieldValue(
            id=new_id(),
            company_id=cid,
            field_key=field_key,
            value=stored,
            updated_at=now,
            updated_by=editor,
            source=source,
            deleted=False,
        )
        session.add(row)
    else:
        row.value = stored
        row.updated_at = now
        row.updated_by = editor
        row.source = source
        row.deleted = False
        row.import_batch_id = None
    session.add(
        OutboxMutation(
            mutation_id=new_id(),
            entity=ENTITY,
            entity_id=str(row.id),
            op="upsert",
            fields={"company_id": str(cid), "field_key": field_key, "value": stored},
            base_revs={"value": base_rev} if base_rev is not None else {},
            created_at=now,
            attempts=0,
        )
    )
    session.flush()
    return _result(row, stored, previous, changed=True)


def _result(row: FieldValue, value: Any, previous: Any, *, changed: bool) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "company_id": str(row.company_id),
        "field_key": row.field_key,
        "value": value,
        "previous": previous,
        "changed": changed,
    }


def load_answers(session: Session, company_id: uuid.UUID | str) -> dict[str, Any]:
    """``{field_key: value}`` (JSON values) of every answer stored for the company;
    cleared answers are left out."""
    cid = _uuid(company_id, "company")
    rows = session.execute(
        select(FieldValue.field_key, FieldValue.value).where(
            FieldValue.company_id == cid, FieldValue.deleted.is_(False)
        )
    )
    return {key: value for key, value in rows if value is not None}
