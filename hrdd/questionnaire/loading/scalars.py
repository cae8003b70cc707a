"""Type YAML scalars by the YAML 1.2 core schema, so that `yes` and `no` stay strings."""

from __future__ import annotations

import re
from typing import Any

from yaml.nodes import ScalarNode

PLAIN_TAG = "tag:hrdd,2024:plain"  # an untagged plain scalar: typed by plain_value below
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


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


# Keys and option values repeat in every file: their typed values are kept, up to a bound.
_KNOWN: dict[str, Any] = {}
_KNOWN_LIMIT = 4_096
_KNOWN_LENGTH = 40


def plain_value(text: str) -> Any:
    """Type an untagged plain scalar by the YAML 1.2 core schema (so `yes` stays a string)."""
    value = _KNOWN.get(text, _KNOWN)
    if value is not _KNOWN:
        return value
    value = _type_plain(text)
    if len(_KNOWN) < _KNOWN_LIMIT and len(text) <= _KNOWN_LENGTH:
        _KNOWN[text] = value
    return value


def _type_plain(text: str) -> Any:
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


def scalar_value(node: ScalarNode) -> Any:
    """Return a scalar's value; a bad tag (reported while building) falls back to its text."""
    try:
        return tagged_scalar(node)
    except ValueError:
        return node.value


def tagged_scalar(node: ScalarNode) -> Any:
    """Return a scalar's value, typed by its tag; raise ValueError for a tag not allowed."""
    tag, text = node.tag, node.value
    if tag == PLAIN_TAG:
        return plain_value(text)
    if tag in (STR_TAG, "!"):
        return text
    value = plain_value(text)
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
    raise ValueError(bad_tag_message(tag))


def bad_tag_message(tag: str) -> str:
    """Say that a tag is not allowed, showing it the way it was likely written."""
    shown = "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
    return f"the tag `{shown}` is not allowed: write plain YAML values without tags"
