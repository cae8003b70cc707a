"""Read YAML files into plain data that remembers where every value came from."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from hrdd.diagnostics import Diagnostic
from hrdd.errors import InputError
from hrdd.models import Questionnaire
from hrdd.suggest import did_you_mean

M = TypeVar("M", bound=BaseModel)

#: Nodes that may be built through aliases before the file counts as an alias bomb.
ALIAS_NODE_LIMIT = 100_000
#: Deepest nesting of lists and mappings accepted; real files stay under a dozen levels.
MAX_DEPTH = 200
# libyaml's composer recurses in C and overflows the C stack (a crash, not an exception) at
# some ten thousand levels, fewer in threads with small stacks: files that might nest deeper
# than this are measured with the event parser first.
_C_DEPTH_CHECK_ABOVE = 1_000

_PLAIN = "tag:hrdd,2024:plain"  # an untagged plain scalar: typed by _plain_value below
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


# --------------------------------------------------------------------------- positions


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(frozen=True)
class NodeInfo:
    """Where one value sits in the file, and how its scalar was written."""

    key: Mark | None
    value: Mark
    end: Mark
    style: str | None


def _mark(yaml_mark: Any) -> Mark:
    return Mark(yaml_mark.line + 1, yaml_mark.column + 1)


_KEY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


class Positions:
    """Looks up where a data path sits in the file, walking the kept node tree on demand."""

    __slots__ = ("_root",)

    def __init__(self, root: Node) -> None:
        self._root = root

    def _walk(self, path: tuple[str | int, ...]) -> Iterator[tuple[Node | None, Node]]:
        """Yield (key node, value node) from the root down as far as ``path`` exists."""
        key: Node | None = None
        node: Node = self._root
        yield key, node
        for step in path:
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    if isinstance(k, ScalarNode) and _same_key(_scalar_value(k), step):
                        key, node = k, v
                        break
                else:
                    return
            elif isinstance(node, SequenceNode) and type(step) is int and step >= 0:
                if step >= len(node.value):
                    return
                key, node = None, node.value[step]
            else:
                return
            yield key, node

    def _node(self, path: tuple[str | int, ...]) -> tuple[Node | None, Node] | None:
        found = None
        for depth, pair in enumerate(self._walk(path)):
            found = pair if depth == len(path) else None
        return found

    def get(self, path: tuple[str | int, ...]) -> NodeInfo | None:
        """Return where the value at ``path`` is, or None when the path does not exist."""
        found = self._node(path)
        if found is None:
            return None
        key, node = found
        style = (node.style or None) if isinstance(node, ScalarNode) else None
        return NodeInfo(
            key=_mark(key.start_mark) if key is not None else None,
            value=_mark(node.start_mark),
            end=_mark(node.end_mark),
            style=style,
        )

    def locate(self, path: tuple[str | int, ...]) -> Mark:
        """Return the mark of the value at ``path``, or of its nearest existing ancestor."""
        node = self._root
        for _key, node in self._walk(path):  # noqa: B007 - the last one walked is wanted
            pass
        return _mark(node.start_mark)

    def source(self, path: tuple[str | int, ...]) -> str | None:
        """Return the text of the scalar at ``path`` as written (without quotes), if any."""
        found = self._node(path)
        if found is None or not isinstance(found[1], ScalarNode):
            return None
        return str(found[1].value)

    @staticmethod
    def key_path(path: tuple[str | int, ...]) -> str:
        """Render a data path the way diagnostics show it: ``$.sections[0].when``."""
        parts = ["$"]
        for step in path:
            if type(step) is int:
                parts.append(f"[{step}]")
            elif isinstance(step, str) and _KEY_NAME.match(step):
                parts.append(f".{step}")
            else:
                escaped = str(step).replace("\\", "\\\\").replace('"', '\\"')
                parts.append(f'["{escaped}"]')
        return "".join(parts)


def _same_key(key: object, step: object) -> bool:
    # True == 1 in Python; a YAML key `1` must not match the path step `True`.
    return key == step and type(key) is type(step)


@dataclass(frozen=True)
class Document:
    """A YAML file read into plain data, with the positions of its values."""

    path: str
    text: str
    data: Any
    positions: Positions


# ---------------------------------------------------------------------------- scalars

_INT_DEC = re.compile(r"[-+]?[0-9]+\Z")
_INT_OCT = re.compile(r"0o[0-7]+\Z")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOATS = {
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".nan": float("nan"),
}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_NUMBER_START = frozenset("0123456789-+.")


def _plain_value(text: str) -> Any:
    """Type an untagged plain scalar by the YAML 1.2 core schema (so `yes` stays a string)."""
    if not text:
        return None
    first = text[0]
    if first in _NUMBER_START:
        try:
            if _INT_DEC.match(text):
                return int(text)
            if _FLOAT_RE.match(text):
                return float(text)
            if _INT_OCT.match(text):
                return int(text[2:], 8)
            if _INT_HEX.match(text):
                return int(text[2:], 16)
        except ValueError:  # more digits than Python converts: keep the text
            return text
        special = _SPECIAL_FLOATS.get(text.lower())
        return text if special is None else special
    if len(text) < 6:
        lowered = text.lower()
        if lowered == "true":
            return True
        if lowered == "false":
            return False
        if text in _NULLS:
            return None
    return text


def _scalar_value(node: ScalarNode) -> Any:
    """Return a scalar's value; a bad tag (reported while building) falls back to its text."""
    tag = node.tag
    if tag == _PLAIN:
        return _plain_value(node.value)
    if tag == _STR:
        return node.value
    try:
        return _tagged_scalar(node)
    except ValueError:
        return node.value


def _tagged_scalar(node: ScalarNode) -> Any:
    """Convert a scalar with an explicit safe tag; raise ValueError for anything else."""
    tag, text = node.tag, node.value
    if tag in (_STR, "!"):
        return text
    value = _plain_value(text)
    if tag == _NULL and value is None:
        return None
    if tag == _BOOL and isinstance(value, bool):
        return value
    if tag == _INT and type(value) is int:
        return value
    if tag == _FLOAT and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if tag in (_NULL, _BOOL, _INT, _FLOAT):
        kind = tag.rsplit(":", 1)[1]
        raise ValueError(f"`{text}` is not a valid `!!{kind}` value")
    raise ValueError(_bad_tag(tag))


def _bad_tag(tag: str) -> str:
    shown = "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
    return f"the tag `{shown}` is not allowed: write plain YAML values without tags"


# ------------------------------------------------------------------------------ parsing


class _Resolver(BaseResolver):
    """Tag nodes cheaply: plain scalars are typed later, in one pass, by _plain_value."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        if kind is SequenceNode:
            return _SEQ
        return _MAP


class _PyLoader(Reader, Scanner, Parser, Composer, _Resolver):
    """The pure-Python parser, used when PyYAML was built without libyaml."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Resolver.__init__(self)


_Loader: Any = _PyLoader
_C_LOADER = False
try:
    from yaml._yaml import CParser

    class _CLoader(CParser, _Resolver):
        """The libyaml parser with our resolver."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Resolver.__init__(self)

    _Loader = _CLoader
    _C_LOADER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    pass


class _Fatal(Exception):
    """Stops reading a file; carries the one diagnostic that explains why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _diag(
    display: str,
    mark: Mark,
    rule: str,
    message: str,
    *,
    hint: str | None = None,
    key_path: str = "$",
) -> Diagnostic:
    return Diagnostic(display, mark.line, mark.column, rule, message, hint=hint, key_path=key_path)


_PLAIN_WORDS: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        "a `:` where no key can start: quote text that holds `: `, or fix the indentation",
    ),
    (
        "could not find expected ':'",
        "a key without its `:`, or a line indented differently from its neighbours",
    ),
    ("did not find expected key", "this line is not indented like the keys around it"),
    (
        "did not find expected '-' indicator",
        "this line is not indented like the list items around it",
    ),
    ("expected <block end>", "this line is not indented like the lines around it"),
    ("',' or ']'", "a `[...]` list is not closed, or two of its items lack a `,` between them"),
    ("',' or '}'", "a `{...}` mapping is not closed, or two entries lack a `,` between them"),
    ("found undefined alias", "an alias `*name` with no anchor `&name` above it"),
    ("found duplicate anchor", "the same anchor `&name` is defined twice"),
    (
        "found unexpected end of stream",
        "the file ends inside a quoted string or an open bracket: close it",
    ),
    (
        "found unknown escape character",
        "an unknown backslash escape in a double-quoted string: write `\\\\` for a backslash "
        "or use single quotes",
    ),
    ("found unexpected ':'", "an unexpected `:`: quote the value"),
)

_ALIAS = re.compile(r"\*([^\s,\[\]{}]+)")

_CONTEXT_WORDS: dict[str, str] = {
    "while scanning a quoted scalar": "the quoted string",
    "while parsing a flow sequence": "the `[` list",
    "while parsing a flow mapping": "the `{` mapping",
    "while scanning a simple key": "the key",
    "while parsing a block mapping": "the mapping",
    "while parsing a block collection": "the list",
    "while scanning a block scalar": "the block text",
    "while scanning an anchor": "the anchor",
    "while scanning an alias": "the alias",
    "while scanning a tag": "the tag",
}


def _yaml_problem(error: yaml.MarkedYAMLError, text: str) -> tuple[str, str | None]:
    """Say in plain words what is wrong, and where the construct at fault starts."""
    problem = error.problem or error.context or "malformed YAML"
    words = f"the YAML cannot be parsed: {problem}"
    mark = error.problem_mark
    lines = text.split("\n") if mark is not None else []
    rest = lines[mark.line][mark.column :] if mark is not None and mark.line < len(lines) else ""
    alias = _ALIAS.match(rest)
    if "found undefined alias" in problem and alias:
        words = f"the alias `*{alias[1]}` has no anchor `&{alias[1]}` above it"
    elif "cannot start any token" in problem:
        char = rest[:1]
        if char == "\t":
            words = "a tab character here: YAML indents with spaces only"
        else:
            shown = "a backtick" if char == "`" else f"`{char}`" if char else "this character"
            words = f"{shown} cannot start a plain value: quote the value"
    else:
        for needle, plain in _PLAIN_WORDS:
            if needle in problem:
                words = plain
                break
    hint = None
    start, where = error.context_mark, _CONTEXT_WORDS.get(error.context or "")
    end = error.problem_mark
    moved = end is None or (
        start is not None and (start.line, start.column) != (end.line, end.column)
    )
    if start is not None and where and moved:
        hint = f"see {where} that starts at line {start.line + 1}, column {start.column + 1}"
    return words, hint


_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _line_col(text: str, index: int) -> Mark:
    line_start = text.rfind("\n", 0, index) + 1
    return Mark(text.count("\n", 0, index) + 1, index - line_start + 1)


def _may_nest_deeper_than(text: str, depth: int) -> bool:
    """Tell cheaply whether lists and mappings might nest deeper than ``depth``.

    Each level needs one of ``[{-:?``; a block level also needs one more column of
    indentation every two levels, a flow level a bracket.
    """
    if sum(text.count(c) for c in "[{-:?") <= depth:
        return False
    widest = max(map(len, text.splitlines()), default=0)
    return 2 * widest + 2 + text.count("[") + text.count("{") > depth


def _check_depth(text: str, display: str) -> None:
    """Refuse nesting so deep that libyaml's recursive composer would overflow the C stack."""
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Fatal(_too_deep(display, _mark(event.start_mark)))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # the composer reports syntax errors with their positions
    finally:
        loader.dispose()


def _too_deep(display: str, mark: Mark) -> Diagnostic:
    return _diag(
        display,
        mark,
        "yaml-syntax",
        f"lists and mappings are nested more than {MAX_DEPTH} levels deep here",
    )


def _compose(text: str, display: str) -> Node | None:
    if _C_LOADER and _may_nest_deeper_than(text, _C_DEPTH_CHECK_ABOVE):
        _check_depth(text, display)
    loader = _Loader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except yaml.MarkedYAMLError as error:
        mark = _mark(error.problem_mark) if error.problem_mark else Mark(1, 1)
        if error.problem and "maximum nesting depth" in error.problem:
            # libyaml from PyYAML 6.0.4 on stops at 1,000 levels while scanning ahead, before
            # _check_depth sees a single event: the same finding, at libyaml's position.
            raise _Fatal(_too_deep(display, mark)) from None
        if error.context == "expected a single document in the stream":
            raise _Fatal(
                _diag(
                    display,
                    mark,
                    "multiple-documents",
                    "a second YAML document starts here: keep one document per file",
                    hint="remove the `---` line, or split the file in two",
                )
            ) from None
        words, hint = _yaml_problem(error, text)
        raise _Fatal(_diag(display, mark, "yaml-syntax", words, hint=hint)) from None
    except yaml.YAMLError as error:  # a reader error: the text holds a character YAML forbids
        raise _Fatal(
            _diag(display, Mark(1, 1), "yaml-syntax", f"the YAML cannot be parsed: {error}")
        ) from None
    except RecursionError:
        raise _Fatal(_too_deep(display, Mark(1, 1))) from None
    finally:
        loader.dispose()


class _Builder:
    """Build plain Python data from composed nodes in one pass, guarding against abuse."""

    __slots__ = ("display", "root", "diagnostics", "visited", "active", "aliased", "expanded")

    def __init__(self, display: str, root: Node) -> None:
        self.display = display
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self.visited: set[int] = set()  # collections built once: meeting one again is an alias
        self.active: set[int] = set()  # collections being built: meeting one is recursion
        self.aliased = 0  # > 0 while building through an alias
        self.expanded = 0  # nodes built through aliases

    def build(self, node: Node, path: tuple[str | int, ...]) -> Any:
        if node.__class__ is ScalarNode:
            tag = node.tag
            if tag == _PLAIN:
                return _plain_value(node.value)
            if tag == _STR:
                return node.value
            try:
                return _tagged_scalar(node)
            except ValueError as error:
                self._error(node, path, "yaml-syntax", str(error))
                return node.value
        if node.tag not in (_MAP, _SEQ):
            self._error(node, path, "yaml-syntax", _bad_tag(node.tag))
        if len(path) >= MAX_DEPTH:
            raise _Fatal(_too_deep(self.display, _mark(node.start_mark)))
        ident = id(node)
        if ident in self.active:
            raise _Fatal(
                self._make(
                    node,
                    path,
                    "alias-limit",
                    "an alias refers to a list or mapping that contains it (a recursive alias)",
                )
            )
        through_alias = ident in self.visited
        if through_alias:
            self.aliased += 1
        else:
            self.visited.add(ident)
        if self.aliased:
            self.expanded += len(node.value)
            if self.expanded > ALIAS_NODE_LIMIT:
                raise _Fatal(self._alias_bomb(path))
        self.active.add(ident)
        try:
            if node.__class__ is MappingNode:
                return self._mapping(node, path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        finally:
            self.active.discard(ident)
            if through_alias:
                self.aliased -= 1

    def _alias_bomb(self, path: tuple[str | int, ...]) -> Diagnostic:
        """Point at the list or mapping that holds the first alias on ``path``."""
        positions = Positions(self.root)
        holder: tuple[str | int, ...] = ()
        start = -1
        for depth, (_key, node) in enumerate(positions._walk(path)):
            if node.start_mark.index < start:  # written before its parent: reached by alias
                break
            start = node.start_mark.index
            holder = path[:depth]
        return _diag(
            self.display,
            positions.locate(holder),
            "alias-limit",
            f"aliases here expand to more than {ALIAS_NODE_LIMIT:,} values "
            "(a 'billion laughs' file)",
            hint="repeat the text instead of nesting aliases",
            key_path=Positions.key_path(holder),
        )

    def _mapping(self, node: MappingNode, path: tuple[str | int, ...]) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                self._error(
                    key_node,
                    path,
                    "yaml-syntax",
                    "a key must be a plain value, not a list or a mapping",
                )
                continue
            key = self.build(key_node, path)
            if key in result:
                self._duplicate(node, key_node, key, path)
                continue
            result[key] = self.build(value_node, (*path, key))
        return result

    def _duplicate(
        self, node: MappingNode, key_node: Node, key: Any, path: tuple[str | int, ...]
    ) -> None:
        first = next(
            k
            for k, _v in node.value
            if isinstance(k, ScalarNode) and _same_key(_scalar_value(k), key)
        )
        self._error(
            key_node,
            (*path, key),
            "duplicate-key",
            f"duplicate key `{key}`: it is already set on line {first.start_mark.line + 1}",
            hint="YAML keeps only one of them; merge or rename the two entries",
        )

    def _make(
        self, node: Node, path: tuple[Any, ...], rule: str, message: str, **kw: Any
    ) -> Diagnostic:
        return _diag(
            self.display,
            _mark(node.start_mark),
            rule,
            message,
            key_path=Positions.key_path(path),
            **kw,
        )

    def _error(self, node: Node, path: tuple[Any, ...], rule: str, message: str, **kw: Any) -> None:
        diagnostic = self._make(node, path, rule, message, **kw)
        if all(d.sort_key() != diagnostic.sort_key() for d in self.diagnostics):
            self.diagnostics.append(diagnostic)  # once, even when an alias repeats the node


# ------------------------------------------------------------------------------ reading


def _read_bytes(path: Path, display: str, max_bytes: int) -> bytes:
    def fail(rule: str, message: str, hint: str | None = None) -> _Fatal:
        return _Fatal(_diag(display, Mark(1, 1), rule, message, hint=hint))

    too_large = f"the file is larger than the limit of {max_bytes:,} bytes"
    try:
        if path.stat().st_size > max_bytes:
            raise fail("file-too-large", too_large)
        if path.is_dir():
            raise fail("file-unreadable", "this is a folder, not a file")
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise fail("file-not-found", "no such file", "check the path and its spelling") from None
    except PermissionError:
        raise fail("file-unreadable", "permission denied: the file cannot be read") from None
    except IsADirectoryError:
        raise fail("file-unreadable", "this is a folder, not a file") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise fail("file-unreadable", f"the file cannot be read: {reason}") from None
    if len(data) > max_bytes:
        raise fail("file-too-large", too_large)
    return data


def _decode(data: bytes, display: str) -> str:
    nul = data.find(b"\0")
    if nul >= 0:
        line_start = data.rfind(b"\n", 0, nul) + 1
        prefix = data[line_start:nul].decode("utf-8", "replace")
        raise _Fatal(
            _diag(
                display,
                Mark(data.count(b"\n", 0, nul) + 1, len(prefix) + 1),
                "binary-file",
                "the file holds NUL bytes: it is binary, not YAML text",
                hint="if it is UTF-16 text, save it as UTF-8",
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8")) + 1
        raise _Fatal(
            _diag(
                display,
                Mark(data.count(b"\n", 0, error.start) + 1, column),
                "not-utf8",
                f"the byte 0x{data[error.start]:02x} here is not valid UTF-8",
                hint="save the file as UTF-8",
            )
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _parse(text: str, display: str) -> tuple[Document, list[Diagnostic]]:
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        raise _Fatal(
            _diag(
                display,
                _line_col(text, bad.start()),
                "yaml-syntax",
                f"the control character U+{ord(bad.group()):04X} is not allowed in YAML text",
                hint="delete it, or write it as an escape inside a double-quoted string",
            )
        )
    empty = _diag(display, Mark(1, 1), "empty-file", "the file holds no YAML document")
    if not text.strip():
        raise _Fatal(empty)
    root = _compose(text, display)
    if root is None or (isinstance(root, ScalarNode) and _scalar_value(root) is None):
        raise _Fatal(empty)
    if not isinstance(root, MappingNode):
        found = "a list" if isinstance(root, SequenceNode) else "a single value"
        raise _Fatal(
            _diag(
                display,
                Mark(1, 1),
                "wrong-type",
                f"the file must hold a mapping of keys to values, found {found}",
                hint="start with `format: 1` and the other top-level keys",
            )
        )
    builder = _Builder(display, root)
    try:
        data = builder.build(root, ())
    except RecursionError:
        raise _Fatal(_too_deep(display, _mark(root.start_mark))) from None
    return Document(display, text, data, Positions(root)), builder.diagnostics


def read_document(
    path: Path, display: str | None = None, *, max_bytes: int = 5 * 1024 * 1024
) -> tuple[Document | None, list[Diagnostic]]:
    """Read one YAML file into plain data with positions; never raises for bad input.

    Returns the document (None when the file cannot be used at all) and the findings.
    Duplicate keys and disallowed tags are reported but still yield a document, so that
    the schema can be checked too.
    """
    shown = str(path) if display is None else display
    try:
        text = _decode(_read_bytes(path, shown, max_bytes), shown)
        return _parse(text, shown)
    except _Fatal as fatal:
        return None, [fatal.diagnostic]


# ---------------------------------------------------------------------------- validating

_KEY_MARKER = "[key]"

#: pydantic error types that mean "the value has the wrong type", with what was expected.
_EXPECTED: dict[str, str] = {
    "string_type": "a string",
    "string_sub_type": "a string",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "decimal_type": "a number",
    "decimal_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dataclass_type": "a mapping",
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "frozen_set_type": "a list",
    "iterable_type": "a list",
    "none_required": "an empty value",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "datetime_type": "a date and time (ISO 8601)",
    "datetime_parsing": "a date and time (ISO 8601)",
    "datetime_from_date_parsing": "a date and time (ISO 8601)",
}

_PATTERN_WORDS: dict[str, str] = {
    r"^[a-z][a-z0-9_]*$": (
        "must be an id: lower-case letters, digits and underscores, starting with a letter"
    ),
    r"^[a-z0-9][a-z0-9_]*$": "must be lower-case letters, digits and underscores",
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$": "must be a language tag such as `en`, `ru` or `be`",
    r"^https?://\S+$": "must be an http:// or https:// address without spaces",
}

_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string `{shown}`"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "a value of another kind"


def _choices(expected: str) -> list[str]:
    """Turn pydantic's "'a', 'b' or 'c'" into ["a", "b", "c"]."""
    quoted = _QUOTED.findall(expected)
    if quoted:
        return quoted
    return [part.strip() for part in re.split(r",| or ", expected) if part.strip()]


@dataclass
class _Error:
    """One pydantic error with its loc mapped back onto the data."""

    path: tuple[Any, ...]
    on_key: bool  # the error is about the mapping key at `path`, not its value
    union_at: int | None  # len(path) where pydantic first named a union branch
    branch: tuple[str, ...]
    type: str
    message: str
    ctx: dict[str, Any]
    input: Any

    @property
    def is_type_error(self) -> bool:
        return self.type in _EXPECTED


def _map_loc(data: Any, error: Any) -> _Error:
    loc = tuple(error["loc"])
    keep_last = error["type"] in ("missing", "extra_forbidden")
    body, tail = (loc[:-1], loc[-1:]) if keep_last and loc else (loc, ())
    path: list[Any] = []
    branch: list[str] = []
    union_at: int | None = None
    on_key = False
    node = data
    for step in body:
        if step == _KEY_MARKER and isinstance(node, dict | str | int | float | bool):
            on_key = True
            continue
        if isinstance(node, dict) and step in node:
            path.append(step)
            node = node[step]
        elif isinstance(node, list) and type(step) is int and 0 <= step < len(node):
            path.append(step)
            node = node[step]
        else:  # a union branch (`str`, `dict[str,str]`, `function-after[...]`...)
            if union_at is None:
                union_at = len(path)
            branch.append(str(step))
    path.extend(tail)
    return _Error(
        path=tuple(path),
        on_key=on_key,
        union_at=union_at,
        branch=tuple(branch),
        type=error["type"],
        message=error["msg"],
        ctx=dict(error.get("ctx") or {}),
        input=error.get("input"),
    )


def _rank(errors: list[_Error], depth: int) -> int:
    """Tell how well a union branch fit: lower means the data was meant for this branch."""
    if any(len(e.path) > depth for e in errors):
        return 0
    if any(not e.is_type_error and e.type not in ("literal_error", "enum") for e in errors):
        return 1
    if any(not e.is_type_error for e in errors):
        return 2
    return 3


def _collapse(errors: list[_Error]) -> list[_Error]:
    """Keep one finding per union: the branch the data was evidently written for."""
    result: list[_Error] = []
    groups: dict[tuple[Any, ...], dict[tuple[str, ...], list[_Error]]] = {}
    for error in errors:
        if error.union_at is None:
            result.append(error)
        else:
            point = error.path[: error.union_at]
            groups.setdefault(point, {}).setdefault(error.branch[:1], []).append(error)
    for point, branches in groups.items():
        ranked = sorted(branches.values(), key=lambda errs: (_rank(errs, len(point)), len(errs)))
        best = ranked[0]
        rank = _rank(best, len(point))
        type_failed = [errs for errs in ranked if _rank(errs, len(point)) == 3]
        if rank == 3 or (rank == 2 and type_failed and not isinstance(best[0].input, str)):
            expected = [_EXPECTED[e.type] for errs in type_failed for e in errs if e.is_type_error]
            if rank == 2:
                expected += [
                    " or ".join(f"`{c}`" for c in _choices(e.ctx.get("expected", ""))) for e in best
                ]
            merged = type_failed[0][0]
            merged.ctx = {"expected_all": list(dict.fromkeys(expected))}
            result.append(merged)
        else:
            result.extend(best)
    return result


def _unwrap(tp: Any) -> list[Any]:
    """List the concrete types an annotation allows (through Annotated, unions, Optional)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin is typing.Union or origin is types.UnionType:
        return [t for arg in typing.get_args(tp) for t in _unwrap(arg)]
    return [tp]


def _model_at(model: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
    """Return the model class that describes the mapping at ``path``, if any."""
    current: list[Any] = [model]
    for step in path:
        following: list[Any] = []
        for tp in current:
            if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(step, str):
                for name, field in tp.model_fields.items():
                    if step in (name, field.alias):
                        following.extend(_unwrap(field.annotation))
            else:
                origin, args = typing.get_origin(tp), typing.get_args(tp)
                if origin is dict and len(args) == 2:
                    following.extend(_unwrap(args[1]))
                elif origin in (list, tuple, set, frozenset) and args and type(step) is int:
                    following.extend(_unwrap(args[0]))
        current = following
    for tp in current:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return tp
    return None


def _field_names(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [field.alias or name for name, field in model.model_fields.items()]


class _Mapper:
    """Turn mapped pydantic errors into diagnostics with positions and plain messages."""

    def __init__(self, model: type[BaseModel], doc: Document) -> None:
        self.model = model
        self.doc = doc

    def diagnostic(self, error: _Error) -> Diagnostic:
        path = error.path
        key_path = Positions.key_path(path)
        rule, message, hint, mark = self._explain(error)
        return _diag(self.doc.path, mark, rule, message, hint=hint, key_path=key_path)

    def _value_mark(self, path: tuple[Any, ...]) -> Mark:
        return self.doc.positions.locate(path)

    def _key_mark(self, path: tuple[Any, ...]) -> Mark:
        info = self.doc.positions.get(path)
        if info is not None and info.key is not None:
            return info.key
        return self.doc.positions.locate(path)

    def _explain(self, error: _Error) -> tuple[str, str, str | None, Mark]:
        path, kind = error.path, error.type
        if path == ("format",) and kind in ("missing", "literal_error"):
            mark = self._value_mark(path)
            if kind == "missing":
                return (
                    "format-version",
                    "this file has no `format:` key; add `format: 1`",
                    None,
                    mark,
                )
            wanted = " or ".join(_choices(error.ctx.get("expected", "1")))
            if isinstance(error.input, str) and error.input.strip() == wanted:
                return (
                    "format-version",
                    f"the format version must be a number, not the string `{error.input}`",
                    f"write `format: {wanted}` without quotes",
                    mark,
                )
            return (
                "format-version",
                f"unknown format version `{error.input}`: this hrdd reads `format: {wanted}`",
                "check the file was written for this version of hrdd",
                mark,
            )
        if kind == "extra_forbidden":
            return self._unknown_key(path)
        if kind == "missing":
            name = path[-1]
            parent = self.doc.positions.locate(path[:-1])
            hint = None
            owner = _model_at(self.model, path[:-1])
            if owner is not None:
                for field_name, field in owner.model_fields.items():
                    if name in (field_name, field.alias) and field.description:
                        hint = f"`{name}`: {field.description}"
            return "missing-key", f"missing required key `{name}`", hint, parent
        mark = self._key_mark(path) if error.on_key else self._value_mark(path)
        subject = f"the key `{path[-1]}`" if error.on_key and path else None
        if "expected_all" in error.ctx or error.is_type_error:
            expected = error.ctx.get("expected_all") or [_EXPECTED[kind]]
            return "wrong-type", self._wrong_type(error, " or ".join(expected), subject), None, mark
        message, hint = self._invalid(error)
        if subject:
            message = f"{subject} {message}"
        return "invalid-value", message, hint, mark

    def _unknown_key(self, path: tuple[Any, ...]) -> tuple[str, str, str | None, Mark]:
        name = path[-1]
        known = _field_names(_model_at(self.model, path[:-1]))
        guess = did_you_mean(str(name), known) if known else None
        if name == "<<":
            hint: str | None = "merge keys (`<<`) are not supported: write the keys out"
        elif guess:
            hint = f"did you mean `{guess}`?"
        elif known:
            hint = "allowed keys: " + ", ".join(known)
        else:
            hint = None
        return "unknown-key", f"unknown key `{name}`", hint, self._key_mark(path)

    def _wrong_type(self, error: _Error, expected: str, subject: str | None) -> str:
        found = _describe(error.input)
        message = f"expected {expected}, found {found}"
        if subject:
            message = f"{subject}: {message}"
        source = self.doc.positions.source(error.path)
        if (
            not error.on_key
            and expected.startswith("a string")
            and isinstance(error.input, bool | int | float)
            and source is not None
        ):
            where = f"{error.path[-1]}: " if error.path and isinstance(error.path[-1], str) else ""
            quoted = source.replace('"', '\\"')
            message += f': quote it, `{where}"{quoted}"`'
        return message

    def _invalid(self, error: _Error) -> tuple[str, str | None]:
        kind, ctx, value = error.type, error.ctx, error.input
        found = f" (found {_describe(value)})"
        if kind in ("enum", "literal_error"):
            choices = _choices(str(ctx.get("expected", "")))
            guess = did_you_mean(str(value), choices) if isinstance(value, str) else None
            hint = f"did you mean `{guess}`?" if guess else None
            return "must be one of: " + ", ".join(choices) + found, hint
        if kind == "string_pattern_mismatch":
            pattern = str(ctx.get("pattern", ""))
            words = _PATTERN_WORDS.get(pattern, f"must match the pattern `{pattern}`")
            return words + found, None
        if kind in ("too_short", "string_too_short"):
            least = ctx.get("min_length", 1)
            if kind == "string_too_short":
                text = "must not be empty" if least == 1 else f"must be at least {least} characters"
                return text, None
            unit = "item" if least == 1 else "items"
            return f"must have at least {least} {unit}", None
        if kind in ("too_long", "string_too_long"):
            most = ctx.get("max_length")
            unit = "characters" if kind == "string_too_long" else "items"
            return f"must be at most {most} {unit}" + found, None
        bounds = {
            "greater_than_equal": ("at least", "ge"),
            "less_than_equal": ("at most", "le"),
            "greater_than": ("greater than", "gt"),
            "less_than": ("less than", "lt"),
        }
        if kind in bounds:
            words, key = bounds[kind]
            return f"must be {words} {ctx.get(key)}" + found, None
        message = error.message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        return message[:1].lower() + message[1:], None


def validate_model(model: type[M], doc: Document) -> tuple[M | None, list[Diagnostic]]:
    """Validate a document against a format model; map every error back to its position.

    Returns the model instance (None when invalid) and all findings, sorted by position.
    """
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        raw = exc.errors(include_url=False)
    mapper = _Mapper(model, doc)
    errors = _collapse([_map_loc(doc.data, e) for e in raw])
    found = {mapper.diagnostic(e) for e in errors}
    return None, sorted(found, key=Diagnostic.sort_key)


def load_questionnaire(
    path: Path, display: str | None = None
) -> tuple[Questionnaire | None, Document | None, list[Diagnostic]]:
    """Read and schema-check a questionnaire; the semantic checks live in hrdd.checks."""
    doc, diagnostics = read_document(path, display)
    if doc is None:
        return None, None, diagnostics
    questionnaire, found = validate_model(Questionnaire, doc)
    if diagnostics:
        questionnaire = None
    return questionnaire, doc, sorted([*diagnostics, *found], key=Diagnostic.sort_key)


def format_diagnostic(diagnostic: Diagnostic) -> str:
    """Render one finding on one line: ``path:line:col: rule-id message (hint)``."""
    hint = f" ({diagnostic.hint})" if diagnostic.hint else ""
    return (
        f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.rule} {diagnostic.message}{hint}"
    )


def load_model_or_raise(model: type[M], path: Path) -> tuple[M, Document]:
    """Read and validate a file for a command that cannot go on without it.

    Raises InputError listing every finding, one per line, when the file is unusable.
    """
    doc, diagnostics = read_document(path)
    instance: M | None = None
    if doc is not None:
        instance, found = validate_model(model, doc)
        diagnostics = sorted([*diagnostics, *found], key=Diagnostic.sort_key)
    if doc is None or instance is None or diagnostics:
        lines = [format_diagnostic(d) for d in diagnostics]
        raise InputError("\n".join(lines))
    return instance, doc
