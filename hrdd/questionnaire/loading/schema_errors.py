"""Map pydantic validation errors back to file positions, in plain words with fixes."""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from hrdd.diagnostics import Diagnostic
from hrdd.questionnaire.loading.positions import Document, Mark, Positions, diag
from hrdd.questionnaire.model import shown_number
from hrdd.safe_text import clip
from hrdd.suggest import did_you_mean_hint

M = TypeVar("M", bound=BaseModel)


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
        return f"the number {shown_number(value)}"
    if isinstance(value, str):
        return f"the string `{clip(value, 40)}`"
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


def _format_of(model: type[BaseModel]) -> str:
    """Return the format version ``model`` reads, from its `format: Literal[...]` field."""
    field = model.model_fields.get("format")
    versions = typing.get_args(field.annotation) if field is not None else ()
    return " or ".join(str(v) for v in versions) or "1"


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
        return diag(self.doc.path, mark, rule, message, hint=hint, key_path=key_path)

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
                    f"this file has no `format:` key; add `format: {_format_of(self.model)}`",
                    None,
                    mark,
                )
            wanted = " or ".join(_choices(error.ctx.get("expected", _format_of(self.model))))
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
        guess = did_you_mean_hint(str(name), known) if known else None
        if name == "<<":
            hint: str | None = "merge keys (`<<`) are not supported: write the keys out"
        elif guess:
            hint = guess
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
            hint = did_you_mean_hint(str(value), choices) if isinstance(value, str) else None
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
