"""Segmentation, BM25 and highlighting, without a database."""

from __future__ import annotations

from smedt.portal.search import Doc, bm25_rank, highlight, query_terms, tokenize


def test_chinese_segmentation_keeps_words_and_parts() -> None:
    toks = tokenize("汽车零部件企业数字化改造")
    assert {"汽车", "零部件", "数字化", "改造"} <= set(toks)
    assert "的" not in tokenize("企业的数字化")


def test_query_terms_drop_single_characters_when_words_exist() -> None:
    assert "的" not in query_terms("企业的数字化")
    assert query_terms("  ") == []


def test_bm25_prefers_more_and_rarer_matches_and_title() -> None:
    docs = [
        Doc(1, ["新闻"], ["企业", "数字化"]),
        Doc(2, ["数字化", "改造"], ["汽车", "零部件", "数字化", "改造"]),
        Doc(3, ["通知"], ["汽车", "改造"]),
    ]
    ranked = bm25_rank(
        docs, ["数字化", "改造", "汽车"], doc_freq={"数字化": 2, "改造": 2, "汽车": 2}, total_docs=3, avg_len=5
    )
    assert ranked[0][0] == 2
    assert all(score > 0 for _, score in ranked)
    assert bm25_rank(docs, ["无关"], doc_freq={}, total_docs=3, avg_len=5) == []


def test_highlight_escapes_everything_but_em() -> None:
    out = highlight('<script>x</script>数字化"改造"', ["数字化", "改造"])
    assert out == "&lt;script&gt;x&lt;/script&gt;<em>数字化</em>&quot;<em>改造</em>&quot;"


def test_highlight_window_centres_on_first_match() -> None:
    text = "甲" * 200 + "数字化" + "乙" * 200
    out = highlight(text, ["数字化"], width=60)
    assert "<em>数字化</em>" in out
    assert out.startswith("…") and out.endswith("…")
    assert len(out) < 100
