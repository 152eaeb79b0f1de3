"""Chinese full-text search, pure parts: segmentation (jieba), BM25 ranking and highlighting.

The index is a table (`SearchDocument`) holding each public document's tokens as a
space-delimited string; candidates are found with LIKE on whole tokens and ranked here, so it
behaves the same on SQLite and PostgreSQL (no database full-text features are used).
"""

from __future__ import annotations

import html
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"[\w\u4e00-\u9fff]+")
# common function words that would match nearly every document
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "在",
        "是",
        "为",
        "对",
        "等",
        "将",
        "并",
        "或",
        "把",
        "被",
        "也",
        "就",
        "都",
        "而",
        "之",
        "其",
        "中",
        "上",
        "下",
        "以",
        "于",
        "由",
        "从",
        "向",
        "到",
        "个",
        "这",
        "那",
        "有",
        "我",
        "你",
        "他",
        "她",
        "它",
        "们",
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "to",
        "in",
        "on",
        "for",
        "is",
        "are",
    ]
)
BM25_K1 = 1.2
BM25_B = 0.75
TITLE_WEIGHT = 3  # a term in the title counts as this many occurrences


@lru_cache(maxsize=1)
def _ready() -> bool:
    jieba.initialize()
    return True


def tokenize(text: str) -> list[str]:
    """Search-mode segmentation (long words and their parts), lower-cased, stopwords dropped."""
    _ready()
    tokens: list[str] = []
    for chunk in _WORD.findall(text or ""):
        for tok in jieba.cut_for_search(chunk):
            tok = tok.strip().lower()
            if tok and tok not in STOPWORDS and _WORD.fullmatch(tok):
                tokens.append(tok)
    return tokens


def query_terms(query: str) -> list[str]:
    """Distinct terms of a query, in order; a single CJK character is kept only when alone."""
    seen: dict[str, None] = {}
    for tok in tokenize(query):
        seen.setdefault(tok, None)
    terms = list(seen)
    longer = [t for t in terms if len(t) > 1]
    return longer or terms


def token_string(tokens: Iterable[str]) -> str:
    """Stored form: every token surrounded by spaces so LIKE '% tok %' matches whole tokens."""
    return " " + " ".join(tokens) + " "


@dataclass(frozen=True)
class Doc:
    key: int
    title_tokens: Sequence[str]
    body_tokens: Sequence[str]


def bm25_rank(
    docs: Sequence[Doc], terms: Sequence[str], *, doc_freq: dict[str, int], total_docs: int, avg_len: float
) -> list[tuple[int, float]]:
    """(key, score) best first; documents with no query term are left out. Ties keep input order."""
    scored: list[tuple[int, float, int]] = []
    avg = avg_len or 1.0
    for pos, doc in enumerate(docs):
        tf = Counter(doc.body_tokens)
        for tok in doc.title_tokens:
            tf[tok] += TITLE_WEIGHT
        length = len(doc.body_tokens) + TITLE_WEIGHT * len(doc.title_tokens)
        score = 0.0
        for term in terms:
            f = tf.get(term, 0)
            if not f:
                continue
            n = doc_freq.get(term, 0)
            idf = math.log(1 + (total_docs - n + 0.5) / (n + 0.5))
            score += idf * f * (BM25_K1 + 1) / (f + BM25_K1 * (1 - BM25_B + BM25_B * length / avg))
        if score > 0:
            scored.append((doc.key, score, pos))
    scored.sort(key=lambda s: (-s[1], s[2]))
    return [(key, score) for key, score, _ in scored]


def highlight(text: str, terms: Sequence[str], *, width: int | None = None) -> str:
    """HTML-escaped `text` with <em> around every occurrence of a term.

    With `width`, a window of about that many characters around the first match (or the start).
    """
    text = text or ""
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if width is not None and len(text) > width:
        first = None
        if words:
            m = re.search("|".join(re.escape(w) for w in words), text, flags=re.IGNORECASE)
            first = m.start() if m else None
        start = max(0, (first or 0) - width // 4)
        end = min(len(text), start + width)
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    if not words:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), flags=re.IGNORECASE)
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[pos : m.start()]))
        out.append(f"<em>{html.escape(m.group(0))}</em>")
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)
