"""In-app messages: each user reads only their own; unread count; mark read; de-duplicated sending."""

from __future__ import annotations

import pytest

from smedt.core.tests.helpers import assert_error
from smedt.notify.models import Message
from smedt.notify.services import message_send

pytestmark = pytest.mark.django_db

# session + user, count, page (a user's own messages need no grants)
MESSAGES_LIST_QUERIES = 4


@pytest.fixture
def inbox(enterprise_a_user, enterprise_b_user):
    message_send(recipient_ids=[enterprise_a_user.pk], title="审核通过", body="您的注册已通过", link="/orgs/1")
    message_send(recipient_ids=[enterprise_a_user.pk], title="请补充材料", category="review")
    message_send(recipient_ids=[enterprise_a_user.pk, enterprise_b_user.pk], title="系统维护通知")
    return {
        "a": list(Message.objects.filter(recipient=enterprise_a_user).order_by("id")),
        "b": list(Message.objects.filter(recipient=enterprise_b_user).order_by("id")),
    }


def test_a_user_lists_only_their_own_messages(api, enterprise_a_user, enterprise_b_user, inbox):
    body_a = api(enterprise_a_user).get("/api/notify/messages").json()
    body_b = api(enterprise_b_user).get("/api/notify/messages").json()

    assert [m["title"] for m in body_a["items"]] == ["系统维护通知", "请补充材料", "审核通过"]  # newest first
    assert body_a["total"] == 3
    assert [m["id"] for m in body_b["items"]] == [inbox["b"][0].pk]
    first = body_a["items"][-1]
    assert {k: first[k] for k in ("category", "title", "body", "link", "read_at")} == {
        "category": "system",
        "title": "审核通过",
        "body": "您的注册已通过",
        "link": "/orgs/1",
        "read_at": None,
    }


def test_unread_count_and_marking_one_read(api, enterprise_a_user, inbox):
    client = api(enterprise_a_user)
    assert client.get("/api/notify/unread-count").json() == {"count": 3}

    res = client.post(f"/api/notify/messages/{inbox['a'][0].pk}/read")

    assert res.status_code == 200
    assert res.json()["read_at"] is not None
    assert client.get("/api/notify/unread-count").json() == {"count": 2}
    assert [m["title"] for m in client.get("/api/notify/messages", {"unread": True}).json()["items"]] == [
        "系统维护通知",
        "请补充材料",
    ]
    assert [m["title"] for m in client.get("/api/notify/messages", {"unread": False}).json()["items"]] == ["审核通过"]
    assert client.get("/api/auth/me").json()["unread_messages"] == 2


def test_marking_read_twice_keeps_the_first_read_time(api, enterprise_a_user, inbox):
    client = api(enterprise_a_user)
    first = client.post(f"/api/notify/messages/{inbox['a'][0].pk}/read").json()["read_at"]
    again = client.post(f"/api/notify/messages/{inbox['a'][0].pk}/read").json()["read_at"]
    assert first == again


def test_mark_all_read_touches_only_the_users_messages(api, enterprise_a_user, enterprise_b_user, inbox):
    res = api(enterprise_a_user).post("/api/notify/messages/read-all")

    assert res.json() == {"count": 3}
    assert api(enterprise_a_user).get("/api/notify/unread-count").json() == {"count": 0}
    assert api(enterprise_b_user).get("/api/notify/unread-count").json() == {"count": 1}
    assert api(enterprise_a_user).post("/api/notify/messages/read-all").json() == {"count": 0}


def test_another_users_message_is_404_and_stays_unread(api, enterprise_a_user, enterprise_b_user, inbox):
    theirs = inbox["b"][0]

    assert_error(api(enterprise_a_user).post(f"/api/notify/messages/{theirs.pk}/read"), 404, "not_found")
    assert_error(api(enterprise_a_user).post("/api/notify/messages/987654/read"), 404, "not_found")

    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_gets_401(api, inbox):
    assert_error(api().get("/api/notify/messages"), 401, "not_authenticated")
    assert_error(api().get("/api/notify/unread-count"), 401, "not_authenticated")
    assert_error(api().post("/api/notify/messages/read-all"), 401, "not_authenticated")


def test_sending_with_a_dedupe_key_is_idempotent(enterprise_a_user, enterprise_b_user):
    assert message_send(recipient_ids=[enterprise_a_user.pk], title="提醒", dedupe_key="k1") == 1
    assert message_send(recipient_ids=[enterprise_a_user.pk, enterprise_b_user.pk], title="提醒", dedupe_key="k1") == 1
    assert message_send(recipient_ids=[enterprise_a_user.pk], title="提醒", dedupe_key="k1") == 0
    assert Message.objects.filter(dedupe_key="k1").count() == 2
    # without a key every call sends
    message_send(recipient_ids=[enterprise_a_user.pk, enterprise_a_user.pk], title="无键")
    message_send(recipient_ids=[enterprise_a_user.pk], title="无键")
    assert Message.objects.filter(title="无键").count() == 2


@pytest.mark.parametrize("rows", [1, 30])
def test_message_list_query_count_does_not_grow_with_rows(api, enterprise_a_user, rows, django_assert_num_queries):
    for i in range(rows):
        message_send(recipient_ids=[enterprise_a_user.pk], title=f"消息{i}")
    client = api(enterprise_a_user)
    client.get("/api/notify/messages")

    with django_assert_num_queries(MESSAGES_LIST_QUERIES):
        res = client.get("/api/notify/messages", {"page_size": 50})

    assert res.json()["total"] == rows == len(res.json()["items"])


def test_ordering_and_page_size_limits(api, enterprise_a_user, inbox):
    client = api(enterprise_a_user)
    ids = [m["id"] for m in client.get("/api/notify/messages", {"ordering": "id"}).json()["items"]]
    assert ids == sorted(ids)
    assert_error(client.get("/api/notify/messages", {"ordering": "recipient"}), 422, "invalid_ordering")
    page = client.get("/api/notify/messages", {"page_size": 2, "page": 2}).json()
    assert (page["total"], len(page["items"]), page["page"]) == (3, 1, 2)


def test_many_sends_in_one_select_and_one_insert_each_once(
    enterprise_a_user, enterprise_b_user, django_assert_num_queries
):
    from smedt.notify.services import Outgoing, messages_send

    a, b = enterprise_a_user.pk, enterprise_b_user.pk
    message_send(recipient_ids=[a], title="已有", dedupe_key="k1")
    items = [
        Outgoing((a, b), "政策推送一", "正文一", dedupe_key="k1"),  # a has k1 already
        Outgoing((b,), "政策推送二", "正文二", link="/policies/mine/2", category="policy", dedupe_key="k2"),
        Outgoing((a,), "无去重键"),
    ]
    with django_assert_num_queries(2):
        assert messages_send(items) == 3
    assert messages_send(items[:2]) == 0  # sent again: nothing new
    got = sorted(Message.objects.values_list("recipient_id", "dedupe_key", "title", "category"))
    assert got == sorted(
        [
            (a, "k1", "已有", "system"),
            (b, "k1", "政策推送一", "system"),
            (b, "k2", "政策推送二", "policy"),
            (a, "", "无去重键", "system"),
        ]
    )
