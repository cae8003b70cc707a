"""Compose YAML text into a node tree with libyaml (or pure Python); syntax errors in words."""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from hrdd.diagnostics import Diagnostic
from hrdd.questionnaire.loading.positions import Mark, diag, to_mark
from hrdd.questionnaire.loading.scalars import MAP_TAG, PLAIN_TAG, SEQ_TAG, STR_TAG

#: Deepest nesting of lists and mappings accepted; real files stay under a dozen levels.
MAX_DEPTH = 200
# libyaml's composer recurses in C and overflows the C stack (a crash, not an exception) at
# some ten thousand levels, fewer in threads with small stacks: files that might nest deeper
# than this are measured with the event parser first.
_C_DEPTH_CHECK_ABOVE = 1_000


class _Resolver(BaseResolver):
    """Tag nodes cheaply: plain scalars are typed later, in one pass, by plain_value."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return PLAIN_TAG if implicit[0] else STR_TAG
        if kind is SequenceNode:
            return SEQ_TAG
        return MAP_TAG

    # Path resolvers are not used, yet the composer calls these two for every node: C
    # callables that ignore their arguments cost a fraction of the base class's methods.
    descend_resolver = staticmethod(slice)  # type: ignore[assignment]
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]


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


class Fatal(Exception):
    """Stops reading a file; carries the one diagnostic that explains why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


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
                    raise Fatal(too_deep(display, to_mark(event.start_mark)))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # the composer reports syntax errors with their positions
    finally:
        loader.dispose()


def too_deep(display: str, mark: Mark) -> Diagnostic:
    """Return the finding for lists and mappings nested deeper than MAX_DEPTH."""
    return diag(
        display,
        mark,
        "yaml-syntax",
        f"lists and mappings are nested more than {MAX_DEPTH} levels deep here",
    )


def compose(text: str, display: str) -> Node | None:
    """Compose the single document of ``text``; raise Fatal with a plain-words finding."""
    if _C_LOADER and _may_nest_deeper_than(text, _C_DEPTH_CHECK_ABOVE):
        _check_depth(text, display)
    loader = _Loader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except yaml.MarkedYAMLError as error:
        mark = to_mark(error.problem_mark) if error.problem_mark else Mark(1, 1)
        if error.problem and "maximum nesting depth" in error.problem:
            # libyaml from PyYAML 6.0.4 on stops at 1,000 levels while scanning ahead, before
            # _check_depth sees a single event: the same finding, at libyaml's position.
            raise Fatal(too_deep(display, mark)) from None
        if error.context == "expected a single document in the stream":
            raise Fatal(
                diag(
                    display,
                    mark,
                    "multiple-documents",
                    "a second YAML document starts here: keep one document per file",
                    hint="remove the `---` line, or split the file in two",
                )
            ) from None
        words, hint = _yaml_problem(error, text)
        raise Fatal(diag(display, mark, "yaml-syntax", words, hint=hint)) from None
    except yaml.YAMLError as error:  # a reader error: the text holds a character YAML forbids
        raise Fatal(
            diag(display, Mark(1, 1), "yaml-syntax", f"the YAML cannot be parsed: {error}")
        ) from None
    except RecursionError:
        raise Fatal(too_deep(display, Mark(1, 1))) from None
    finally:
        loader.dispose()
