"""The server change sequence.

Every accepted change gives its row the next value of the ``changes`` sequence as its
``server_rev``, in the same transaction as the change. A writer takes the sequence
row's lock *first* and keeps it until it commits, so revisions commit in the order they
were handed out: once a pull has read the committed head ``H``, every revision up to
``H`` is visible, and a cursor never skips a change that commits later. Taking the lock
first also serialises the writers of synced rows (pushes, lease grants, settlements), so
the per-field merge sees a stable server state and two writers can never deadlock on
each other's rows. Pulls take no lock.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from sqlalchemy import Engine, Table, func, insert, select, text, update
from sqlalchemy.orm import Session

from app.sync.protocol import ENTITIES
from models import Base, ServerSequence, new_id

log = logging.getLogger(__name__)

SEQ = cast(Table, ServerSequence.__table__)
CHANGES = "changes"


def synced_tables() -> list[Table]:
    """The tables whose rows travel in the pull, in dependency order."""
    return [t for t in Base.metadata.sorted_tables if t.name in ENTITIES]


class Revisions:
    """Hands out revisions inside one writing transaction (holding the sequence lock)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.base = lock(session)
        self.used = 0

    def next(self) -> int:
        self.used += 1
        return self.base + self.used

    def take(self, count: int) -> int:
        """Reserve ``count`` revisions; returns the first."""
        first = self.base + self.used + 1
        self.used += count
        return first

    def rewind(self) -> None:
        """Forget what was handed out (after rolling back to a savepoint)."""
        self.used = 0

    def finish(self) -> int:
        """Store the new head (before commit); returns it."""
        head = self.base + self.used
        if self.used:
            self.session.execute(update(SEQ).where(SEQ.c.name == CHANGES).values(value=head))
        return head


def lock(session: Session) -> int:
    """Take the sequence lock for the rest of the transaction; returns the head."""
    if session.get_bind().dialect.name == "sqlite":
        # The first write takes SQLite's write lock; reads after it see the newest data.
        session.execute(update(SEQ).where(SEQ.c.name == CHANGES).values(value=SEQ.c.value))
        value = session.execute(select(SEQ.c.value).where(SEQ.c.name == CHANGES)).scalar_one()
    else:
        value = session.execute(
            select(SEQ.c.value).where(SEQ.c.name == CHANGES).with_for_update()
        ).scalar_one()
    return int(value)


def allocate(session: Session, count: int) -> int:
    """Reserve ``count`` revisions in one statement, taking the sequence lock until
    commit; returns the head before them (they are head + 1 … head + count)."""
    new_head = session.execute(
        update(SEQ)
        .where(SEQ.c.name == CHANGES)
        .values(value=SEQ.c.value + count)
        .returning(SEQ.c.value)
    ).scalar_one()
    return int(new_head) - count


def advance(session: Session, head: int) -> None:
    """Store the new head (the caller holds the lock, see :func:`lock`)."""
    session.execute(update(SEQ).where(SEQ.c.name == CHANGES).values(value=head))


def stamp(session: Session, rows: list[tuple[Table, Any]]) -> int:
    """Give ``rows`` (table, id) the next revisions, in order, taking the lock now (the
    rows were written first; the lock is held only to stamp and commit). Returns the
    first revision (0: no rows)."""
    if not rows:
        return 0
    base = lock(session)
    for k, (table, row_id) in enumerate(rows, start=1):
        session.execute(update(table).where(table.c.id == row_id).values(server_rev=base + k))
    advance(session, base + len(rows))
    return base + 1


def committed_head(session: Session) -> int:
    """The newest revision whose transaction has committed (no lock taken)."""
    value = session.execute(select(SEQ.c.value).where(SEQ.c.name == CHANGES)).scalar()
    return int(value or 0)


def prepare(engine: Engine) -> dict[str, int]:
    """Make the database ready to serve: the sequence row exists and is not behind any
    stored revision, and rows written without one (a bulk import, a demo workspace used
    as the server database) get revisions so that they sync. Returns rows stamped.

    Two index look-ups per table, sent as one statement: cheap at any size."""
    stamped: dict[str, int] = {}
    tables = synced_tables()
    probe = " UNION ALL ".join(
        f"SELECT '{t.name}', (SELECT max(server_rev) FROM {t.name}), "  # noqa: S608
        f"(SELECT 1 FROM {t.name} WHERE server_rev IS NULL LIMIT 1)"
        for t in tables
    )
    with Session(engine) as session, session.begin():
        exists = session.execute(select(SEQ.c.id).where(SEQ.c.name == CHANGES)).first()
        if exists is None:
            session.execute(insert(SEQ).values(id=new_id(), name=CHANGES, value=0, deleted=False))
        revs = Revisions(session)
        top = revs.base
        unstamped: list[Table] = []
        by_name = {t.name: t for t in tables}
        for name, high, missing in session.execute(text(probe)):
            if high is not None and int(high) > top:
                top = int(high)
            if missing:
                unstamped.append(by_name[name])
        revs.used = top - revs.base
        for table in unstamped:
            count = stamp_unrevisioned(session, table, revs)
            if count:
                stamped[table.name] = count
        revs.finish()
    if stamped:
        log.info("gave revisions to rows written without one: %s", stamped)
    return stamped


def stamp_unrevisioned(session: Session, table: Table, revs: Revisions) -> int:
    """Give every row of ``table`` without a revision the next ones, in id order."""
    count = int(
        session.execute(
            select(func.count()).select_from(table).where(table.c.server_rev.is_(None))
        ).scalar_one()
    )
    if not count:
        return 0
    first = revs.take(count)
    name = table.name
    params: dict[str, Any] = {"base": first - 1}
    session.execute(
        text(
            f"UPDATE {name} SET server_rev = s.rn + :base FROM ("  # noqa: S608 (table name)
            f"SELECT id, row_number() OVER (ORDER BY id) AS rn FROM {name} "
            f"WHERE server_rev IS NULL) AS s WHERE {name}.id = s.id"
        ),
        params,
    )
    return count
