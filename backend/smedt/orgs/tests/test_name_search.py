"""The organization-name search answers exactly what `icontains` answers, on SQLite and PostgreSQL.

On PostgreSQL the name search goes through the CJK-capable gram index (`core.dbcompat.NameContains`):
a GIN index over the characters and character pairs of `UPPER(name)`, then the substring recheck.
These tests run on whichever database the suite uses (`DATABASE_URL`); the PostgreSQL-only checks
(the index is there and the planner can use it) skip on SQLite.
"""

from __future__ import annotations

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smedt.enterprises.models import EnterpriseProfile
from smedt.orgs.models import Organization, OrgKind
from smedt.orgs.selectors import org_name_q, org_search_q

pytestmark = pytest.mark.django_db

NAMES = [
    "新乡智能制造有限公司",
    "红旗区智能装备制造厂",  # 智能 and 制造, not 智能制造
    "智能制造",
    "制造智能科技",
    "ABC智能制造Co",
    "abc数据服务",
    "Aab测试",
    "百分之%百_下划线\\反斜杠",
    "一",
    "一一一一",
    "长垣起重设备有限公司",
    "长垣市长垣路长垣起重",
]
QUERIES = [
    "智能制造",
    "智能",
    "制造",
    "能制",
    "智",
    "造",
    "abc",
    "ABC",
    "aB",
    "c智",
    "%",
    "_",
    "%百",
    "\\",
    "百分之%百_下",
    "一",
    "一一",
    "一一一一一",
    "长垣",
    "长垣起重",
    "垣市长",
    "不存在",
    " ",
    "智能 制造",
]


@pytest.fixture
def named_orgs(make_org):
    return [make_org(name=name) for name in NAMES]


def _ids(q) -> set[int]:
    return set(Organization.objects.filter(q).values_list("pk", flat=True))


def _expected(text: str) -> set[int]:
    return set(Organization.objects.filter(name__icontains=text).values_list("pk", flat=True))


@pytest.mark.parametrize("text", QUERIES)
def test_name_search_is_exactly_icontains(named_orgs, text):
    assert _ids(org_name_q(text)) == _expected(text)


def test_expected_answers_spelled_out(named_orgs):
    by_name = {o.name: o.pk for o in named_orgs}

    def names(text: str) -> set[str]:
        return {n for n, pk in by_name.items() if pk in _ids(org_name_q(text))}

    assert names("智能制造") == {"新乡智能制造有限公司", "智能制造", "ABC智能制造Co"}
    assert names("abc") == {"ABC智能制造Co", "abc数据服务"}  # case-insensitive, as before
    assert names("一一") == {"一一一一"}
    assert names("%百") == {"百分之%百_下划线\\反斜杠"}  # LIKE wildcards are literal
    assert names("智") == {"新乡智能制造有限公司", "红旗区智能装备制造厂", "智能制造", "制造智能科技", "ABC智能制造Co"}


settings_fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ALPHABET = "智能制造一长垣aAbB%_ "


@settings_fast
@given(text=st.text(alphabet=ALPHABET, min_size=1, max_size=5))
def test_any_query_over_the_names_alphabet_matches_icontains(named_orgs, text):
    assert _ids(org_name_q(text)) == _expected(text)


def test_through_a_relation_and_with_the_credit_code(named_orgs, make_org):
    org = make_org(name="关联智能制造企业")
    profile = EnterpriseProfile.objects.create(org=org)
    got = set(EnterpriseProfile.objects.filter(org_search_q("智能制造", "org")).values_list("pk", flat=True))
    assert got == {profile.pk}
    # a credit-code fragment (lower case typed) still finds it; a Chinese query never reaches the code
    fragment = org.credit_code[4:12].lower()
    assert org.pk in _ids(org_search_q(fragment))

    def where(text: str) -> str:
        return str(Organization.objects.only("pk").filter(org_search_q(text)).query).split(" WHERE ")[1]

    assert "credit_code" not in where("智能制造")
    assert "credit_code" in where("91410702")


def test_org_list_api_searches_names_within_the_county(api, named_orgs, make_org, county_a_officer, city_admin):
    other = make_org("410783", name="长垣智能制造有限公司")
    res = api(county_a_officer).get("/api/orgs", {"q": "智能制造", "page_size": 50})
    assert res.status_code == 200, res.content
    got = {o["name"] for o in res.json()["items"]}
    assert got == {"新乡智能制造有限公司", "智能制造", "ABC智能制造Co"}  # the other county's one is not visible
    res = api(city_admin).get("/api/orgs", {"q": "智能制造", "page_size": 50})
    assert other.name in {o["name"] for o in res.json()["items"]}


def test_profiles_api_searches_names(api, make_org, county_a_officer):
    hit = make_org(name="画像智能制造公司")
    miss = make_org(name="画像纺织公司")
    for org in (hit, miss):
        EnterpriseProfile.objects.create(org=org)
    res = api(county_a_officer).get("/api/enterprises/profiles", {"q": "智能制造"})
    assert res.status_code == 200, res.content
    assert [r["name"] for r in res.json()["items"]] == [hit.name]
    res = api(county_a_officer).get("/api/enterprises/profiles", {"q": hit.credit_code[-6:]})
    assert [r["name"] for r in res.json()["items"]] == [hit.name]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the gram index exists on PostgreSQL only")
def test_postgresql_uses_the_gram_index(named_orgs, make_org):
    for i in range(200):
        make_org(kind=OrgKind.ENTERPRISE, name=f"填充企业{i:03d}纺织有限公司")
    sql, params = Organization.objects.filter(org_name_q("智能制造")).order_by().only("pk").query.sql_with_params()
    assert '"orgs_organization"."name_grams" @> smedt_name_query_grams(%s)' in sql
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE orgs_organization")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # a bitmap scan: only the gram index can serve it
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "orgs_organization_name_grams" in plan
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT smedt_name_grams('aB智'), smedt_name_query_grams('ab智'), smedt_name_query_grams('x'), "
            "smedt_name_query_grams('智能制造'), smedt_name_query_grams('a')"
        )
        grams, odd, single, even, lower = cursor.fetchone()
    assert set(grams) == {"A", "B", "智", "AB", "B智"}
    assert sorted(odd) == ["AB", "B智"]  # pairs covering the query: the last one overlaps when the length is odd
    assert sorted(even) == sorted(["智能", "制造"])
    assert single == ["X"] and lower == ["A"]


def test_the_index_follows_renames_and_bulk_writes(make_org):
    """The gram column is computed by the database on every write path (save, update(), bulk_create)."""
    org = make_org(name="旧名称起重有限公司")
    org.name = "新名称智能制造有限公司"
    org.save()
    Organization.objects.filter(pk=org.pk).update(name="再改名智能仓储有限公司")
    bulk = Organization.objects.bulk_create(
        [
            Organization(
                name="批量智能仓储公司", credit_code="91410702MA00000X01", kind=OrgKind.ENTERPRISE, region=org.region
            )
        ]
    )
    assert _ids(org_name_q("智能仓储")) == {org.pk, bulk[0].pk}
    assert _ids(org_name_q("智能制造")) == set()
    assert _ids(org_name_q("旧名称")) == set()
