"""Where values sit in a YAML file: marks, and look-ups in the kept node tree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hrdd.diagnostics import RULES, Diagnostic, FindingLevel
from hrdd.questionnaire.loading.scalars import scalar_value


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


def diag(
    display: str,
    mark: Mark,
    rule: str,
    message: str,
    *,
    hint: str | None = None,
    key_path: str = "$",
    severity: FindingLevel | None = None,
) -> Diagnostic:
    """Return a finding at ``mark`` in the file shown as ``display``: the one builder.

    The severity is the rule's own unless ``severity`` says otherwise. Findings about a
    loaded file are made through `Document.finding`, which finds the mark of a data path.
    """
    return Diagnostic(
        display,
        mark.line,
        mark.column,
        rule,
        message,
        severity=severity or RULES[rule].severity,
        hint=hint,
        key_path=key_path,
    )


def to_mark(yaml_mark: Any) -> Mark:
    """Convert a 0-based PyYAML mark to a 1-based Mark."""
    return Mark(yaml_mark.line + 1, yaml_mark.column + 1)


_KEY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


class Positions:
    """Looks up where a data path sits in the file, walking the kept node tree on demand."""

    __slots__ = ("_root",)

    def __init__(self, root: Node) -> None:
        self._root = root

    def walk(self, path: tuple[str | int, ...]) -> Iterator[tuple[Node | None, Node]]:
        """Yield (key node, value node) from the root down as far as ``path`` exists."""
        key: Node | None = None
        node: Node = self._root
        yield key, node
        for step in path:
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    if isinstance(k, ScalarNode) and same_key(scalar_value(k), step):
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
        for depth, pair in enumerate(self.walk(path)):
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
            key=to_mark(key.start_mark) if key is not None else None,
            value=to_mark(node.start_mark),
            end=to_mark(node.end_mark),
            style=style,
        )

    def locate(self, path: tuple[str | int, ...]) -> Mark:
        """Return the mark of the value at ``path``, or of its nearest existing ancestor."""
        node = self._root
        for _key, node in self.walk(path):  # noqa: B007 - the last one walked is wanted
            pass
        return to_mark(node.start_mark)

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


def same_key(key: object, step: object) -> bool:
    """Tell whether a mapping key is the path step ``step``, type included."""
    # True == 1 in Python; a YAML key `1` must not match the path step `True`.
    return key == step and type(key) is type(step)


@dataclass(frozen=True)
class Document:
    """A YAML file read into plain data, with the positions of its values."""

    path: str
    text: str
    data: Any
    positions: Positions
    raw: bytes = field(default=b"", repr=False)
    """The bytes read, once: what a hash of the file is taken of (a pipe cannot be reread)."""

    def finding(
        self,
        path: tuple[str | int, ...],
        rule: str,
        message: str,
        *,
        severity: FindingLevel | None = None,
        hint: str | None = None,
        at_key: bool = False,
        mark: Mark | None = None,
    ) -> Diagnostic:
        """Return a finding at the value of data path ``path`` in this file.

        With ``at_key`` it sits at the path's key (at its value when it has none); ``mark``
        places it elsewhere (inside a condition's text, say) while the key path still names
        ``path``. The severity is the rule's own unless ``severity`` says otherwise.
        """
        if mark is None:
            info = self.positions.get(path) if at_key else None
            key = info.key if info is not None else None
            mark = key if key is not None else self.positions.locate(path)
        return diag(
            self.path,
            mark,
            rule,
            message,
            hint=hint,
            key_path=self.positions.key_path(path),
            severity=severity,
        )
