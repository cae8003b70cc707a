"""Make text from answers and questionnaires inert in Markdown: no links, tags or structure."""

from __future__ import annotations

import re

# Characters that start or end inline Markdown or GitHub extensions: emphasis, code, links,
# images, raw HTML, entities, strikethrough, table cells. Every one is ASCII punctuation, which
# CommonMark lets a backslash escape anywhere, so the reader sees the character itself.
# Parentheses stay as they are: with `[` and `]` escaped no link can form around them, and
# prose full of `\(` would be hard to read in the Markdown source.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")

# What turns the start of a line into structure: headings, block quotes, lists, thematic
# breaks, setext underlines, fenced code, ordered-list markers such as `12.` or `3)`.
_LEADING = re.compile(r"^(\s*)([#>+=\-*_]|\d{1,9}[.)](?=\s|$))")

_NEWLINES = re.compile(r"\s*(?:\r\n|\r|\n)\s*")

# What GitHub's renderer turns into a link without any markup (its "autolink" extension): a
# scheme and its colon (https:, ftp:, mailto:), `www.`, and the `@` of an e-mail address.
# A backslash before the colon, the dot or the `@` shows the same text and forms no link.
_BARE_LINK = re.compile(r"(?i)(?<![a-z0-9])(https?|ftp|mailto|xmpp)(:)|(?<![a-z0-9])(www)(\.)|(@)")


def escape_inline(text: str) -> str:
    """Return ``text`` as inline Markdown that shows exactly these characters.

    Line breaks become spaces, so the result is safe inside a table cell, a heading or a list
    item: it cannot end the cell, start a block, open a link or embed HTML.
    """
    flat = _NEWLINES.sub(" ", text).strip()
    # Tabs and other control characters could indent code blocks or confuse terminals.
    flat = "".join(ch if ch.isprintable() else " " for ch in flat)
    escaped = _BARE_LINK.sub(_break_link, _INLINE.sub(r"\\\1", flat))
    return _LEADING.sub(_escape_marker, escaped)


def _break_link(match: re.Match[str]) -> str:
    scheme, colon, www, dot, at = match.groups()
    if scheme:
        return f"{scheme}\\{colon}"
    if www:
        return f"{www}\\{dot}"
    return f"\\{at}"


def _escape_marker(match: re.Match[str]) -> str:
    space, marker = match.group(1), match.group(2)
    if marker[0].isdigit():
        return f"{space}{marker[:-1]}\\{marker[-1]}"
    return f"{space}\\{marker}"


def escape_url(url: str) -> str:
    """Return ``url`` percent-encoded where Markdown or HTML could read structure into it."""
    replacements = {
        " ": "%20",
        "<": "%3C",
        ">": "%3E",
        "(": "%28",
        ")": "%29",
        "[": "%5B",
        "]": "%5D",
        "|": "%7C",
        "`": "%60",
        '"': "%22",
        "'": "%27",
        "\\": "%5C",
    }
    return "".join(replacements.get(ch, ch) for ch in url if ch.isprintable())
