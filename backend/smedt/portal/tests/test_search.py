"""Search relevance on a small Chinese corpus; highlighting; the index follows the content."""

from __future__ import annotations

import pytest
from django.db import connection

from smedt.portal.models import SearchDocument
from smedt.portal.services.announcements import announcement_withdraw

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_setup")]


@pytest.fixture
def corpus(make_announcement, make_case, make_need, make_offer):
    docs = {
        "auto_case": make_case(
            title="汽车零部件企业数字化改造典型案例",
            summary="某汽车零部件企业通过数字化改造实现生产排程和质量追溯",
            sub_industry="auto_parts",
            scenario_codes=["S05", "S09"],
            story="<p>企业引入轻量化MES，完成车间数字化改造，交付周期缩短三成。</p>",
        ),
        "crane_case": make_case(
            title="起重装备企业设备联网案例",
            summary="起重机整机厂实现设备联网与远程运维",
            sub_industry="lifting_equipment",
            story="<p>通过设备联网，实现售后远程诊断。</p>",
        ),
        "policy": make_announcement(
            title="新乡市中小企业数字化转型城市试点资金管理办法（示例）",
            body="<p>对完成数字化改造并通过验收的试点企业给予资金补助。</p>",
            category="policy",
        ),
        "news": make_announcement(
            title="医疗器械产业链对接会成功举办",
            body="<p>高端医疗器械及卫材企业与服务商开展供需对接。</p>",
            category="news",
        ),
        "need": make_need(
            title="化工企业安全生产监测需求", problem="需要对反应釜温度压力进行实时监测和预警", scenario_code="S11"
        ),
        "offer": make_offer(
            title="质量追溯系统", description="面向汽车零部件的质量追溯与数字化改造服务", scenario_codes=["S09"]
        ),
    }
    return docs


def _search(api, q, **kw):
    res = api().get("/api/portal/public/search", {"q": q, **kw})
    assert res.status_code == 200, res.content
    return res.json()


def _keys(result, corpus):
    by = {(type(v).__name__, v.pk): k for k, v in corpus.items()}
    kind_model = {"announcement": "Announcement", "case": "TypicalCase", "need": "Need", "offer": "Offer"}
    return [by[(kind_model[i["kind"]], i["id"])] for i in result["items"]]


def test_matching_case_ranks_first(api, corpus):
    keys = _keys(_search(api, "数字化改造 汽车零部件"), corpus)
    assert keys[0] == "auto_case"
    assert set(keys[1:3]) == {"offer", "policy"}  # both mention 数字化改造; the offer also 汽车零部件
    assert keys.index("offer") < keys.index("policy")
    assert "news" not in keys and "crane_case" not in keys


@pytest.mark.parametrize(
    ("query", "top"),
    [
        ("设备联网", "crane_case"),
        ("反应釜 监测", "need"),
        ("资金补助", "policy"),
        ("医疗器械", "news"),
        ("质量追溯", "offer"),
    ],
)
def test_expected_top_result(api, corpus, query, top):
    assert _keys(_search(api, query), corpus)[0] == top


def test_highlighting_and_escaping(api, corpus):
    hit = _search(api, "汽车零部件")["items"][0]
    assert "<em>汽车</em>" in hit["title_highlight"] or "<em>零部件</em>" in hit["title_highlight"]
    assert "<em>" in hit["snippet"]
    assert "<p>" not in hit["snippet"]


def test_kind_filter_and_empty_queries(api, corpus):
    assert {i["kind"] for i in _search(api, "数字化改造", kind="case")["items"]} == {"case"}
    assert _search(api, "的")["total"] == 0  # a stopword alone finds nothing
    assert _search(api, "完全不相关的词语组合")["total"] == 0
    assert api().get("/api/portal/public/search", {"q": ""}).status_code == 422


def test_index_follows_withdrawal_in_same_transaction(api, city_admin, corpus):
    announcement_withdraw(actor=city_admin, announcement=corpus["policy"])
    assert "policy" not in _keys(_search(api, "资金补助"), corpus)
    assert SearchDocument.objects.filter(kind="announcement").count() == 1


def test_markup_in_content_is_escaped_in_results(api, make_announcement):
    make_announcement(title="<b>数字化</b>转型 & 升级", body="<p>数字化 &lt;script&gt;</p>")
    hit = _search(api, "数字化")["items"][0]
    assert "&lt;b&gt;<em>数字化</em>&lt;/b&gt;" in hit["title_highlight"]
    assert "&amp;" in hit["title_highlight"]
    assert "<script" not in hit["snippet"]


def test_reindex_rebuilds_the_same_index(api, corpus):
    from smedt.portal.services.search_index import search_reindex_all

    before = _keys(_search(api, "数字化改造 汽车零部件"), corpus)
    SearchDocument.objects.all().delete()
    assert _search(api, "数字化改造")["total"] == 0
    assert search_reindex_all() == 6
    assert _keys(_search(api, "数字化改造 汽车零部件"), corpus) == before


def test_index_change_rolls_back_with_the_content(city_admin, corpus, monkeypatch):
    """The index row is written in the service's transaction: a failure later in it undoes both."""
    from smedt.portal.services import announcements as ann

    def boom(**kw):
        raise RuntimeError("audit failed")

    monkeypatch.setattr(ann, "audit_record", boom)
    with pytest.raises(RuntimeError):
        ann.announcement_withdraw(actor=city_admin, announcement=corpus["policy"])
    corpus["policy"].refresh_from_db()
    assert corpus["policy"].status == "published"
    assert SearchDocument.objects.filter(kind="announcement", object_id=corpus["policy"].pk).exists()


def test_unpublished_content_is_not_searchable(api, make_announcement, make_need, make_case):
    make_announcement(title="草稿里的数字化改造", publish=False)
    make_need(title="待审核的数字化改造需求", publish=False)
    make_case(title="未发布的数字化改造案例", publish=False)
    assert _search(api, "数字化改造")["total"] == 0


def test_other_modules_index_through_the_external_door(api, corpus):
    """index_external / drop_external: only open kinds, found with highlights, kept by a portal reindex."""
    from django.utils import timezone

    from smedt.portal.services.search_index import drop_external, index_external, search_reindex_all

    with pytest.raises(ValueError):
        index_external(kind="announcement", object_id=1, title="x", text="x", published_at=None)
    with pytest.raises(ValueError):
        drop_external(kind="case", object_id=corpus["auto_case"].pk)
    index_external(
        kind="product", object_id=42, title="云端排产助手", text="面向起重装备的智能排产", published_at=timezone.now()
    )
    hit = _search(api, "排产")["items"][0]
    assert (hit["kind"], hit["kind_label"], hit["id"]) == ("product", "产品与解决方案", 42)
    assert "<em>排产</em>" in hit["snippet"]
    assert search_reindex_all() == 6
    assert SearchDocument.objects.filter(kind="product", object_id=42).count() == 1
    drop_external(kind="product", object_id=42)
    drop_external(kind="product", object_id=42)  # idempotent
    assert not SearchDocument.objects.filter(kind="product").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL-ranked path runs on PostgreSQL only")
def test_postgresql_ranks_the_newest_candidates_with_a_bounded_total():
    """One statement: the newest `candidate_limit` matches ranked, the total bounded at `count_limit` + 1,
    a page past the ranked candidates still answers the bounded total."""
    from datetime import timedelta

    from django.utils import timezone

    from smedt.core import dbcompat
    from smedt.portal.services.search_index import index_external

    now = timezone.now()
    for i in range(7):  # newest first: i = 0 is the newest; every other one also mentions 排产 in its title
        title = f"云端排产助手{i}" if i % 2 else f"智能仓储{i}"
        index_external(
            kind="product", object_id=100 + i, title=title, text="排产 仓储", published_at=now - timedelta(hours=i)
        )
    by_object = dict(SearchDocument.objects.values_list("pk", "object_id"))

    def run(**kw):
        args = {"candidate_limit": 4, "count_limit": 5, "limit": 10, "offset": 0, **kw}
        return dbcompat.fulltext_search(
            table=SearchDocument._meta.db_table,
            terms=["排产"],
            filters={"kind": "product"},
            order_tiebreak=("-published_at", "-id"),
            **args,
        )

    rows, total = run()
    assert total == 6  # 7 matches, counted up to count_limit + 1
    assert {by_object[pk] for pk, _ in rows} == {100, 101, 102, 103}  # the 4 newest are ranked
    assert [by_object[pk] for pk, _ in rows][:2] == [101, 103]  # title hits first, newest first among equals
    assert [r for _, r in rows] == sorted((r for _, r in rows), reverse=True)
    assert run(offset=2, limit=1)[0] == rows[2:3]
    assert run(offset=4) == ([], 6)  # past the ranked candidates: the total still comes
    assert run(offset=0, count_limit=100) == (rows, 7)
    assert dbcompat.fulltext_search(
        table=SearchDocument._meta.db_table,
        terms=["没有的词"],
        filters={},
        order_tiebreak=("-published_at", "-id"),
        limit=10,
        offset=0,
        count_limit=5,
    ) == ([], 0)
