"""The call-script file format, as pydantic models.

A script file (YAML)::

    id: lead_qualification
    title: Kwalifikacja floty – opony
    title_en: Fleet qualification – tyres
    language: pl
    caller_identity: Rotaris Opony Polska
    start: intro
    nodes:
      - {id: intro, kind: say, text: "Dzień dobry …", text_en: "Good morning …", next: q1}
      - {id: q1, kind: ask, field: fleet_trucks, text: "…", next: route}
      - id: route
        kind: branch
        branches:
          - {if: 'fleet_trucks >= 10 and segment == "premium"', goto: offer}
        else: thanks
      - {id: offer, kind: action, action: book_meeting, next: thanks}
      - {id: thanks, kind: action, action: end_call, disposition: qualified, text: "…"}
    objections:
      - {id: no_time, label: Nie mam czasu, text: "…", return: back, hotkey: 1}

English translations live beside the Polish text of each node (``text_en``,
``label_en``, ``title_en`` …) — one file per script. The ``version`` is not written in
the file: it is the content hash of the canonical (parsed, normalised) script.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, TypeAdapter

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]*$"
ActionKind = Literal[
    "book_meeting", "schedule_callback", "record_opt_out", "set_segment", "end_call"
]
ACTION_KINDS: tuple[str, ...] = (
    "book_meeting",
    "schedule_callback",
    "record_opt_out",
    "set_segment",
    "end_call",
)
BACK = "back"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _NodeBase(_Model):
    id: str = Field(pattern=ID_PATTERN, max_length=64)
    text: str = ""
    text_en: str | None = None
    hint: str | None = None
    """A note for the agent shown beside the text, never read out."""
    hint_en: str | None = None


class SayNode(_NodeBase):
    """Text for the agent to say; Next goes to ``next``."""

    kind: Literal["say"]
    next: str


class AskNode(_NodeBase):
    """A question bound to a qualification field; ``required`` overrides the field's flag."""

    kind: Literal["ask"]
    field: str
    required: bool | None = None
    next: str


class BranchCase(_Model):
    when: str = Field(alias="if", min_length=1)
    goto: str


class BranchNode(_NodeBase):
    """Goes to the first case whose condition holds, else to ``else``. Never shown."""

    kind: Literal["branch"]
    branches: list[BranchCase] = Field(default_factory=list)
    otherwise: str = Field(alias="else")


class ActionNode(_NodeBase):
    """Does something (book, call back, opt out, set a segment, end); ends without ``next``.

    ``params`` are merge-field templates (``{field.meeting_address}``, ``{slot.1}``): a
    template that is one merge field keeps the typed value.
    """

    kind: Literal["action"]
    action: ActionKind
    next: str | None = None
    segment: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    disposition: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    params: dict[str, str] = Field(default_factory=dict)


Node = Annotated[SayNode | AskNode | BranchNode | ActionNode, Field(discriminator="kind")]
NODE_ADAPTER: TypeAdapter[SayNode | AskNode | BranchNode | ActionNode] = TypeAdapter(Node)


class Objection(_Model):
    """A prepared answer to a common objection, reachable from any node.

    ``return`` is ``back`` (continue at the node where it was raised) or a node id.
    ``hotkey`` (1–9) defaults to the objection's position in the list.
    """

    id: str = Field(pattern=ID_PATTERN, max_length=64)
    label: str = Field(min_length=1)
    label_en: str | None = None
    text: str = Field(min_length=1)
    text_en: str | None = None
    return_to: str = Field(default=BACK, alias="return")
    hotkey: int | None = Field(default=None, ge=1, le=9)


class ScriptHeader(_Model):
    """Everything but the nodes and objections (validated first, on its own)."""

    id: str = Field(pattern=ID_PATTERN, max_length=64)
    title: str = Field(min_length=1)
    title_en: str | None = None
    description: str | None = None
    language: Literal["pl", "en"] = "pl"
    caller_identity: str = Field(min_length=1)
    caller_identity_en: str | None = None
    campaign_type: (
        Literal["lead_generation", "foot_in_the_door", "customer_development", "survey"] | None
    ) = None
    start: str


class Script(ScriptHeader):
    nodes: list[Annotated[SayNode | AskNode | BranchNode | ActionNode, Field(discriminator="kind")]]
    objections: list[Objection] = Field(default_factory=list)

    _version: str = PrivateAttr(default="")

    def model_post_init(self, __context: object) -> None:
        canonical = json.dumps(
            self.model_dump(mode="json", by_alias=True, exclude_defaults=True),
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        self._version = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]

    @property
    def version(self) -> str:
        """First 12 hex digits of the SHA-256 of the canonical content."""
        return self._version

    def node(self, node_id: str) -> SayNode | AskNode | BranchNode | ActionNode | None:
        for n in self.nodes:
            if n.id == node_id:
                return n
        return None


AnyNode = SayNode | AskNode | BranchNode | ActionNode
