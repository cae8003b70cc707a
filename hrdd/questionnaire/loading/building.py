"""Build plain Python data from a composed node tree, refusing alias bombs and recursion."""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from hrdd.diagnostics import Diagnostic
from hrdd.questionnaire.loading.compose import MAX_DEPTH, Fatal, too_deep
from hrdd.questionnaire.loading.positions import Positions, diag, same_key, to_mark
from hrdd.questionnaire.loading.scalars import (
    MAP_TAG,
    PLAIN_TAG,
    SEQ_TAG,
    STR_TAG,
    bad_tag_message,
    plain_value,
    scalar_value,
    tagged_scalar,
)

#: Nodes that may be built through aliases before the file counts as an alias bomb.
ALIAS_NODE_LIMIT = 100_000


class Builder:
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
        """Return the data of ``node``, found at ``path``; note what is wrong on the way."""
        if node.__class__ is ScalarNode:
            tag = node.tag
            if tag == PLAIN_TAG:
                return plain_value(node.value)
            if tag == STR_TAG:
                return node.value
            try:
                return tagged_scalar(node)
            except ValueError as error:
                self._error(node, path, "yaml-syntax", str(error))
                return node.value
        if node.tag not in (MAP_TAG, SEQ_TAG):
            self._error(node, path, "yaml-syntax", bad_tag_message(node.tag))
        if len(path) >= MAX_DEPTH:
            raise Fatal(too_deep(self.display, to_mark(node.start_mark)))
        ident = id(node)
        if ident in self.active:
            raise Fatal(
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
                raise Fatal(self._alias_bomb(path))
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
        for depth, (_key, node) in enumerate(positions.walk(path)):
            if node.start_mark.index < start:  # written before its parent: reached by alias
                break
            start = node.start_mark.index
            holder = path[:depth]
        return diag(
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
            # Untagged scalars, nearly every key and value, are typed here without a call to
            # build() and without making their path, which only a finding would need.
            tag = key_node.tag
            if tag == PLAIN_TAG:
                key = plain_value(key_node.value)
            elif tag == STR_TAG:
                key = key_node.value
            else:
                key = self.build(key_node, path)
            if key in result:
                self._duplicate(node, key_node, key, path)
                continue
            if value_node.__class__ is ScalarNode:
                tag = value_node.tag
                if tag == PLAIN_TAG:
                    result[key] = plain_value(value_node.value)
                    continue
                if tag == STR_TAG:
                    result[key] = value_node.value
                    continue
            result[key] = self.build(value_node, (*path, key))
        return result

    def _duplicate(
        self, node: MappingNode, key_node: Node, key: Any, path: tuple[str | int, ...]
    ) -> None:
        first = next(
            k
            for k, _v in node.value
            if isinstance(k, ScalarNode) and same_key(scalar_value(k), key)
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
        return diag(
            self.display,
            to_mark(node.start_mark),
            rule,
            message,
            key_path=Positions.key_path(path),
            **kw,
        )

    def _error(self, node: Node, path: tuple[Any, ...], rule: str, message: str, **kw: Any) -> None:
        diagnostic = self._make(node, path, rule, message, **kw)
        if all(d.sort_key() != diagnostic.sort_key() for d in self.diagnostics):
            self.diagnostics.append(diagnostic)  # once, even when an alias repeats the node
