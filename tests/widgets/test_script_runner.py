"""The script runner, driven from the keyboard as an agent drives it."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.db import Database
from scripts_lead_gen import compile_script, load_bundled_script
from tests.widgets.scripts_fixtures import *  # noqa: F403 - the fixtures
from tests.widgets.scripts_fixtures import JsonTranslator, stored_answers
from widgets.answer_store import AnswerStore
from widgets.script_runner import ScriptRunner
from widgets.tasks import TaskRunner

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints"),
]

EVERY_INPUT = """
id: every_input
title: Every kind of input
caller_identity: Test
start: q_date
nodes:
  - {id: q_date, kind: ask, field: contract_end_date, text: "Until when?", next: q_multi}
  - {id: q_multi, kind: ask, field: products_of_interest, text: "Which tyres?", next: q_radio}
  - {id: q_radio, kind: ask, field: season_policy, text: "Seasons?", next: q_combo}
  - {id: q_combo, kind: ask, field: tyre_brand, text: "Which brand?", next: q_money}
  - {id: q_money, kind: ask, field: annual_tyre_budget_pln, text: "Budget?", next: q_phone}
  - {id: q_phone, kind: ask, field: decision_maker_phone, text: "Phone?", next: q_email}
  - {id: q_email, kind: ask, field: decision_maker_email, text: "E-mail?", next: end}
  - {id: end, kind: action, action: end_call, disposition: qualified, text: "Thank you."}
"""


def _make(
    qtbot: QtBot, db: Database | None, tasks: TaskRunner | None, language: str = "en"
) -> ScriptRunner:
    store = AnswerStore(db, tasks, language=language) if db is not None and tasks else None
    runner = ScriptRunner(store, language)
    if store is not None:
        store.setParent(runner)
    qtbot.addWidget(runner)
    runner.resize(760, 560)
    with qtbot.waitActive(runner):
        runner.show()
        runner.activateWindow()
    return runner


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def _key(qtbot: QtBot, runner: ScriptRunner, key: Qt.Key, mods: Any = None) -> None:
    target = _focus()
    if mods is None:
        qtbot.keyClick(target, key)
    else:
        qtbot.keyClick(target, key, mods)


def _type(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(_focus(), text)


def _line(runner: ScriptRunner) -> QLineEdit:
    assert runner.editor is not None
    assert runner.editor.line is not None
    return runner.editor.line


def _node(runner: ScriptRunner) -> str | None:
    return runner._view.node if runner._view is not None else None


def _until(qtbot: QtBot, check: Callable[[], bool]) -> None:
    qtbot.waitUntil(check, timeout=5000)


@pytest.fixture
def lead_call(
    qtbot: QtBot, demo_db: Database, tasks: TaskRunner, demo_company: dict[str, Any]
) -> ScriptRunner:
    """The lead-qualification script, in English, on a demo company."""
    runner = _make(qtbot, demo_db, tasks)
    runner.start(
        load_bundled_script("lead_qualification"), demo_company["context"], script_language="en"
    )
    return runner


def test_the_text_is_merged_and_enter_saves_each_answer_as_given(
    qtbot: QtBot, lead_call: ScriptRunner, demo_db: Database, demo_company: dict[str, Any]
) -> None:
    runner = lead_call
    cid = demo_company["id"]
    text = runner.text.text()
    assert "<b>Anna Nowak</b>" in text
    assert f"<b>{demo_company['name']}</b>" in text.replace("&amp;", "&")
    assert "Rotaris Tyres Poland" in runner.title.text()
    assert runner.hint.text().startswith("If reception answered")
    assert not runner.back_button.isEnabled()

    _key(qtbot, runner, Qt.Key.Key_Return)  # the introduction is said: go on
    assert _node(runner) == "q_consent"
    assert runner.question.text() == "Agreed to talk (required)"
    with qtbot.waitSignal(runner.answered) as answered:
        _key(qtbot, runner, Qt.Key.Key_Y)  # yes
        _key(qtbot, runner, Qt.Key.Key_Return)
    assert answered.args == ["consent_to_interview", True]
    _until(qtbot, lambda: stored_answers(demo_db, cid).get("consent_to_interview") is True)

    assert _node(runner) == "q_fleet_total"
    _type(qtbot, "1 250")
    _key(qtbot, runner, Qt.Key.Key_Enter)
    assert _node(runner) == "q_cars"
    _until(qtbot, lambda: stored_answers(demo_db, cid).get("fleet_total") == 1250)
    _until(qtbot, lambda: runner.status.text() == "Saved: Total number of vehicles")
    assert runner.progress.value() > 0


def test_an_invalid_answer_shows_the_message_and_stays(
    qtbot: QtBot, lead_call: ScriptRunner, demo_db: Database, demo_company: dict[str, Any]
) -> None:
    runner = lead_call
    cid = demo_company["id"]
    before = stored_answers(demo_db, cid).get("fleet_total")
    runner.next()
    runner.editor.buttons[0].click()  # type: ignore[union-attr]
    runner.next()
    assert _node(runner) == "q_fleet_total"
    _line(runner).clear()
    _key(qtbot, runner, Qt.Key.Key_Return)
    assert runner.error.isVisible()
    assert runner.error.text() == "This field is required."
    _type(qtbot, "600000")
    assert not runner.error.isVisible()  # typing clears the old message
    _key(qtbot, runner, Qt.Key.Key_Return)
    assert runner.error.text() == "The value must be at most 500000."
    assert _node(runner) == "q_fleet_total"
    assert QApplication.focusWidget() is _line(runner)  # ready to be corrected
    _type(qtbot, "abc")  # letters are not even accepted
    assert _line(runner).text() == "600000"
    assert stored_answers(demo_db, cid).get("fleet_total") == before


def test_back_returns_to_the_previous_question_with_the_old_answer(
    qtbot: QtBot, lead_call: ScriptRunner, demo_db: Database, demo_company: dict[str, Any]
) -> None:
    runner = lead_call
    runner.next()
    runner.editor.buttons[0].click()  # type: ignore[union-attr]
    runner.next()
    _type(qtbot, "40")
    _key(qtbot, runner, Qt.Key.Key_Return)
    assert _node(runner) == "q_cars"
    _key(qtbot, runner, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert _node(runner) == "q_fleet_total"
    assert _line(runner).text() == "40"
    assert _line(runner).selectedText() == "40"  # typing replaces it
    _type(qtbot, "41")
    _key(qtbot, runner, Qt.Key.Key_Return)
    assert _node(runner) == "q_cars"
    _until(qtbot, lambda: stored_answers(demo_db, demo_company["id"]).get("fleet_total") == 41)
    qtbot.mouseClick(runner.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(runner.back_button, Qt.MouseButton.LeftButton)
    assert _node(runner) == "q_consent"
    assert runner.editor is not None
    assert runner.editor.raw() is True


def test_an_objection_shows_its_answer_then_returns(qtbot: QtBot, lead_call: ScriptRunner) -> None:
    runner = lead_call
    runner.next()
    runner.editor.buttons[0].click()  # type: ignore[union-attr]
    runner.next()
    assert _node(runner) == "q_fleet_total"
    assert [b.text() for b in runner._objection_buttons][:2] == [
        "Alt+1  No time",
        "Alt+2  Call later",
    ]
    _key(qtbot, runner, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert runner.banner.isVisible()
    assert runner.banner.text() == "Objection: No time"
    assert "I understand and respect your time" in runner.text.text()
    assert runner.editor is None
    assert runner.next_button.text() == "Back to the script"
    _key(qtbot, runner, Qt.Key.Key_Return)
    assert _node(runner) == "q_fleet_total"
    assert not runner.banner.isVisible()
    assert runner.editor is not None
    assert "how many vehicles" in runner.text.text()

    # "Call later" goes on to the callback question instead of returning.
    qtbot.mouseClick(runner._objection_buttons[1], Qt.MouseButton.LeftButton)
    assert runner.next_button.text() == "Continue"
    _key(qtbot, runner, Qt.Key.Key_Return)
    assert _node(runner) == "q_callback_date"


def test_the_end_requests_the_actions_and_back_withdraws_them(
    qtbot: QtBot, lead_call: ScriptRunner
) -> None:
    runner = lead_call
    runner.next()
    _key(qtbot, runner, Qt.Key.Key_N)  # no interview
    with (
        qtbot.waitSignal(runner.actions_requested) as requested,
        qtbot.waitSignal(runner.finished) as finished,
    ):
        _key(qtbot, runner, Qt.Key.Key_Return)
    assert finished.args == ["refused"]
    assert [a["action"] for a in requested.args[0]] == ["end_call"]
    assert requested.args[0][0]["disposition"] == "refused"
    assert runner.banner.text() == "The script has ended. Outcome: refused"
    runner.set_outcome_labels({"refused": "Refused to talk"})
    runner.back()
    with qtbot.waitSignal(runner.finished):
        runner.next()
    assert runner.banner.text() == "The script has ended. Outcome: Refused to talk"
    assert not runner.next_button.isEnabled()
    with qtbot.waitSignal(runner.actions_withdrawn) as withdrawn:
        qtbot.mouseClick(runner.back_button, Qt.MouseButton.LeftButton)
    assert withdrawn.args[0][0]["action"] == "end_call"
    assert _node(runner) == "q_consent"
    state = runner.state()
    assert state is not None
    assert state["path"] == ["intro", "q_consent"]
    assert state["captured"] == {"consent_to_interview": False}


def test_every_kind_of_input_from_the_keyboard(qtbot: QtBot) -> None:
    runner = _make(qtbot, None, None)
    runner.start(compile_script(EVERY_INPUT), {})
    answers: list[tuple[str, object]] = []
    runner.answered.connect(lambda key, value: answers.append((key, value)))

    assert _node(runner) == "q_date"
    _type(qtbot, "20270315")  # an empty date starts from today; typing follows the format
    _key(qtbot, runner, Qt.Key.Key_Return)
    assert _node(runner) == "q_multi"
    _key(qtbot, runner, Qt.Key.Key_1)
    _key(qtbot, runner, Qt.Key.Key_3)
    _key(qtbot, runner, Qt.Key.Key_1)  # toggled off again
    _key(qtbot, runner, Qt.Key.Key_Return)
    assert _node(runner) == "q_radio"
    assert runner.editor is not None
    assert [b.text() for b in runner.editor.buttons][:2] == [
        "1. Seasonal swap (summer and winter)",
        "2. All-season tyres",
    ]
    _key(qtbot, runner, Qt.Key.Key_2)
    _key(qtbot, runner, Qt.Key.Key_Return)
    assert _node(runner) == "q_combo"  # nine brands: a combo box
    assert runner.editor.combo is not None
    _key(qtbot, runner, Qt.Key.Key_Down)  # Oponex (our brand)
    _key(qtbot, runner, Qt.Key.Key_Down)  # Michelin
    _key(qtbot, runner, Qt.Key.Key_Return)
    _type(qtbot, "12 500,50")
    _key(qtbot, runner, Qt.Key.Key_Return)
    _type(qtbot, "601 234 567")
    _key(qtbot, runner, Qt.Key.Key_Return)
    _type(qtbot, "jan@firma")
    _key(qtbot, runner, Qt.Key.Key_Return)
    assert runner.error.text() == "Enter a valid e-mail address."
    _type(qtbot, ".pl")
    with qtbot.waitSignal(runner.finished):
        _key(qtbot, runner, Qt.Key.Key_Return)
    assert answers == [
        ("contract_end_date", "2027-03-15"),
        ("products_of_interest", ["truck"]),
        ("season_policy", "all_season"),
        ("tyre_brand", "michelin"),
        ("annual_tyre_budget_pln", 12500.5),
        ("decision_maker_phone", "+48601234567"),
        ("decision_maker_email", "jan@firma.pl"),
    ]


def test_a_value_given_in_the_form_reaches_the_script(
    qtbot: QtBot, lead_call: ScriptRunner
) -> None:
    runner = lead_call
    answered: list[str] = []
    runner.answered.connect(lambda key, _v: answered.append(key))
    runner.next()
    runner.editor.buttons[0].click()  # type: ignore[union-attr]
    runner.next()
    _type(qtbot, "10")
    runner.next()
    for _ in range(2):  # cars, vans
        runner.next()
    assert _node(runner) == "q_trucks"
    runner.set_value("fleet_trucks", 7)  # typed in the qualification form meanwhile
    assert _line(runner).text() == "7"
    answered.clear()
    _key(qtbot, runner, Qt.Key.Key_Return)
    assert answered == []  # the form saved it already
    assert _node(runner) == "q_trailers"  # the branch saw trucks > 0
    runner.set_value("no_such_field", 1)  # ignored


def test_rendering_a_node_takes_less_than_a_frame(qtbot: QtBot, lead_call: ScriptRunner) -> None:
    """Enter → the next question painted, over a whole call (a generous bound: one
    60 Hz frame for the runner's own work, three frames for key-to-paint)."""
    runner = lead_call
    runner.next()
    runner.editor.buttons[0].click()  # type: ignore[union-attr]
    runner.next()
    _type(qtbot, "30")
    own: list[float] = []
    total: list[float] = []
    while not runner.run.finished and len(own) < 40:  # type: ignore[union-attr]
        if runner.editor is not None and runner.editor.spec.type == "bool":
            _key(qtbot, runner, Qt.Key.Key_Y)  # some yes/no questions must be answered
        started = time.perf_counter()
        _key(qtbot, runner, Qt.Key.Key_Return)
        runner.repaint()
        total.append((time.perf_counter() - started) * 1000)
        own.append(runner.last_render_ms)
    assert len(own) >= 20
    assert runner.run.finished  # type: ignore[union-attr]
    print(
        f"render ms: median {statistics.median(own):.2f}, max {max(own):.2f}; "
        f"key-to-paint median {statistics.median(total):.2f}, max {max(total):.2f}"
    )
    assert statistics.median(own) <= 16
    assert statistics.median(total) <= 48


def test_polish_interface(
    qtbot: QtBot,
    demo_db: Database,
    tasks: TaskRunner,
    demo_company: dict[str, Any],
    scripts_polish: JsonTranslator,
) -> None:
    runner = _make(qtbot, demo_db, tasks, "pl")
    runner.start(load_bundled_script("lead_qualification"), demo_company["context"])
    assert runner.next_button.text() == "Dalej"
    assert runner.back_button.text() == "Wstecz"
    assert "Dzień dobry, nazywam się <b>Anna Nowak</b>" in runner.text.text()
    assert "dzwonisz jako Rotaris Opony Polska" in runner.title.text()
    runner.next()
    assert runner.question.text() == "Zgoda na rozmowę (wymagane)"
    assert runner.editor is not None
    assert [b.text() for b in runner.editor.buttons] == ["1. Tak", "2. Nie"]
    _key(qtbot, runner, Qt.Key.Key_T)  # "tak"
    _key(qtbot, runner, Qt.Key.Key_Return)
    _type(qtbot, "600000")
    _key(qtbot, runner, Qt.Key.Key_Return)
    assert runner.error.text() == "Wartość może wynosić najwyżej 500000."
    _key(qtbot, runner, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert runner.banner.text() == "Obiekcja: Nie mam czasu"
    assert runner.next_button.text() == "Wróć do skryptu"
    _until(qtbot, lambda: runner.status.text() == "Zapisano: Zgoda na rozmowę")
    untranslated = sorted(
        source
        for context, source in scripts_polish.asked
        if context in ("ScriptRunner", "FieldEditor")
        and source not in scripts_polish.catalogue.get(context, {})
    )
    assert untranslated == []


def test_a_date_answer_is_stored_as_iso_text(
    qtbot: QtBot, demo_db: Database, tasks: TaskRunner, demo_company: dict[str, Any]
) -> None:
    runner = _make(qtbot, demo_db, tasks, "pl")
    runner.start(compile_script(EVERY_INPUT), demo_company["context"])
    _type(qtbot, "15032027")  # Polish order: day, month, year
    assert runner.editor is not None
    assert runner.editor.raw() == dt.date(2027, 3, 15)
    _key(qtbot, runner, Qt.Key.Key_Return)
    _until(
        qtbot,
        lambda: (
            stored_answers(demo_db, demo_company["id"]).get("contract_end_date") == "2027-03-15"
        ),
    )
