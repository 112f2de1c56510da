"""A small, safe condition language for ``branch`` nodes.

Grammar (lowest precedence first)::

    expr       := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := operand [ ("==" | "!=" | "<" | "<=" | ">" | ">=") operand
                          | ["not"] "in" operand ]
    operand    := NUMBER | STRING | "true" | "false" | "null" | IDENT
                | "[" [literal ("," literal)* [","]] "]" | "(" expr ")"

Identifiers are field keys (``fleet_trucks``, also spelled ``field.fleet_trucks``),
``company.<attr>``, ``contact.<attr>``, ``agent.<attr>``, ``segment`` (the current
segment) and ``segments`` (all segments of the company). Nothing is ever passed to
``eval``: the source is tokenised and parsed here, type-checked against the field
catalogue, and compiled into closures over a flat ``Mapping[str, Any]`` of values.

Runtime semantics never raise: an ordering comparison (``<`` …) with a missing or
incomparable value is false, ``x in y`` is false unless ``y`` is a list (or a text, for
substring tests), and ``and``/``or``/``not`` use truthiness (a missing value is false).
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from scripts_lead_gen.fields import FieldSpec

MAX_DEPTH = 64
MAX_LENGTH = 4000

Env = Mapping[str, Any]
Evaluator = Callable[[Env], Any]

# Static types: "number", "string", "bool", "date", "list", "null", "any".
_FIELD_TYPES = {
    "int": "number",
    "decimal": "number",
    "bool": "bool",
    "date": "date",
    "text": "string",
    "phone": "string",
    "email": "string",
    "choice": "string",
    "multi_choice": "list",
}
CONTEXT_ROOTS = ("company", "contact", "agent")
KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})
COMPARISON_OPS = frozenset({"==", "!=", "<", "<=", ">", ">="})


class ExpressionError(ValueError):
    """A condition that cannot be parsed or does not type-check. ``position`` is 0-based."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        if self.position is None:
            return self.message
        return f"{self.message} (at character {self.position + 1})"


# ----------------------------------------------------------------------------- tokens


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "num", "str", "ident", "kw", "op", "end"
    value: Any
    pos: int


_SINGLE = {"(": "(", ")": ")", "[": "[", "]": "]", ",": ","}
_DIGITS = "0123456789"
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}


_FAST_TOKEN = re.compile(
    r"""(?P<ws>[ \t\r\n]+)
    |(?P<num>-?[0-9][0-9_]*(?:\.[0-9][0-9_]*)?)(?![A-Za-z0-9_.])
    |(?P<ident>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)(?![A-Za-z0-9_.])
    |(?P<str>"[^"\\]*"|'[^'\\]*')
    |(?P<op>==|!=|<=|>=|[<>()\[\],])""",
    re.VERBOSE,
)


def _fast_tokenize(source: str) -> list[Token] | None:
    """The common case in one regular expression; ``None`` sends the text to the
    character-by-character tokenizer (escapes in strings, and every error message)."""
    tokens: list[Token] = []
    pos, n = 0, len(source)
    match = _FAST_TOKEN.match
    while pos < n:
        m = match(source, pos)
        if m is None:
            return None
        kind = m.lastgroup
        text = m.group()
        if kind == "num":
            clean = text.replace("_", "")
            value: Any = Decimal(clean) if "." in clean else int(clean)
            tokens.append(Token("num", value, pos))
        elif kind == "ident":
            tokens.append(Token("kw" if text in KEYWORDS else "ident", text, pos))
        elif kind == "str":
            tokens.append(Token("str", text[1:-1], pos))
        elif kind == "op":
            tokens.append(Token("op", text, pos))
        pos = m.end()
    tokens.append(Token("end", None, n))
    return tokens


def tokenize(source: str) -> list[Token]:
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"condition longer than {MAX_LENGTH} characters", 0)
    fast = _fast_tokenize(source)
    if fast is not None:
        return fast
    return _slow_tokenize(source)


def _slow_tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch in " \t\r\n":
            i += 1
            continue
        start = i
        if ch in _SINGLE:
            tokens.append(Token("op", ch, i))
            i += 1
        elif ch in "=!<>":
            two = source[i : i + 2]
            if two in ("==", "!=", "<=", ">="):
                tokens.append(Token("op", two, i))
                i += 2
            elif ch in "<>":
                tokens.append(Token("op", ch, i))
                i += 1
            elif ch == "=":
                raise ExpressionError("use '==' to compare, not '='", i)
            else:
                raise ExpressionError("'!' must be followed by '=' (use 'not' to negate)", i)
        elif ch in "\"'":
            i += 1
            buf: list[str] = []
            while True:
                if i >= n:
                    raise ExpressionError("unterminated string", start)
                c = source[i]
                if c == ch:
                    i += 1
                    break
                if c == "\\":
                    if i + 1 >= n:
                        raise ExpressionError("unterminated string", start)
                    esc = source[i + 1]
                    if esc not in _ESCAPES:
                        raise ExpressionError(f"unknown escape '\\{esc}'", i)
                    buf.append(_ESCAPES[esc])
                    i += 2
                    continue
                buf.append(c)
                i += 1
            tokens.append(Token("str", "".join(buf), start))
        elif ch in _DIGITS or (ch == "-" and i + 1 < n and source[i + 1] in _DIGITS):
            i += 1
            while i < n and (source[i] in _DIGITS or source[i] in "._"):
                i += 1
            text = source[start:i].replace("_", "")
            if text.count(".") > 1 or text.endswith("."):
                raise ExpressionError(f"malformed number {source[start:i]!r}", start)
            if i < n and (source[i].isalpha() or source[i] == "_"):
                raise ExpressionError(f"malformed number {source[start : i + 1]!r}", start)
            try:
                number: int | Decimal = Decimal(text) if "." in text else int(text)
            except (ValueError, InvalidOperation) as exc:
                raise ExpressionError(f"malformed number {source[start:i]!r}", start) from exc
            tokens.append(Token("num", number, start))
        elif ch.isascii() and (ch.isalpha() or ch == "_"):
            i += 1
            while i < n and source[i].isascii() and (source[i].isalnum() or source[i] in "_."):
                i += 1
            word = source[start:i]
            if word.endswith(".") or ".." in word:
                raise ExpressionError(f"malformed name {word!r}", start)
            if word in KEYWORDS:
                tokens.append(Token("kw", word, start))
            else:
                tokens.append(Token("ident", word, start))
        else:
            raise ExpressionError(f"unexpected character {ch!r}", i)
    tokens.append(Token("end", None, n))
    return tokens


# ------------------------------------------------------------------------------- AST


@dataclass(frozen=True, slots=True)
class Literal:
    value: Any
    pos: int


@dataclass(frozen=True, slots=True)
class ListLiteral:
    items: tuple[Literal, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Name:
    name: str  # canonical: field keys without "field.", other names as written
    pos: int


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr
    pos: int


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple[Expr, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Compare:
    op: str  # comparison op, "in" or "not in"
    left: Expr
    right: Expr
    pos: int


Expr = Literal | ListLiteral | Name | Not | BoolOp | Compare


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.i = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind != "end":
            self.i += 1
        return tok

    def at(self, kind: str, value: Any = None) -> bool:
        tok = self.tokens[self.i]
        return tok.kind == kind and (value is None or tok.value == value)

    def expect(self, kind: str, value: str) -> Token:
        tok = self.peek()
        if tok.kind != kind or tok.value != value:
            raise ExpressionError(f"expected '{value}', found {_describe(tok)}", tok.pos)
        return self.take()

    def _enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError("condition is nested too deeply", pos)

    def parse(self) -> Expr:
        if self.at("end"):
            raise ExpressionError("empty condition", 0)
        node = self.parse_or()
        tok = self.peek()
        if tok.kind != "end":
            raise ExpressionError(f"unexpected {_describe(tok)}", tok.pos)
        return node

    def parse_or(self) -> Expr:
        first = self.parse_and()
        items = [first]
        while self.at("kw", "or"):
            self.take()
            items.append(self.parse_and())
        return first if len(items) == 1 else BoolOp("or", tuple(items), _pos(first))

    def parse_and(self) -> Expr:
        first = self.parse_not()
        items = [first]
        while self.at("kw", "and"):
            self.take()
            items.append(self.parse_not())
        return first if len(items) == 1 else BoolOp("and", tuple(items), _pos(first))

    def parse_not(self) -> Expr:
        if self.at("kw", "not"):
            tok = self.take()
            self._enter(tok.pos)
            operand = self.parse_not()
            self.depth -= 1
            return Not(operand, tok.pos)
        return self.parse_comparison()

    def parse_comparison(self) -> Expr:
        left = self.parse_operand()
        tok = self.peek()
        op: str | None = None
        if tok.kind == "op" and tok.value in COMPARISON_OPS:
            op = self.take().value
        elif tok.kind == "kw" and tok.value == "in":
            self.take()
            op = "in"
        elif tok.kind == "kw" and tok.value == "not" and self.tokens[self.i + 1].value == "in":
            self.take()
            self.take()
            op = "not in"
        if op is None:
            return left
        right = self.parse_operand()
        nxt = self.peek()
        if (nxt.kind == "op" and nxt.value in COMPARISON_OPS) or (
            nxt.kind == "kw" and nxt.value == "in"
        ):
            raise ExpressionError("comparisons cannot be chained; join them with 'and'", nxt.pos)
        return Compare(op, left, right, tok.pos)

    def parse_operand(self) -> Expr:
        tok = self.take()
        if tok.kind in ("num", "str"):
            return Literal(tok.value, tok.pos)
        if tok.kind == "kw" and tok.value in ("true", "false", "null"):
            return Literal({"true": True, "false": False, "null": None}[tok.value], tok.pos)
        if tok.kind == "ident":
            name = tok.value
            if name.startswith("field."):
                name = name[len("field.") :]
            return Name(name, tok.pos)
        if tok.kind == "op" and tok.value == "(":
            self._enter(tok.pos)
            inner = self.parse_or()
            self.depth -= 1
            self.expect("op", ")")
            return inner
        if tok.kind == "op" and tok.value == "[":
            items: list[Literal] = []
            while not self.at("op", "]"):
                item = self.take()
                if item.kind in ("num", "str"):
                    items.append(Literal(item.value, item.pos))
                elif item.kind == "kw" and item.value in ("true", "false", "null"):
                    value = {"true": True, "false": False, "null": None}[item.value]
                    items.append(Literal(value, item.pos))
                else:
                    raise ExpressionError(
                        f"a list may only hold literal values, found {_describe(item)}", item.pos
                    )
                if self.at("op", ","):
                    self.take()
                elif not self.at("op", "]"):
                    nxt = self.peek()
                    raise ExpressionError(f"expected ',' or ']', found {_describe(nxt)}", nxt.pos)
            self.take()
            return ListLiteral(tuple(items), tok.pos)
        raise ExpressionError(f"expected a value, found {_describe(tok)}", tok.pos)


def _describe(tok: Token) -> str:
    if tok.kind == "end":
        return "the end of the condition"
    if tok.kind == "str":
        return f"text {tok.value!r}"
    return f"'{tok.value}'"


def _pos(node: Expr) -> int:
    return node.pos


def parse(source: str) -> Expr:
    """Parse a condition into its syntax tree. Raises :class:`ExpressionError`."""
    if not isinstance(source, str):
        raise ExpressionError("a condition must be text")
    return _Parser(source).parse()


# ------------------------------------------------------------------------ type check


def _literal_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | Decimal):
        return "number"
    return "string"


class _Checker:
    def __init__(self, fields: Mapping[str, FieldSpec]) -> None:
        self.fields = fields
        self.names: set[str] = set()

    def name_type(self, node: Name) -> tuple[str, FieldSpec | None]:
        name = node.name
        root, dot, _ = name.partition(".")
        if dot:
            if root in CONTEXT_ROOTS:
                self.names.add(name)
                return "any", None
            raise ExpressionError(
                f"unknown name {name!r} (use a field key, company.…, contact.… or agent.…)",
                node.pos,
            )
        if name == "segment":
            self.names.add(name)
            return "string", None
        if name == "segments":
            self.names.add(name)
            return "list", None
        spec = self.fields.get(name)
        if spec is None:
            raise ExpressionError(f"unknown field {name!r}", node.pos)
        self.names.add(name)
        return _FIELD_TYPES[spec.type], spec

    def typeof(self, node: Expr) -> tuple[str, FieldSpec | None]:
        if isinstance(node, Literal):
            return _literal_type(node.value), None
        if isinstance(node, ListLiteral):
            return "list", None
        if isinstance(node, Name):
            return self.name_type(node)
        if isinstance(node, Not):
            self.require_condition(node.operand)
            return "bool", None
        if isinstance(node, BoolOp):
            for operand in node.operands:
                self.require_condition(operand)
            return "bool", None
        self.check_compare(node)
        return "bool", None

    def require_condition(self, node: Expr) -> None:
        kind, _ = self.typeof(node)
        if kind not in ("bool", "any"):
            raise ExpressionError(
                f"{_show(node)} is {_article(kind)}, not a yes/no condition "
                "(compare it with something)",
                node.pos,
            )

    def check_compare(self, node: Compare) -> None:
        lt, lspec = self.typeof(node.left)
        rt, rspec = self.typeof(node.right)
        op = node.op
        if op in ("in", "not in"):
            if rt != "list" and rt != "any":
                raise ExpressionError(
                    f"the right side of '{op}' must be a list, not {_article(rt)}", node.right.pos
                )
            if isinstance(node.right, ListLiteral):
                for item in node.right.items:
                    self.check_pair(node.left, lt, lspec, item, _literal_type(item.value), None, op)
            elif rspec is not None and lt not in ("string", "any", "null"):
                raise ExpressionError(
                    f"{_show(node.right)} holds choices (text); cannot look for {_article(lt)} in it",
                    node.left.pos,
                )
            elif rspec is not None and isinstance(node.left, Literal):
                self._check_choice(rspec, node.left)
            return
        if op in ("==", "!="):
            self.check_pair(node.left, lt, lspec, node.right, rt, rspec, op)
            return
        if (lt == "date" and rt == "string" and isinstance(node.right, Literal)) or (
            rt == "date" and lt == "string" and isinstance(node.left, Literal)
        ):
            return  # a date compared with a "YYYY-MM-DD" literal, converted when compiled
        for kind, side in ((lt, node.left), (rt, node.right)):
            if kind not in ("number", "date", "any"):
                raise ExpressionError(
                    f"'{op}' compares numbers or dates; {_show(side)} is {_article(kind)}",
                    side.pos,
                )
        if "any" not in (lt, rt) and lt != rt:
            raise ExpressionError(
                f"cannot compare {_article(lt)} with {_article(rt)} using '{op}'", node.pos
            )

    def check_pair(
        self,
        left: Expr,
        lt: str,
        lspec: FieldSpec | None,
        right: Expr,
        rt: str,
        rspec: FieldSpec | None,
        op: str,
    ) -> None:
        """Equality or membership of a ``left`` value and a ``right`` value (symmetric)."""
        for spec, other in ((lspec, right), (rspec, left)):
            if spec is not None and spec.type == "choice" and isinstance(other, Literal):
                self._check_choice(spec, other)
        if "any" in (lt, rt) or "null" in (lt, rt) or lt == rt:
            return
        if lt == "date" and rt == "string" and isinstance(right, Literal):
            return  # converted to a date by the compiler (checked there)
        if rt == "date" and lt == "string" and isinstance(left, Literal):
            return
        raise ExpressionError(
            f"cannot compare {_article(lt)} with {_article(rt)} using '{op}'", right.pos
        )

    def _check_choice(self, spec: FieldSpec, lit: Literal) -> None:
        if isinstance(lit.value, str) and lit.value not in spec.choice_values():
            allowed = ", ".join(spec.choice_values())
            raise ExpressionError(
                f"{lit.value!r} is not a choice of {spec.key} (choices: {allowed})", lit.pos
            )


def _article(kind: str) -> str:
    return {
        "number": "a number",
        "string": "text",
        "bool": "yes/no",
        "date": "a date",
        "list": "a list",
        "null": "null",
        "any": "a value",
    }[kind]


def _show(node: Expr) -> str:
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Literal):
        return repr(node.value)
    return "this expression"


# --------------------------------------------------------------------------- compile


def _ordered(op: str) -> Callable[[Any, Any], bool]:
    fn: Callable[[Any, Any], Any] = {
        "<": operator.lt,
        "<=": operator.le,
        ">": operator.gt,
        ">=": operator.ge,
    }[op]

    def compare(a: Any, b: Any) -> bool:
        if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
            return False
        try:
            return bool(fn(a, b))
        except (TypeError, ArithmeticError):
            return False

    return compare


def _equal(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ArithmeticError):
        return False


def _contains(item: Any, container: Any) -> bool:
    if isinstance(container, list | tuple | set | frozenset):
        try:
            return item in container
        except (TypeError, ArithmeticError):
            return False
    if isinstance(container, str) and isinstance(item, str):
        return item in container
    return False


def _as_date(lit: Literal) -> Literal:
    if isinstance(lit.value, str):
        try:
            return Literal(dt.date.fromisoformat(lit.value), lit.pos)
        except ValueError as exc:
            raise ExpressionError(
                f'{lit.value!r} is not a date (write dates as "YYYY-MM-DD")', lit.pos
            ) from exc
    return lit


class _Compiler:
    def __init__(self, checker: _Checker) -> None:
        self.checker = checker

    def compile(self, node: Expr) -> Evaluator:
        if isinstance(node, Literal):
            value = node.value
            return lambda env: value
        if isinstance(node, ListLiteral):
            values = tuple(i.value for i in node.items)
            return lambda env: values
        if isinstance(node, Name):
            name = node.name
            return lambda env: env.get(name)
        if isinstance(node, Not):
            inner = self.compile(node.operand)
            return lambda env: not inner(env)
        if isinstance(node, BoolOp):
            parts = tuple(self.compile(o) for o in node.operands)
            if node.op == "and":
                return lambda env: all(p(env) for p in parts)
            return lambda env: any(p(env) for p in parts)
        return self.compile_compare(node)

    def _date_sides(self, node: Compare) -> tuple[Expr, Expr]:
        left, right = node.left, node.right
        lt, _ = self.checker.typeof(left)
        rt, _ = self.checker.typeof(right)
        if lt == "date" and isinstance(right, Literal):
            right = _as_date(right)
        if rt == "date" and isinstance(left, Literal):
            left = _as_date(left)
        if lt == "date" and isinstance(right, ListLiteral):
            right = ListLiteral(tuple(_as_date(i) for i in right.items), right.pos)
        return left, right

    def compile_compare(self, node: Compare) -> Evaluator:
        left_node, right_node = self._date_sides(node)
        left = self.compile(left_node)
        right = self.compile(right_node)
        op = node.op
        if op == "==":
            return lambda env: _equal(left(env), right(env))
        if op == "!=":
            return lambda env: not _equal(left(env), right(env))
        if op == "in":
            return lambda env: _contains(left(env), right(env))
        if op == "not in":
            return lambda env: not _contains(left(env), right(env))
        cmp = _ordered(op)
        return lambda env: cmp(left(env), right(env))


@dataclass(frozen=True, slots=True)
class Condition:
    """A parsed, type-checked and compiled condition. Call it with a value mapping."""

    source: str
    names: frozenset[str]
    evaluate: Callable[[Env], Any]

    def __call__(self, env: Env) -> bool:
        return bool(self.evaluate(env))


def compile_condition(source: str, fields: Mapping[str, FieldSpec]) -> Condition:
    """Parse, type-check against ``fields`` (key → spec) and compile ``source``.

    Raises :class:`ExpressionError` with a message and character position.
    """
    tree = parse(source)
    checker = _Checker(fields)
    checker.require_condition(tree)
    fn = _Compiler(checker).compile(tree)
    return Condition(source, frozenset(checker.names), fn)
