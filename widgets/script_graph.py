"""A read-only picture of a call script: its nodes in layers, top to bottom.

Each node is a box coloured by kind (say, ask, branch, action; ends darker) showing its
id and, for questions, the field; arrows go to the next node, branch arrows are
labelled with their condition (``else`` for the fallback). Layers are the breadth-first
distance from the start; nodes the start never reaches sit in a last row, and targets
that do not exist are drawn as red boxes. Within a layer, nodes are ordered by their
parents' positions to keep arrows short.

Ctrl+wheel (or +/-) zooms; double-clicking a node emits :attr:`ScriptGraph.nodeActivated`.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from scripts_lead_gen.schema import BACK, ActionNode, AskNode, BranchNode, Script

BOX_W = 170.0
BOX_H = 46.0
GAP_X = 36.0
GAP_Y = 70.0
LABEL_MAX = 28  # characters of a condition shown on an edge (all of it in the tooltip)
COLOURS = {
    "say": "#e3f2fd",
    "ask": "#e8f5e9",
    "branch": "#fff3e0",
    "action": "#f3e5f5",
    "end": "#d1c4e9",
    "missing": "#ffcdd2",
}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str | None = None


def script_edges(script: Script) -> list[Edge]:
    """Every arrow of the script, in file order (branches labelled by condition)."""
    edges: list[Edge] = []
    for node in script.nodes:
        if isinstance(node, BranchNode):
            for case in node.branches:
                edges.append(Edge(node.id, case.goto, case.when))
            edges.append(Edge(node.id, node.otherwise, "else"))
        elif node.next is not None:
            edges.append(Edge(node.id, node.next))
    return edges


def layered_layout(script: Script) -> dict[str, tuple[int, int]]:
    """``{node: (layer, position in layer)}`` — layers by breadth-first distance from
    the start; unreachable nodes and missing targets in one last layer."""
    edges = script_edges(script)
    ids = [n.id for n in script.nodes]
    known = set(ids)
    out: dict[str, list[str]] = {i: [] for i in ids}
    for e in edges:
        out.setdefault(e.source, []).append(e.target)
    layer: dict[str, int] = {}
    if script.start in known:
        layer[script.start] = 0
        queue = deque([script.start])
        while queue:
            node = queue.popleft()
            for target in out.get(node, []):
                if target in known and target not in layer:
                    layer[target] = layer[node] + 1
                    queue.append(target)
    last = max(layer.values(), default=-1) + 1
    missing = sorted({e.target for e in edges if e.target not in known})
    for node_id in [*ids, *missing]:
        layer.setdefault(node_id, last)
    rows: dict[int, list[str]] = {}
    for node_id in [*ids, *missing]:
        rows.setdefault(layer[node_id], []).append(node_id)
    parents: dict[str, list[str]] = {}
    for e in edges:
        parents.setdefault(e.target, []).append(e.source)
    place: dict[str, tuple[int, int]] = {}
    for depth in sorted(rows):
        members = rows[depth]

        def barycentre(node_id: str, members: list[str] = members) -> float:
            above = [place[p][1] for p in parents.get(node_id, []) if p in place]
            return sum(above) / len(above) if above else float(members.index(node_id))

        ordered = sorted(members, key=lambda n: (barycentre(n), members.index(n)))
        for position, node_id in enumerate(ordered):
            place[node_id] = (depth, position)
    return place


class _NodeItem(QGraphicsRectItem):
    def __init__(self, node_id: str, title: str, detail: str, colour: str) -> None:
        super().__init__(0, 0, BOX_W, BOX_H)
        self.node_id = node_id
        self.setBrush(QBrush(QColor(colour)))
        self.setPen(QPen(QColor("#607d8b"), 1.2))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setToolTip(f"{title}\n{detail}".strip())
        bold = QFont()
        bold.setBold(True)
        width = int(BOX_W - 14)
        name = QGraphicsSimpleTextItem(
            QFontMetrics(bold).elidedText(node_id, Qt.TextElideMode.ElideRight, width), self
        )
        name.setFont(bold)
        name.setPos(8, 5)
        if detail:
            shown = QFontMetrics(QFont()).elidedText(detail, Qt.TextElideMode.ElideRight, width)
            sub = QGraphicsSimpleTextItem(shown, self)
            sub.setBrush(QBrush(QColor("#455a64")))
            sub.setPos(8, 24)


def _elide(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ScriptGraph(QGraphicsView):
    """Shows :meth:`set_script`'s nodes and arrows; nothing can be moved or edited."""

    nodeActivated = Signal(str)
    """the id of a node the user double-clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptGraph")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setInteractive(True)
        self.items_by_node: dict[str, _NodeItem] = {}
        self.edge_labels: list[str] = []
        self._empty()

    def _empty(self) -> None:
        scene = self.scene()
        scene.clear()
        self.items_by_node = {}
        self.edge_labels = []
        hint = scene.addSimpleText(self.tr("The graph appears when the script can be read."))
        hint.setBrush(QBrush(QColor("#5f6368")))

    def clear_script(self) -> None:
        self._empty()

    def set_script(self, script: Script | None) -> None:
        """Draw ``script`` (``None`` clears the picture)."""
        if script is None:
            self._empty()
            return
        scene = self.scene()
        scene.clear()
        self.items_by_node = {}
        self.edge_labels = []
        place = layered_layout(script)
        widths: dict[int, int] = {}
        for depth, position in place.values():
            widths[depth] = max(widths.get(depth, 0), position + 1)
        widest = max(widths.values(), default=1)
        nodes = {n.id: n for n in script.nodes}
        for node_id, (depth, position) in place.items():
            offset = (widest - widths[depth]) * (BOX_W + GAP_X) / 2
            x = offset + position * (BOX_W + GAP_X)
            y = depth * (BOX_H + GAP_Y)
            node = nodes.get(node_id)
            if node is None:
                kind, detail, colour = "?", self.tr("no such node"), COLOURS["missing"]
            else:
                kind = node.kind
                detail = kind
                if isinstance(node, AskNode):
                    detail = self.tr("ask: {field}").format(field=node.field)
                elif isinstance(node, ActionNode):
                    detail = node.action
                    if node.disposition:
                        detail += f" → {node.disposition}"
                    elif node.segment:
                        detail += f": {node.segment}"
                is_end = isinstance(node, ActionNode) and node.next is None
                colour = COLOURS["end"] if is_end else COLOURS.get(kind, "#eeeeee")
            item = _NodeItem(node_id, node_id, detail, colour)
            item.setPos(x, y)
            item.setZValue(2)
            if node_id == script.start:
                item.setPen(QPen(QColor("#1565c0"), 2.5))
            scene.addItem(item)
            self.items_by_node[node_id] = item
        for edge in script_edges(script):
            self._draw_edge(edge)
        for obj in script.objections:
            if obj.return_to != BACK and obj.return_to in self.items_by_node:
                self.items_by_node[obj.return_to].setToolTip(
                    self.items_by_node[obj.return_to].toolTip()
                    + "\n"
                    + self.tr("reached by the objection {id}").format(id=obj.id)
                )
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-20, -20, 20, 20))

    def _draw_edge(self, edge: Edge) -> None:
        source = self.items_by_node.get(edge.source)
        target = self.items_by_node.get(edge.target)
        if source is None or target is None:
            return
        s = source.sceneBoundingRect()
        t = target.sceneBoundingRect()
        path = QPainterPath()
        if t.top() > s.bottom():  # downwards: straight
            start = QPointF(s.center().x(), s.bottom())
            end = QPointF(t.center().x(), t.top())
            path.moveTo(start)
            path.lineTo(end)
        else:  # back up (a loop) or sideways: around the right side
            start = QPointF(s.right(), s.center().y())
            end = QPointF(t.right(), t.center().y())
            bulge = max(s.right(), t.right()) + GAP_X * 0.8
            path.moveTo(start)
            path.cubicTo(QPointF(bulge, start.y()), QPointF(bulge, end.y()), end)
        pen = QPen(QColor("#78909c"), 1.3)
        if edge.label == "else":
            pen.setStyle(Qt.PenStyle.DashLine)
        line = QGraphicsPathItem(path)
        line.setPen(pen)
        line.setZValue(1)
        self.scene().addItem(line)
        self._arrow_head(path, pen.color())
        if edge.label:
            self.edge_labels.append(edge.label)
            text = QGraphicsSimpleTextItem(_elide(edge.label, LABEL_MAX))
            text.setToolTip(edge.label)
            font = QFont()
            font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
            text.setFont(font)
            text.setBrush(QBrush(QColor("#bf360c")))
            point = path.pointAtPercent(0.72)  # near the target: siblings spread apart
            box = text.boundingRect()
            back = QGraphicsRectItem(QRectF(0, 0, box.width() + 4, box.height()))
            back.setBrush(QBrush(QColor(255, 255, 255, 220)))
            back.setPen(QPen(Qt.PenStyle.NoPen))
            back.setPos(point.x() - box.width() / 2 - 2, point.y() - box.height() / 2)
            back.setZValue(3)
            text.setParentItem(back)
            text.setPos(2, 0)
            self.scene().addItem(back)

    def _arrow_head(self, path: QPainterPath, colour: QColor) -> None:
        tip = path.pointAtPercent(1.0)
        before = path.pointAtPercent(0.97)
        angle = math.atan2(tip.y() - before.y(), tip.x() - before.x())
        size = 8.0
        left = QPointF(
            tip.x() - size * math.cos(angle - math.pi / 7),
            tip.y() - size * math.sin(angle - math.pi / 7),
        )
        right = QPointF(
            tip.x() - size * math.cos(angle + math.pi / 7),
            tip.y() - size * math.sin(angle + math.pi / 7),
        )
        head = self.scene().addPolygon(QPolygonF([tip, left, right]), QPen(colour), QBrush(colour))
        head.setZValue(1)

    # ------------------------------------------------------------------- navigation

    def fit(self) -> None:
        """Zoom to show the whole script (never larger than life)."""
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > 1:
            self.resetTransform()

    def fit_width(self) -> None:
        """Zoom so the widest layer fits across (never larger than life); scroll to the
        start. Tall scripts stay readable this way."""
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        self.resetTransform()
        available = max(1, self.viewport().width() - 8)
        scale = min(1.0, available / rect.width())
        self.scale(scale, scale)
        self.centerOn(rect.center().x(), rect.top())

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.05 <= scale <= 4:
            self.scale(factor, factor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.15)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom(1 / 1.15)
        elif event.key() == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, _NodeItem):
            item = item.parentItem()
        if isinstance(item, _NodeItem):
            self.nodeActivated.emit(item.node_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)
