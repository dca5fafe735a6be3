"""The topic lifecycle through the pages: proposed by a resident, reviewed by the party organisation
(returned with a reason, revised, resubmitted, approved), needs, opinions and supports, a decision with
action items under supervision, closing, and the residents' evaluation — and nobody outside the 小区."""

from datetime import timedelta

import pytest
from django.db import IntegrityError

from linli.deliberation.models import ActionItem, Topic, TopicEvent, TopicSupport

from .factories import Cast, tomorrow

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(world):
    return Cast(world)


def post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {}, follow=True)


def act(client, user, topic, action, data=None):
    return post(client, user, f"/deliberation/topics/{topic.pk}/{action}/", data)


def kinds(topic):
    return list(topic.events.values_list("kind", flat=True))


def test_resident_proposes_a_topic_for_their_own_compound(cast, client):
    client.force_login(cast.resident)
    page = client.get("/deliberation/topics/new/")
    assert page.status_code == 200 and "春晖花园" in page.content.decode()
    response = post(
        client,
        cast.resident,
        "/deliberation/topics/new/",
        {
            "place": cast.world.compound_a1.pk,
            "body": "resident",
            "title": "楼道堆物清理",
            "category": "environment",
            "description": "楼道堆放杂物，存在消防隐患。",
        },
    )
    topic = Topic.objects.get()
    assert response.status_code == 200 and "等待党组织审核" in response.content.decode()
    assert (topic.status, topic.proposer, topic.proposer_body) == ("submitted", cast.resident, "resident")
    assert kinds(topic) == ["proposed"]


def test_resident_cannot_propose_for_another_compound_nor_speak_for_the_owners_committee(cast, client):
    response = post(
        client,
        cast.resident,
        "/deliberation/topics/new/",
        {
            "place": cast.world.compound_b1.pk,
            "body": "resident",
            "title": "x",
            "category": "other",
            "description": "y",
        },
    )
    assert response.status_code == 200 and not Topic.objects.exists()
    response = post(
        client,
        cast.resident,
        "/deliberation/topics/new/",
        {
            "place": cast.world.compound_a1.pk,
            "body": "owners_committee",
            "title": "x",
            "category": "other",
            "description": "y",
        },
    )
    assert "您不能以该身份提出议题" in response.content.decode()
    assert not Topic.objects.exists()


def test_owners_committee_and_property_speak_for_their_body(cast):
    from linli.deliberation.services.topics import bodies_for

    assert bodies_for(cast.owners, cast.world.compound_a1) == ["resident", "owners_committee"]
    assert bodies_for(cast.property, cast.world.compound_a1) == ["resident", "property"]
    assert bodies_for(cast.secretary, cast.world.compound_a1) == ["resident", "branch"]
    assert bodies_for(cast.secretary, cast.world.compound_b1) == ["resident"]


def test_returned_topic_needs_a_reason_then_is_revised_resubmitted_and_approved(cast, client):
    topic = cast.propose()
    response = act(client, cast.secretary, topic, "return", {"reason": "  "})
    topic.refresh_from_db()
    assert "退回议题须写明理由" in response.content.decode()
    assert topic.status == "submitted" and kinds(topic) == ["proposed"]

    act(client, cast.secretary, topic, "return", {"reason": "请写明涉及哪几个单元、费用如何分摊。"})
    topic.refresh_from_db()
    assert topic.status == "returned" and "费用如何分摊" in topic.return_reason

    page = client.get(f"/deliberation/topics/{topic.pk}/")
    assert "退回理由" in page.content.decode()
    # Only the proposer may revise it; a neighbour does not even see a returned topic.
    assert act(client, cast.neighbour, topic, "resubmit", {"title": "x"}).status_code == 404
    act(
        client,
        cast.resident,
        topic,
        "resubmit",
        {"title": "3栋1单元加装电梯", "category": "lift", "description": "1单元共 18 户，费用按楼层分摊。"},
    )
    topic.refresh_from_db()
    assert (topic.status, topic.title, topic.return_reason) == ("submitted", "3栋1单元加装电梯", "")

    act(client, cast.secretary, topic, "approve")
    topic.refresh_from_db()
    assert (topic.status, topic.steward) == ("collecting", cast.secretary)
    assert kinds(topic) == ["proposed", "returned", "resubmitted", "approved"]
    events = list(topic.events.all())
    assert [e.actor for e in events] == [cast.resident, cast.secretary, cast.resident, cast.secretary]
    assert events[1].actor_role == "branch_secretary" and all(e.at for e in events)


def test_resident_cannot_review_and_review_refuses_a_second_time(cast, client):
    topic = cast.propose()
    act(client, cast.resident, topic, "approve")
    topic.refresh_from_db()
    assert topic.status == "submitted" and kinds(topic) == ["proposed"]
    act(client, cast.desk, topic, "approve")  # community staff review too
    response = act(client, cast.secretary, topic, "approve")
    assert "不能审核通过" in response.content.decode()
    assert kinds(topic) == ["proposed", "approved"]


def test_topic_outside_the_compound_is_not_found(cast, client):
    topic = cast.resolved()
    for user in (cast.outsider, cast.other_secretary, cast.desk_b):
        client.force_login(user)
        assert client.get(f"/deliberation/topics/{topic.pk}/").status_code == 404, user.name
        assert act(client, user, topic, "support").status_code == 404
    assert not TopicSupport.objects.exists()


def test_residents_see_a_neighbours_topic_only_after_review(cast, client):
    topic = cast.propose()
    client.force_login(cast.neighbour)
    assert client.get(f"/deliberation/topics/{topic.pk}/").status_code == 404
    assert topic.title not in client.get("/deliberation/").content.decode()
    cast_secretary_approves = act(client, cast.secretary, topic, "approve")
    assert cast_secretary_approves.status_code == 200
    client.force_login(cast.neighbour)
    assert client.get(f"/deliberation/topics/{topic.pk}/").status_code == 200
    assert topic.title in client.get("/deliberation/").content.decode()


def test_needs_before_opinions_during_and_one_support_per_person(cast, client):
    topic = cast.propose()
    act(client, cast.secretary, topic, "approve")
    act(client, cast.neighbour, topic, "need", {"text": "希望电梯能停每一层。"})
    response = act(client, cast.neighbour, topic, "opinion", {"text": "太早了"})
    assert "不在征求意见阶段" in response.content.decode()
    act(client, cast.secretary, topic, "open")
    response = act(client, cast.neighbour, topic, "need", {"text": "晚了"})
    assert "需求征集已结束" in response.content.decode()
    act(client, cast.neighbour2, topic, "opinion", {"text": "一楼住户的采光要考虑。"})
    act(client, cast.neighbour, topic, "support")
    response = act(client, cast.neighbour, topic, "support")
    assert "您已经支持过该议题" in response.content.decode()
    assert list(topic.inputs.values_list("kind", flat=True)) == ["need", "opinion"]
    assert topic.supports.count() == 1
    with pytest.raises(IntegrityError):
        TopicSupport.objects.create(topic=topic, user=cast.neighbour)


def test_resolution_items_are_supervised_and_the_topic_closes_only_when_all_are_done(cast, client):
    topic = cast.propose()
    for step in ("approve", "open"):
        act(client, cast.secretary, topic, step)
    act(client, cast.secretary, topic, "to_decision", {"mode": "meeting"})
    response = act(client, cast.secretary, topic, "resolve", {"resolution": "同意", "item_text": [""]})
    assert "至少要有一项落实事项" in response.content.decode()
    topic.refresh_from_db()
    assert topic.status == "deciding" and not ActionItem.objects.exists()
    act(
        client,
        cast.secretary,
        topic,
        "resolve",
        {
            "resolution": "同意加装，费用按楼层分摊。",
            "consensus": "1",
            "item_text": ["联系电梯公司出方案", "征集 2/3 以上业主签字"],
            "item_owner": [cast.property.pk, cast.owners.pk],
            "item_deadline": [tomorrow().isoformat(), tomorrow().isoformat()],
        },
    )
    topic.refresh_from_db()
    assert (topic.status, topic.is_consensus) == ("implementing", True)
    first, second = topic.items.order_by("pk")
    assert (first.owner, second.owner) == (cast.property, cast.owners)

    response = act(client, cast.secretary, topic, "close")
    assert "还有决议事项未完成" in response.content.decode()
    # The owner records progress and completes their own item; the organiser urges and completes the other.
    post(client, cast.property, f"/deliberation/items/{first.pk}/progress/", {"note": "已联系三家公司。"})
    post(client, cast.property, f"/deliberation/items/{first.pk}/done/", {"note": "方案已公示。"})
    assert (
        post(client, cast.property, f"/deliberation/items/{second.pk}/done/", {"note": "x"}).status_code
        == 404
    )
    post(client, cast.secretary, f"/deliberation/items/{second.pk}/urge/", {"note": "请本周内完成签字。"})
    post(client, cast.owners, f"/deliberation/items/{second.pk}/done/", {"note": "已征集 16 户签字。"})
    assert [p.kind for p in first.progress.all()] == ["progress", "done"]
    assert [p.kind for p in second.progress.all()] == ["urge", "done"]

    act(client, cast.secretary, topic, "close")
    topic.refresh_from_db()
    assert topic.status == "closed" and topic.closed_at
    assert kinds(topic)[-4:] == ["opened", "sent_to_decision", "resolved", "closed"]


def test_residents_evaluate_a_closed_topic_once_with_one_to_five(cast, client):
    topic = cast.resolved()
    act(client, cast.neighbour, topic, "evaluate", {"score": "5"})
    assert not topic.evaluations.exists()  # not closed yet
    item = topic.items.get()
    post(client, cast.property, f"/deliberation/items/{item.pk}/done/", {"note": "完成"})
    act(client, cast.secretary, topic, "close")
    assert (
        "评分须为 1 到 5 分"
        in act(client, cast.neighbour, topic, "evaluate", {"score": "6"}).content.decode()
    )
    act(client, cast.neighbour, topic, "evaluate", {"score": "4", "comment": "办得不错"})
    response = act(client, cast.neighbour, topic, "evaluate", {"score": "1"})
    assert "您已经评价过该议题" in response.content.decode()
    assert list(topic.evaluations.values_list("score", flat=True)) == [4]
    client.force_login(cast.neighbour2)
    page = client.get(f"/deliberation/topics/{topic.pk}/").content.decode()
    assert "办得不错" in page and "李四海" not in page and "李*海" in page  # residents' names masked


def test_overdue_is_derived_from_the_deadline(cast):
    item = cast.resolved().items.get()
    assert not item.is_overdue(item.deadline)
    assert item.is_overdue(item.deadline + timedelta(days=1))
    item.done_at, item.done_by = item.deadline, cast.property
    assert not item.is_overdue(item.deadline + timedelta(days=1))


def test_withdrawn_topic_writes_no_further_event(cast, client):
    topic = cast.propose()
    act(client, cast.resident, topic, "withdraw")
    act(client, cast.secretary, topic, "approve")
    topic.refresh_from_db()
    assert topic.status == "withdrawn" and kinds(topic) == ["proposed", "withdrawn"]
    assert TopicEvent.objects.count() == 2


def test_workbench_asks_residents_for_their_views_until_they_support(cast, client):
    topic = cast.propose()
    client.force_login(cast.secretary)
    assert "议题待审核" in client.get("/").content.decode()
    act(client, cast.secretary, topic, "approve")
    client.force_login(cast.neighbour)
    assert "议题征求意见中" in client.get("/").content.decode()
    act(client, cast.neighbour, topic, "support")
    assert "议题征求意见中" not in client.get("/").content.decode()
    client.force_login(cast.outsider)
    assert "议题征求意见中" not in client.get("/").content.decode()


def test_topic_and_item_lists_take_the_same_queries_for_many_rows(cast, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        client.force_login(cast.secretary)
        client.get(url)  # warm per-process caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    cast.resolved(title="一")
    few = (queries("/deliberation/"), queries("/deliberation/items/"), queries("/deliberation/meetings/"))
    for n in range(4):
        cast.resolved(title=f"议题{n}")
    assert (
        queries("/deliberation/"),
        queries("/deliberation/items/"),
        queries("/deliberation/meetings/"),
    ) == few
