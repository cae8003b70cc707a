r"""Text from files made safe to show: control characters become visible escapes.

A questionnaire or answers file may hold any character through YAML escapes (``"\e[2J"``):
printed raw, an escape sequence would drive the terminal (clear it, retitle the window,
hide a finding), a carriage return would overwrite a line, and a bidirectional override
would show a different text from the one stored. Wherever text from a file is shown, it
goes through :func:`printable`.
"""

from __future__ import annotations

import re

# C0 and C1 control characters and DEL; line and paragraph separators (they break lines in
# some terminals); bidirectional embeddings, overrides and isolates.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\t\n{_CONTROL}]")
_UNSAFE_KEEP_NEWLINES = re.compile(f"[\t{_CONTROL}]")
# What JSON may carry raw but a terminal must not see: C1, DEL, separators, bidi controls
# (JSON itself escapes the C0 characters).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = False) -> str:
    r"""Return ``text`` with every control character written as an escape (``\x1b``).

    With ``newlines``, line feeds stay (for messages and layouts that span lines); tabs and
    carriage returns are escaped either way.
    """
    pattern = _UNSAFE_KEEP_NEWLINES if newlines else _UNSAFE
    return pattern.sub(_escape, text)


def json_safe(text: str) -> str:
    r"""Return JSON text with the characters a terminal must not see raw escaped (``\uXXXX``).

    They can only stand inside JSON strings, where ``\uXXXX`` means the same character: the
    data read back is unchanged.
    """
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def clip(text: str, width: int) -> str:
    """Return ``text`` cut to ``width`` characters, ending in ``...`` when it was longer."""
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."
