"""Rich-text sanitizing for content saved by editors (nh3 / ammonia, an explicit allowlist).

Anything not listed is removed: scripts, event handlers, style attributes, frames, objects,
forms, and any URL whose scheme is not http, https or mailto (so javascript:, vbscript:, data:
are dropped, entity-encoded or not — ammonia decodes before checking). Relative URLs (the
platform's own /api/files/... links) stay.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "strong", "b", "em", "i", "u", "s", "sub", "sup",
        "blockquote", "pre", "code", "ul", "ol", "li", "a", "img", "figure", "figcaption",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "span", "div",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# tags whose content goes too (not only the tag): a script's text must not survive as text
CLEAN_CONTENT_TAGS = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template", "textarea"})


def rich_text_clean(value: str) -> str:
    """The HTML an editor typed, reduced to the allowlist."""
    return nh3.clean(
        value or "",
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
    )


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def plain_text(value: str) -> str:
    """Text of (already sanitized) HTML, for search and summaries."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", value or ""))).strip()
