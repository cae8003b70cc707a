"""Read one YAML file into a Document: size limit, decoding, parsing and building."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from hrdd.atomic import file_kind, os_reason
from hrdd.diagnostics import Diagnostic
from hrdd.questionnaire.loading.building import Builder
from hrdd.questionnaire.loading.compose import Fatal, compose, too_deep
from hrdd.questionnaire.loading.positions import Document, Mark, Positions, diag, to_mark
from hrdd.questionnaire.loading.scalars import scalar_value

MAX_BYTES = 5 * 1024 * 1024
"""The largest file hrdd reads."""

_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _line_col(text: str, index: int) -> Mark:
    line_start = text.rfind("\n", 0, index) + 1
    return Mark(text.count("\n", 0, index) + 1, index - line_start + 1)


def read_bytes(path: Path, display: str, max_bytes: int = MAX_BYTES) -> bytes:
    """Return the bytes of a regular file of at most ``max_bytes``; raise Fatal otherwise.

    Only regular files are read: a FIFO is refused at once (opened without blocking, so that
    one nothing writes into cannot make hrdd wait forever), and so are folders, devices and
    sockets.
    """

    def fail(rule: str, message: str, hint: str | None = None) -> Fatal:
        return Fatal(diag(display, Mark(1, 1), rule, message, hint=hint))

    too_large = f"the file is larger than the limit of {max_bytes:,} bytes"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise fail("file-not-found", "no such file", "check the path and its spelling") from None
    except PermissionError:
        if path.is_dir():
            raise fail(
                "file-unreadable",
                "permission denied: the folder cannot be listed, so the files in it were not "
                "checked",
            ) from None
        raise fail("file-unreadable", "permission denied: the file cannot be read") from None
    except OSError as error:
        raise fail("file-unreadable", f"the file cannot be read: {os_reason(error)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise fail("file-unreadable", "this is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise fail(
                "file-unreadable",
                f"this is {file_kind(info.st_mode)}, not a regular file",
                "hrdd reads questionnaires and answers from regular files only; save it to "
                "a file first",
            )
        if info.st_size > max_bytes:
            raise fail("file-too-large", too_large)
        with os.fdopen(fd, "rb", closefd=False) as stream:
            # Asking for the limit at once would allocate that much for every small file;
            # one byte past the size tells a file that grew, or one that shows no size
            # (such as those under /proc).
            data = stream.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += stream.read(max_bytes + 1 - len(data))
    except OSError as error:
        raise fail("file-unreadable", f"the file cannot be read: {os_reason(error)}") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise fail("file-too-large", too_large)
    return data


def _decode(data: bytes, display: str) -> str:
    nul = data.find(b"\0")
    if nul >= 0:
        line_start = data.rfind(b"\n", 0, nul) + 1
        prefix = data[line_start:nul].decode("utf-8", "replace")
        raise Fatal(
            diag(
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
        raise Fatal(
            diag(
                display,
                Mark(data.count(b"\n", 0, error.start) + 1, column),
                "not-utf8",
                f"the byte 0x{data[error.start]:02x} here is not valid UTF-8",
                hint="save the file as UTF-8",
            )
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _parse(
    text: str, display: str, text_limit: int, raw: bytes
) -> tuple[Document, list[Diagnostic]]:
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        raise Fatal(
            diag(
                display,
                _line_col(text, bad.start()),
                "yaml-syntax",
                f"the control character U+{ord(bad.group()):04X} is not allowed in YAML text",
                hint="delete it, or write it as an escape inside a double-quoted string",
            )
        )
    empty = diag(display, Mark(1, 1), "empty-file", "the file holds no YAML document")
    if not text.strip():
        raise Fatal(empty)
    root = compose(text, display)
    if root is None or (isinstance(root, ScalarNode) and scalar_value(root) is None):
        raise Fatal(empty)
    if not isinstance(root, MappingNode):
        found = "a list" if isinstance(root, SequenceNode) else "a single value"
        raise Fatal(
            diag(
                display,
                Mark(1, 1),
                "wrong-type",
                f"the file must hold a mapping of keys to values, found {found}",
                hint="start with `format:` and the other top-level keys",
            )
        )
    builder = Builder(display, root, text_limit=text_limit)
    try:
        data = builder.build(root, ())
    except RecursionError:
        raise Fatal(too_deep(display, to_mark(root.start_mark))) from None
    return Document(display, text, data, Positions(root), raw), builder.diagnostics


def read_document(
    path: Path, display: str | None = None, *, max_bytes: int = MAX_BYTES
) -> tuple[Document | None, list[Diagnostic]]:
    """Read one YAML file into plain data with positions; never raises for bad input.

    Returns the document (None when the file cannot be used at all) and the findings.
    Aliases may not expand the text of the file past ``max_bytes`` characters either.
    Duplicate keys and disallowed tags are reported but still yield a document, so that
    the schema can be checked too.
    """
    shown = str(path) if display is None else display
    try:
        raw = read_bytes(path, shown, max_bytes)
        return _parse(_decode(raw, shown), shown, max_bytes, raw)
    except Fatal as fatal:
        return None, [fatal.diagnostic]
