"""The qualification form: every field, editable any time, saved as it is edited."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QToolButton
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, func, select

from app.db import Database
from app.services.answers import field_specs, load_answers, save_answer
from app.services.script_context import context_for
from models import Company, FieldValue, OutboxMutation
from scripts_lead_gen import load_bundled_script
from tests.widgets.scripts_fixtures import *  # noqa: F403 - the fixtures
from tests.widgets.scripts_fixtures import JsonTranslator, stored_answers
from widgets.answer_store import AnswerStore
from widgets.qualification_form import QualificationForm
from widgets.script_runner import ScriptRunner
from widgets.tasks import TaskRunner

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints"),
]


def _outbox(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(OutboxMutation)) or 0)


def _form(
    qtbot: QtBot,
    db: Database,
    tasks: TaskRunner,
    company_id: str,
    language: str = "en",
    debounce_ms: int = 150,
) -> QualificationForm:
    with db.read() as s:
        specs = field_specs(s)
        values = load_answers(s, company_id)
    store = AnswerStore(db, tasks, language=language)
    form = QualificationForm(store, language, debounce_ms=debounce_ms)
    store.setParent(form)
    qtbot.addWidget(form)
    form.set_fields(specs)
    form.load(company_id, values)
    form.resize(640, 900)
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    return form


@pytest.fixture
def profiled(demo_db: Database) -> str:
    """A demo company with stored qualification answers (40 trucks, satisfaction 7, no
    answer about a workshop), and an empty outbox."""
    with demo_db.read() as s:
        company = s.scalar(
            select(FieldValue.company_id)
            .where(FieldValue.field_key == "fleet_trucks")
            .order_by(FieldValue.company_id)
            .limit(1)
        )
    assert company is not None
    with demo_db.session() as s:
        save_answer(s, company, "fleet_trucks", 40)
        save_answer(s, company, "satisfaction_score", 7)
        save_answer(s, company, "own_workshop", None)
    with demo_db.session() as s:
        s.execute(delete(OutboxMutation))
    return str(company)


def test_fields_are_grouped_by_topic_with_the_stored_answers(
    qtbot: QtBot, demo_db: Database, tasks: TaskRunner, profiled: str
) -> None:
    form = _form(qtbot, demo_db, tasks, profiled)
    titles = [box.title().split(" — ")[0] for box in form._boxes.values()]
    assert titles == [
        "Fleet",
        "Tyre purchasing",
        "Decision makers",
        "Interests",
        "Satisfaction",
        "Consent",
    ]
    assert len(form.editors) == 44
    fleet = form._boxes["fleet"].title()
    assert fleet.endswith(" of 10")
    assert form.editors["fleet_trucks"].line is not None
    assert form.editors["fleet_trucks"].line.text() == "40"
    assert form.editors["own_workshop"].raw() is None  # nothing chosen
    assert isinstance(form.editors["season_policy"].combo, QComboBox)  # compact choices
    assert form.findChild(type(form.editors["fleet_cars"]), "editor_fleet_cars") is not None


def test_an_edit_is_saved_once_typing_stops(
    qtbot: QtBot, demo_db: Database, tasks: TaskRunner, profiled: str
) -> None:
    form = _form(qtbot, demo_db, tasks, profiled)
    line = form.editors["fleet_trucks"].line
    assert line is not None
    line.setFocus()
    line.selectAll()
    with qtbot.waitSignal(form.edited) as edited:
        qtbot.keyClicks(line, "125")
    assert edited.args == ["fleet_trucks", 125]
    qtbot.waitUntil(lambda: stored_answers(demo_db, profiled).get("fleet_trucks") == 125)
    assert _outbox(demo_db) == 1  # three keys, one save
    assert form._boxes["fleet"].title().startswith("Fleet — ")


def test_an_invalid_value_shows_the_message_next_to_the_field(
    qtbot: QtBot, demo_db: Database, tasks: TaskRunner, profiled: str
) -> None:
    form = _form(qtbot, demo_db, tasks, profiled)
    line = form.editors["satisfaction_score"].line
    assert line is not None
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "11")
    qtbot.waitUntil(lambda: form.error_text("satisfaction_score") != "")
    assert form.error_text("satisfaction_score") == "The value must be at most 10."
    assert form._errors["satisfaction_score"].isVisible()
    assert stored_answers(demo_db, profiled)["satisfaction_score"] == 7
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    assert form.error_text("satisfaction_score") == ""  # editing clears the message
    qtbot.keyClick(line, Qt.Key.Key_Return)  # Enter saves at once
    qtbot.waitUntil(lambda: stored_answers(demo_db, profiled)["satisfaction_score"] == 1)

    email = form.editors["decision_maker_email"].line
    assert email is not None
    email.setFocus()
    email.selectAll()
    qtbot.keyClicks(email, "biuro@")
    qtbot.keyClick(email, Qt.Key.Key_Return)
    assert form.error_text("decision_maker_email") == "Enter a valid e-mail address."


def test_choices_yes_no_dates_and_lists(
    qtbot: QtBot, demo_db: Database, tasks: TaskRunner, profiled: str
) -> None:
    form = _form(qtbot, demo_db, tasks, profiled, debounce_ms=50)
    workshop = form.editors["own_workshop"]
    qtbot.mouseClick(workshop.buttons[0], Qt.MouseButton.LeftButton)  # Yes
    season = form.editors["season_policy"]
    assert season.combo is not None
    season.combo.setFocus()
    qtbot.keyClick(season.combo, Qt.Key.Key_Down)
    qtbot.keyClick(season.combo, Qt.Key.Key_Down)
    products = form.editors["products_of_interest"]
    for index in (2, 0):  # click the box itself, at the left of the row
        box = products.buttons[index]
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    date = form.editors["next_contact_date"]
    assert date.date is not None
    date.date.setFocus()
    qtbot.keyClicks(date.date, "20270102")
    qtbot.waitUntil(
        lambda: (
            {
                k: stored_answers(demo_db, profiled).get(k)
                for k in (
                    "own_workshop",
                    "season_policy",
                    "products_of_interest",
                    "next_contact_date",
                )
            }
            == {
                "own_workshop": True,
                "season_policy": "all_season",
                "products_of_interest": ["car", "truck"],
                "next_contact_date": "2027-01-02",
            }
        )
    )
    clear = date.findChild(QToolButton, "clearDate")  # the × button
    assert clear is not None
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stored_answers(demo_db, profiled).get("next_contact_date") is None)


def test_form_and_runner_stay_in_sync(
    qtbot: QtBot,
    demo_db: Database,
    tasks: TaskRunner,
    profiled: str,
) -> None:
    form = _form(qtbot, demo_db, tasks, profiled)
    store = form._store
    assert store is not None
    runner = ScriptRunner(store, "en")
    qtbot.addWidget(runner)
    runner.answered.connect(form.set_value)
    form.edited.connect(runner.set_value)
    with demo_db.read() as s:
        context = context_for(s, profiled, "Anna Nowak")
    runner.start(load_bundled_script("lead_qualification"), context, script_language="en")
    runner.show()
    runner.next()
    runner.editor.buttons[0].click()  # type: ignore[union-attr]
    runner.next()
    assert runner.editor is not None
    assert runner.editor.line is not None
    runner.editor.line.setText("33")
    runner.next()  # fleet total answered in the script …
    fleet_total = form.editors["fleet_total"].line
    assert fleet_total is not None
    assert fleet_total.text() == "33"  # … shows in the form at once
    assert form.value("consent_to_interview") is True
    qtbot.waitUntil(lambda: stored_answers(demo_db, profiled).get("fleet_total") == 33)

    # The agent corrects the number of cars in the form while the script asks it.
    assert runner._view is not None
    assert runner._view.node == "q_cars"
    cars = form.editors["fleet_cars"].line
    assert cars is not None
    cars.setFocus()
    cars.selectAll()
    with qtbot.waitSignal(form.edited):
        qtbot.keyClicks(cars, "8")
    assert runner.editor.line is not None
    assert runner.editor.line.text() == "8"
    qtbot.waitUntil(lambda: stored_answers(demo_db, profiled).get("fleet_cars") == 8)
    saves = _outbox(demo_db)
    runner.next()  # the same value: not saved a second time
    qtbot.waitUntil(lambda: store.pending() == 0)
    assert _outbox(demo_db) == saves


def test_loading_another_company_saves_the_pending_edit_first(
    qtbot: QtBot, demo_db: Database, tasks: TaskRunner, profiled: str
) -> None:
    form = _form(qtbot, demo_db, tasks, profiled, debounce_ms=60_000)
    supplier = form.editors["tyre_supplier"].line
    assert supplier is not None
    supplier.setFocus()
    qtbot.keyClicks(supplier, "Opony-Hurt Radom")
    with demo_db.read() as s:
        other = s.scalar(select(Company.id).where(Company.id != uuid.UUID(profiled)).limit(1))
    form.load(str(other), {"tyre_supplier": "Bridgestone Centrum"})
    qtbot.waitUntil(
        lambda: stored_answers(demo_db, profiled).get("tyre_supplier") == "Opony-Hurt Radom"
    )
    assert supplier.text() == "Bridgestone Centrum"
    assert stored_answers(demo_db, str(other)).get("tyre_supplier") != "Opony-Hurt Radom"


def test_polish_form(
    qtbot: QtBot,
    demo_db: Database,
    tasks: TaskRunner,
    profiled: str,
    scripts_polish: JsonTranslator,
) -> None:
    form = _form(qtbot, demo_db, tasks, profiled, language="pl")
    assert form._boxes["fleet"].title().startswith("Flota — ")
    assert " z 10" in form._boxes["fleet"].title()
    label = form.findChild(type(form._errors["fleet_cars"]), "label_fleet_cars")
    assert label is not None
    assert label.text() == "Samochody osobowe"
    assert [b.text() for b in form.editors["own_workshop"].buttons] == ["Tak", "Nie"]
    line = form.editors["satisfaction_score"].line
    assert line is not None
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "11")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert form.error_text("satisfaction_score") == "Wartość może wynosić najwyżej 10."
    missing = sorted(
        source
        for context, source in scripts_polish.asked
        if context in ("QualificationForm", "FieldEditor")
        and source not in scripts_polish.catalogue.get(context, {})
    )
    assert missing == []
