"""The script editor: live validation, jump to a problem, preview on a company, graph,
files."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.db import Database
from models import FieldValue, OutboxMutation
from scripts_lead_gen import bundled_script_text, load_bundled_script
from scripts_lead_gen.validate import Report
from tests.widgets.scripts_fixtures import *  # noqa: F403 - the fixtures
from tests.widgets.scripts_fixtures import SCRIPTS_PL, JsonTranslator
from widgets.script_editor import ScriptEditor
from widgets.tasks import TaskRunner

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints"),
]

LQ = bundled_script_text("lead_qualification.yaml")


def _editor(
    qtbot: QtBot, db: Database | None, tasks: TaskRunner, language: str = "en"
) -> ScriptEditor:
    editor = ScriptEditor(db, tasks, None, language, agent_name="Anna Nowak")
    qtbot.addWidget(editor)
    editor.resize(1300, 820)
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    return editor


def _load(qtbot: QtBot, editor: ScriptEditor, text: str) -> Report:
    with qtbot.waitSignal(editor.validated) as checked:
        editor.set_text(text)
    report = checked.args[0]
    assert isinstance(report, Report)
    return report


def _line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_problems_are_listed_by_node_and_a_click_jumps_to_the_line(
    qtbot: QtBot, tasks: TaskRunner
) -> None:
    editor = _editor(qtbot, None, tasks)
    broken = LQ.replace("next: q_vans", "next: q_vanz", 1).replace(
        "field: fleet_buses", "field: fleet_busses", 1
    )
    report = _load(qtbot, editor, broken)
    assert not report.ok
    assert editor.summary.text().startswith("The script cannot run yet. Errors: 2,")
    model = editor.problems_model
    rows = [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]
    assert rows[0] == [
        str(_line_of(broken, "next: q_vanz")),
        "q_cars",
        "Error: next: unknown node 'q_vanz'",
    ]
    assert rows[1][1] == "q_buses"
    assert rows[1][2] == "Error: field: unknown field 'fleet_busses'"
    assert all(r[2].startswith("Warning: ") for r in rows[2:])

    view = editor.problems
    qtbot.waitUntil(  # the list appears (laid out) once there are problems to list
        lambda: (
            view.isVisible() and view.viewport().rect().contains(view.visualRect(model.index(1, 2)))
        )
    )
    second = view.visualRect(model.index(1, 2)).center()
    qtbot.mouseClick(editor.problems.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert editor.current_line() == _line_of(broken, "field: fleet_busses")
    assert editor.text.hasFocus()
    assert editor.preview.runner.run is None  # a script with errors does not run
    assert "no errors" in editor.preview.runner.text.text()


def test_typing_is_checked_after_a_pause_and_a_fix_clears_the_problem(
    qtbot: QtBot, tasks: TaskRunner
) -> None:
    editor = _editor(qtbot, None, tasks)
    assert _load(qtbot, editor, LQ).ok
    assert editor.summary.text() == "No problems found: the script can run."
    assert editor.preview.runner.run is not None
    line = _line_of(LQ, "start: intro")
    editor.jump_to_line(line)
    cursor = editor.text.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.text.setTextCursor(cursor)
    reports: list[Report] = []
    editor.validated.connect(reports.append)
    with qtbot.waitSignal(editor.validated):
        qtbot.keyClicks(editor.text, "_typo")  # five keys, one check
    assert len(reports) == 1
    assert reports[0].errors[0].message == "start: unknown node 'intro_typo'"
    assert "modified" in editor.file_label.text()
    with qtbot.waitSignal(editor.validated):
        for _ in range(5):
            qtbot.keyClick(editor.text, Qt.Key.Key_Backspace)
    assert reports[-1].ok
    assert editor.problems_model.rowCount() == 0


def test_malformed_yaml_gives_line_and_column(qtbot: QtBot, tasks: TaskRunner) -> None:
    editor = _editor(qtbot, None, tasks)
    report = _load(qtbot, editor, "id: x\ntitle: [unclosed\nstart: a\n")
    assert not report.ok
    message = editor.problems_model.index(0, 2).data()
    assert message.startswith("Error: malformed YAML at line ")
    assert "column" in message
    assert editor.graph.items_by_node == {}


def test_the_preview_runs_the_script_on_a_chosen_company_without_saving(
    qtbot: QtBot, demo_db: Database, tasks: TaskRunner, demo_company: dict[str, Any]
) -> None:
    editor = _editor(qtbot, demo_db, tasks)
    _load(qtbot, editor, LQ)
    preview = editor.preview
    assert "without a company" in preview.chosen.text()
    with qtbot.waitSignal(preview.searched) as searched:
        qtbot.keyClicks(preview.search, demo_company["name"][:12])
    assert searched.args[0] >= 1
    with qtbot.waitSignal(preview.companyChosen) as chosen:
        qtbot.keyClick(preview.search, Qt.Key.Key_Return)
    assert chosen.args == [demo_company["id"]]
    assert preview.chosen.text() == f"Preview as a call to {demo_company['name']}"
    runner = preview.runner
    assert "<b>Anna Nowak</b>" in runner.text.text()

    with demo_db.read() as s:
        before = s.scalar(select(func.count()).select_from(FieldValue))
    runner.next()
    runner.editor.buttons[0].click()  # type: ignore[union-attr]
    runner.next()
    assert runner.editor is not None
    assert runner.editor.line is not None
    runner.editor.line.setText("12")
    runner.next()
    assert runner._view is not None
    assert runner._view.node == "q_cars"
    with demo_db.read() as s:
        assert s.scalar(select(func.count()).select_from(FieldValue)) == before
        assert s.scalar(select(func.count()).select_from(OutboxMutation)) == 0

    # Editing the script restarts the preview with the new text, same company.
    text = editor.text.toPlainText().replace(
        "Czy mogę zadać kilka pytań?", "Czy mogę zadać trzy pytania?"
    )
    with qtbot.waitSignal(editor.validated):
        editor.text.setPlainText(text)
    assert runner._view is not None
    assert runner._view.node == "intro"
    assert preview.company_id == demo_company["id"]


def test_the_graph_shows_every_node_and_labels_branches(qtbot: QtBot, tasks: TaskRunner) -> None:
    editor = _editor(qtbot, None, tasks)
    _load(qtbot, editor, LQ)
    script = load_bundled_script("lead_qualification").script
    graph = editor.graph
    assert set(graph.items_by_node) == {n.id for n in script.nodes}
    assert "consent_to_interview == true" in graph.edge_labels
    assert "else" in graph.edge_labels
    editor.tabs.setCurrentIndex(1)
    graph.resetTransform()
    item = graph.items_by_node["q_trucks"]
    graph.centerOn(item)
    where = graph.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseDClick(graph.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(where))
    assert editor.current_line() == _line_of(LQ, "id: q_trucks")


def test_save_open_and_the_version(qtbot: QtBot, tasks: TaskRunner, tmp_path: Path) -> None:
    editor = _editor(qtbot, None, tasks)
    index = editor.bundled.findData("foot_in_the_door.yaml")
    assert index > 0
    with qtbot.waitSignal(editor.validated):
        editor.bundled.activated.emit(index)
    version = load_bundled_script("foot_in_the_door").version
    assert editor.file_label.text() == f"not saved to a file yet · version {version}"
    target = tmp_path / "fitd.yaml"
    with qtbot.waitSignal(editor.saved):
        editor.save_to(target)
    assert target.read_text(encoding="utf-8") == bundled_script_text("foot_in_the_door.yaml")
    assert editor.file_label.text() == f"{target} · version {version}"

    changed = tmp_path / "changed.yaml"
    changed.write_text(LQ.replace("Rotaris Opony Polska", "Oponex Polska"), encoding="utf-8")
    with qtbot.waitSignal(editor.validated):
        editor.open_file(changed)
    assert editor.path == changed
    assert editor.compiled is not None
    assert editor.compiled.caller_identity == "Oponex Polska"
    assert editor.compiled.version != load_bundled_script("lead_qualification").version
    assert editor.file_label.text().endswith(f"version {editor.compiled.version}")


def test_polish_editor(qtbot: QtBot, tasks: TaskRunner, scripts_polish: JsonTranslator) -> None:
    editor = _editor(qtbot, None, tasks, "pl")
    _load(qtbot, editor, LQ)
    assert editor.summary.text() == "Nie znaleziono problemów: skrypt może działać."
    assert editor.tabs.tabText(0) == "Podgląd"
    assert editor.preview.runner.next_button.text() == "Dalej"
    _load(qtbot, editor, LQ.replace("start: intro", "start: nowhere"))
    assert editor.summary.text().startswith("Skrypt nie może jeszcze działać. Błędy: 1")
    missing = sorted(
        f"{context}: {source}"
        for context, source in scripts_polish.asked
        if context.startswith("Script") and source not in scripts_polish.catalogue.get(context, {})
    )
    assert missing == []


SCRIPT_WIDGETS = (
    "answer_store",
    "field_editor",
    "qualification_form",
    "script_editor",
    "script_graph",
    "script_preview",
    "script_runner",
)


def _tr_strings() -> set[tuple[str, str]]:
    """Every ``self.tr("…")`` of the script widgets, as (class, source)."""
    root = Path(__file__).resolve().parents[2] / "widgets"
    found: set[tuple[str, str]] = set()
    for name in SCRIPT_WIDGETS:
        tree = ast.parse((root / f"{name}.py").read_text(encoding="utf-8"))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for node in ast.walk(cls):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "tr"
                ):
                    arg = node.args[0]
                    assert isinstance(arg, ast.Constant), f"{name}: tr() of a non-literal"
                    found.add((cls.name, str(arg.value)))
    return found


def test_every_string_of_the_script_widgets_has_a_polish_translation() -> None:
    catalogue = json.loads(SCRIPTS_PL.read_text(encoding="utf-8"))
    strings = _tr_strings()
    assert len(strings) > 60
    missing = sorted(f"{c}: {s}" for c, s in strings if not catalogue.get(c, {}).get(s))
    assert missing == []
    stale = sorted(
        f"{c}: {s}" for c, texts in catalogue.items() for s in texts if (c, s) not in strings
    )
    assert stale == []
    for context, texts in catalogue.items():
        for source, polish in texts.items():
            placeholders = set(re.findall(r"\{[a-z_]+\}", source))
            assert placeholders == set(re.findall(r"\{[a-z_]+\}", polish)), (context, source)
