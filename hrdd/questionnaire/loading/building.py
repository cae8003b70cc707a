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

#: Characters of text (keys and values, each time an alias repeats them) a file may expand to.
#: A file without aliases holds at most as many as its size; with them, no more than a file
#: of the largest size accepted could hold.
TEXT_LIMIT = 5 * 1024 * 1024


class Builder:
    """Build plain Python data from composed nodes in one pass, guarding against abuse."""

    __slots__ = (
        "display",
        "root",
        "diagnostics",
        "visited",
        "active",
        "aliased",
        "expanded",
        "characters",
        "text_limit",
    )

    def __init__(self, display: str, root: Node, *, text_limit: int = TEXT_LIMIT) -> None:
        self.display = display
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self.visited: set[int] = set()  # collections built once: meeting one again is an alias
        self.active: set[int] = set()  # collections being built: meeting one is recursion
        self.aliased = 0  # > 0 while building through an alias
        self.expanded = 0  # nodes built through aliases
        # Characters of every scalar built, each time it is built: an alias to a long text
        # repeats all of it in what is rendered from the data, though not in memory here.
        self.characters = 0
        self.text_limit = text_limit

    def build(self, node: Node, path: tuple[str | int, ...]) -> Any:
        """Return the data of ``node``, found at ``path``; note what is wrong on the way."""
        if node.__class__ is ScalarNode:
            self.characters += len(node.value)
            if self.characters > self.text_limit:
                raise Fatal(self._text_bomb(path))
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
        """Say that aliases expand to too many values, at the first alias on ``path``."""
        return self._alias_finding(
            path,
            f"aliases here expand to more than {ALIAS_NODE_LIMIT:,} values "
            "(a 'billion laughs' file)",
        )

    def _text_bomb(self, path: tuple[str | int, ...]) -> Diagnostic:
        """Say that aliases repeat too much text, at the first alias on ``path``."""
        return self._alias_finding(
            path,
            f"aliases here expand the file to more than {self.text_limit:,} characters of "
            "text (an alias repeats all of the text it names)",
            "refer to a long text once, and keep the notes and evidence it repeats short",
        )

    def _alias_finding(
        self, path: tuple[str | int, ...], message: str, hint: str | None = None
    ) -> Diagnostic:
        """Point at the list or mapping that holds the first alias on ``path``."""
        positions = Positions(self.root)
        holder: tuple[str | int, ...] = ()
        held: Node = self.root
        start = -1
        for depth, (_key, node) in enumerate(positions.walk(path)):
            if node.start_mark.index < start:  # written before its parent: reached by alias
                break
            start = node.start_mark.index
            holder, held = path[:depth], node
        if holder and held.__class__ is ScalarNode:
            # A text's own mark is where its anchor is; the alias sits in the collection.
            holder = holder[:-1]
        return diag(
            self.display,
            positions.locate(holder),
            "alias-limit",
            message,
            hint=hint or "repeat the text instead of nesting aliases",
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
            if tag == PLAIN_TAG or tag == STR_TAG:
                text = key_node.value
                self.characters += len(text)
                if self.characters > self.text_limit:
                    raise Fatal(self._text_bomb(path))
                key = plain_value(text) if tag == PLAIN_TAG else text
            else:
                key = self.build(key_node, path)
            if key in result:
                self._duplicate(node, key_node, key, path)
                continue
            if value_node.__class__ is ScalarNode:
                tag = value_node.tag
                if tag == PLAIN_TAG or tag == STR_TAG:
                    text = value_node.value
                    self.characters += len(text)
                    if self.characters > self.text_limit:
                        raise Fatal(self._text_bomb((*path, key)))
                    result[key] = plain_value(text) if tag == PLAIN_TAG else text
                    continue
            result[key] = self.build(value_node, (*path, key))
        return result

    def _duplicate(
        self, node: MappingNode, key_node: Node, key: Any, path: tuple[str | int, ...]
    ) -> None:
        # The key already in the mapping: equal as a mapping key, which `1`, `1.0` and `true`
        # all are, though YAML writes them differently.
        first = next(
            k
            for k, _v in node.value
            if k is not key_node and isinstance(k, ScalarNode) and scalar_value(k) == key
        )
        line = first.start_mark.line + 1
        if same_key(scalar_value(first), key):
            message = f"duplicate key `{key}`: it is already set on line {line}"
            hint = "YAML keeps only one of them; merge or rename the two entries"
        else:
            message = f"the key `{key_node.value}` is the same as `{first.value}` on line {line}"
            hint = "as keys, 1, 1.0 and true are one value; quote them to keep them apart"
        self._error(key_node, (*path, key), "duplicate-key", message, hint=hint)

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
