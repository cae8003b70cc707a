"""Checks of sources: a source's `url` is the publisher's page, never a document mirror."""

from __future__ import annotations

from urllib.parse import urlsplit

from hrdd.questionnaire.checks.context import Context

DOCUMENT_MIRRORS: frozenset[str] = frozenset(
    {
        "9pdf.net",
        "cupdf.com",
        "docplayer.net",
        "docsbay.net",
        "docslib.org",
        "docslides.com",
        "documents.pub",
        "dokumen.tips",
        "fdocuments.in",
        "fdocuments.net",
        "financedocbox.com",
        "kipdf.com",
        "lawsdocbox.com",
        "pdf4pro.com",
        "pdfslide.net",
        "pdfslide.us",
        "readkong.com",
        "scribd.com",
        "silo.tips",
        "slideshare.net",
        "studfile.net",
        "studylib.net",
        "vdocuments.mx",
        "vdocuments.net",
        "vdocuments.site",
    }
)
"""Sites that host copies of other people's documents. A copy may be where a text was read
(`read_at`), never what a questionnaire cites: it can change, vanish or differ from the
original, and it tells a reader nothing about who published the text. Subdomains count
(`pt.slideshare.net`, `ru.scribd.com`)."""


def mirror_of(url: str) -> str | None:
    """Return the mirror domain that ``url`` is on, or None when it is on none of them."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    labels = host.split(".")
    for start in range(len(labels) - 1):
        domain = ".".join(labels[start:])
        if domain in DOCUMENT_MIRRORS:
            return domain
    return None


def check_sources(ctx: Context) -> None:
    """Report sources whose canonical `url` is a copy on a document-sharing mirror."""
    for i, source in enumerate(ctx.q.sources):
        if source.url is None:
            continue
        mirror = mirror_of(source.url)
        if mirror is None:
            continue
        ctx.report(
            ("sources", i, "url"),
            "source-on-mirror",
            f"the source `{source.id}` links to {mirror}, a document-sharing mirror, "
            "not to its publisher",
            "cite the publisher's own page in `url` or the document symbol in `reference`, "
            "and keep the copy you read under `read_at`",
        )
