"""Saving qualification answers from the GUI, one write per answer, off the GUI thread.

The script runner and the qualification form are given one :class:`AnswerStore` in
their constructors; every valid answer goes through :meth:`AnswerStore.save`, which runs
:func:`app.services.answers.save_answer` on the task runner's write worker (so writes
are serialised and each is its own unit of work: a crash mid-call loses nothing).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.db import Database
from app.errors import UserError
from app.services.answers import save_answer
from scripts_lead_gen.values import to_json_value
from widgets.errors import describe
from widgets.tasks import TaskRunner

log = logging.getLogger(__name__)


class AnswerStore(QObject):
    """Writes answers for the GUI and reports back on the GUI thread."""

    saved = Signal(str, str, object)
    """company id, field key, the stored (JSON) value — after the write committed."""
    failed = Signal(str, str, str)
    """company id, field key, a message for the agent — nothing was written."""

    def __init__(
        self,
        db: Database,
        tasks: TaskRunner,
        *,
        user_id: uuid.UUID | str | None = None,
        language: str = "pl",
        source: str = "agent",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._tasks = tasks
        self._user_id = user_id
        self._language = language
        self._source = source
        self._in_flight = 0

    def pending(self) -> int:
        """Writes handed to the worker and not yet answered."""
        return self._in_flight

    def save(self, company_id: str, field_key: str, value: Any) -> None:
        """Store ``value`` (typed or as typed by the agent) for the company's field."""
        db, user, language, source = self._db, self._user_id, self._language, self._source
        value = to_json_value(value)

        def write() -> dict[str, Any]:
            with db.session() as session:
                return save_answer(
                    session, company_id, field_key, value, user, source, language=language
                )

        def done(result: dict[str, Any]) -> None:
            self._in_flight -= 1
            self.saved.emit(company_id, field_key, result["value"])

        def failed(exc: BaseException) -> None:
            self._in_flight -= 1
            if not isinstance(exc, UserError):
                log.error("saving the answer %s failed", field_key, exc_info=exc)
            self.failed.emit(company_id, field_key, describe(exc, None))

        self._in_flight += 1
        self._tasks.run_op(write, done, failed, write=True)
