"""The rich-text sanitizer against classic XSS vectors: nothing executable survives."""

from __future__ import annotations

import re

import pytest

from smedt.portal.sanitize import plain_text, rich_text_clean

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="JaVaScRiPt:alert(1)">点我</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<p style="width: expression(alert(1))">x</p>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="alert(1)"//',
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<!--<script>alert(1)</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
]

DANGEROUS = [
    re.compile(r"<\s*(script|iframe|object|embed|style|svg|math|meta|base|link|form|input|body|template)\b", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),
    re.compile(r"javascript\s*:", re.I),
    re.compile(r"vbscript\s*:", re.I),
    re.compile(r"(href|src)\s*=\s*\"?\s*data:", re.I),
    re.compile(r"\sstyle\s*=", re.I),
    re.compile(r"expression\s*\(", re.I),
]


def test_at_least_twenty_vectors() -> None:
    assert len(PAYLOADS) >= 20


@pytest.mark.parametrize("payload", PAYLOADS)
def test_nothing_executable_survives(payload: str) -> None:
    cleaned = rich_text_clean(payload)
    for pattern in DANGEROUS:
        assert not pattern.search(cleaned), (payload, cleaned)
    # idempotent: cleaning the result again changes nothing
    assert rich_text_clean(cleaned) == cleaned


def test_script_text_is_dropped_not_kept_as_text() -> None:
    assert "alert" not in rich_text_clean("<p>前</p><script>alert(1)</script><p>后</p>")


def test_ordinary_formatting_and_safe_links_stay() -> None:
    html = (
        '<h2>政策要点</h2><p><strong>补助</strong>标准见<a href="https://gxj.example.gov.cn/a.html">原文</a>'
        '与<a href="/api/files/abc/download">附件</a>。</p><ul><li>一</li></ul>'
        '<img src="https://img.example/a.png" alt="示意图"><table><tr><td colspan="2">表</td></tr></table>'
    )
    cleaned = rich_text_clean(html)
    for kept in (
        "<h2>",
        "<strong>",
        'href="https://gxj.example.gov.cn/a.html"',
        'href="/api/files/abc/download"',
        'alt="示意图"',
        'colspan="2"',
        "<li>",
    ):
        assert kept in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_plain_text_strips_tags_and_unescapes() -> None:
    assert plain_text("<p>A &amp; B</p><p>数字化</p>") == "A & B 数字化"
