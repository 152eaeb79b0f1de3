from __future__ import annotations

from smedt.industry.models import Chain, ChainLink


def test_the_city_chains_load_from_the_data_file_once(chains):
    from smedt.industry import services

    assert [c.name for c in chains] == ["起重装备", "高端医疗器械及卫材", "汽车零部件", "新型化工"]
    assert ChainLink.objects.filter(chain__code="lifting_equipment", stage="midstream").exists()
    assert services.chains_load() == 0
    assert Chain.objects.count() == 4


def test_city_admin_builds_a_chain_and_marks_model_enterprises(api, city_admin, lifting, enterprise_a):
    c = api(city_admin)
    link = c.post(f"/api/industry/chains/{lifting.pk}/links", {"stage": "downstream", "name": "再制造"})
    assert link.status_code == 201, link.content
    res = c.post(
        f"/api/industry/chains/{lifting.pk}/members",
        {"org_id": enterprise_a.pk, "link_id": link.json()["id"], "role": "model", "transformed_on": "2026-02-01"},
    )
    assert res.status_code == 201, res.content
    assert res.json()["role_label"] == "样板企业"
    again = c.post(
        f"/api/industry/chains/{lifting.pk}/members",
        {"org_id": enterprise_a.pk, "link_id": link.json()["id"], "role": "model"},
    )
    assert again.status_code == 422
    assert "已在本产业链" in again.json()["message"]
    detail = c.get(f"/api/industry/chains/{lifting.pk}").json()
    assert detail["model_count"] == 1
    assert next(x for x in detail["links"] if x["name"] == "再制造")["members"] == 1
    busy = c.delete(f"/api/industry/chains/{lifting.pk}/links/{link.json()['id']}")
    assert busy.status_code == 409


def test_bad_member_input_is_a_clear_4xx(api, city_admin, lifting, provider_org, enterprise_a, chains):
    c = api(city_admin)
    link = lifting.links.first()
    other = next(ch for ch in chains if ch != lifting).links.first()
    assert (
        c.post(f"/api/industry/chains/{lifting.pk}/members", {"org_id": provider_org.pk, "link_id": link.pk}).json()[
            "message"
        ]
        == "只有企业可以加入产业链"
    )
    res = c.post(f"/api/industry/chains/{lifting.pk}/members", {"org_id": enterprise_a.pk, "link_id": other.pk})
    assert res.status_code == 422 and res.json()["details"]["fields"]["link_id"] == "环节不属于该产业链"
    res = c.post(
        f"/api/industry/chains/{lifting.pk}/members", {"org_id": enterprise_a.pk, "link_id": link.pk, "role": "king"}
    )
    assert res.status_code == 422
    assert c.post(f"/api/industry/chains/{lifting.pk}/links", {"stage": "sideways", "name": "x"}).status_code == 422


def test_county_and_enterprise_read_chains_but_cannot_manage_them(api, county_a_officer, enterprise_a_user, lifting):
    for user in (county_a_officer, enterprise_a_user):
        c = api(user)
        assert c.get("/api/industry/chains").json()["total"] == 4
        assert c.patch(f"/api/industry/chains/{lifting.pk}", {"name": "改名"}).status_code in (403, 404)
        assert c.post(f"/api/industry/chains/{lifting.pk}/links", {"stage": "upstream", "name": "x"}).status_code in (
            403,
            404,
        )


def test_members_are_scoped_to_the_county_and_the_enterprise(
    api, members, county_a_officer, county_b_officer, enterprise_a_user, city_admin, lifting
):
    url = f"/api/industry/chains/{lifting.pk}/members"
    assert api(city_admin).get(url).json()["total"] == 2
    names = {m["org_name"] for m in api(county_a_officer).get(url).json()["items"]}
    assert names == {"红旗测试企业"}
    assert {m["org_name"] for m in api(county_b_officer).get(url).json()["items"]} == {"长垣测试企业"}
    assert {m["org_name"] for m in api(enterprise_a_user).get(url).json()["items"]} == {"红旗测试企业"}
    assert api(county_b_officer).delete(f"/api/industry/members/{members[0].pk}").status_code == 404


def test_the_member_list_has_a_fixed_query_count(api, city_admin, lifting, make_org, django_assert_max_num_queries):
    from smedt.industry import services

    link = lifting.links.first()
    for _ in range(12):
        services.member_add(
            actor=city_admin, chain=lifting, org_id=make_org().pk, link_id=link.pk, role="member", transformed_on=None
        )
    c = api(city_admin)
    with django_assert_max_num_queries(12):
        res = c.get(f"/api/industry/chains/{lifting.pk}/members", {"page_size": 50})
    assert res.json()["total"] == 12
