"""The whole closed loop through the services, and what each step records."""

import pytest
from django.core.exceptions import PermissionDenied

from linli.appeals.choices import EventKind, Satisfaction, Status
from linli.appeals.services import workflow as wf
from linli.appeals.services.intake import appeal_classify
from linli.appeals.tests.factories import Cast, category
from linli.core.exceptions import Conflict, DomainError
from linli.notifications.models import Notification


@pytest.fixture
def cast(world):
    return Cast(world)


def _to_closed(cast):
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)
    wf.appeal_sign(appeal=appeal, actor=cast.handler)
    wf.appeal_reply(appeal=appeal, actor=cast.handler, reply="已更换门禁电机，门已能正常关闭。")
    wf.appeal_close(appeal=appeal, actor=cast.desk)
    return appeal


def test_resident_report_travels_the_whole_loop_and_every_step_is_an_event(cast):
    appeal = _to_closed(cast)
    wf.appeal_rate(appeal=appeal, actor=cast.resident, satisfaction=Satisfaction.SATISFIED, resolved=True)
    assert appeal.status == Status.RATED
    kinds = list(appeal.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.SUBMITTED,
        EventKind.RECEIVED,
        EventKind.DISPATCHED,
        EventKind.SIGNED,
        EventKind.REPLIED,
        EventKind.CLOSED,
        EventKind.RATED,
    ]
    assert appeal.number.endswith(f"{appeal.pk:06d}")
    assert appeal.sign_due > appeal.dispatched_at and appeal.handle_due > appeal.sign_due
    assert appeal.closed_level == appeal.level


def test_dispatch_tells_the_handler_and_closing_tells_the_resident(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = _to_closed(cast)
    assert Notification.objects.filter(recipient=cast.handler, kind="appeal.dispatched").exists()
    told = Notification.objects.get(recipient=cast.resident, kind="appeal.closed")
    assert "门禁电机" in told.body and str(appeal.pk) in told.url


def test_an_illegal_step_is_refused_in_chinese_and_nothing_is_written(cast):
    appeal = cast.report()
    before = appeal.events.count()
    with pytest.raises(Conflict, match="待受理.*不能核查不通过"):
        wf.appeal_send_back(appeal=appeal, actor=cast.desk, reason="照片不清楚，请补充")
    appeal.refresh_from_db()
    assert appeal.status == Status.SUBMITTED and appeal.events.count() == before


def test_dispatch_needs_a_category_and_exactly_one_target(cast):
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk)
    with pytest.raises(DomainError, match="分类"):
        wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)
    appeal_classify(appeal=appeal, actor=cast.desk, category=category("0102"))
    with pytest.raises(DomainError, match="一个承办单位或一位承办人"):
        wf.appeal_dispatch(appeal=appeal, actor=cast.desk)


def test_only_the_unit_it_was_dispatched_to_may_sign(cast):
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)
    with pytest.raises(PermissionDenied):
        wf.appeal_sign(appeal=appeal, actor=cast.grid_worker)
    wf.appeal_sign(appeal=appeal, actor=cast.handler)


def test_a_desk_outside_the_community_may_not_receive(cast):
    appeal = cast.report()
    with pytest.raises(PermissionDenied):
        wf.appeal_receive(appeal=appeal, actor=cast.outsider)


def test_no_closing_without_a_reply_to_the_resident(cast):
    appeal = cast.report()
    with pytest.raises(DomainError, match="答复"):
        wf.appeal_reject(appeal=appeal, actor=cast.desk, reason="")
    wf.appeal_reject(
        appeal=appeal, actor=cast.desk, reason="该事项属于业主个人室内维修，请联系物业有偿服务。"
    )
    assert appeal.status == Status.INVALID and "有偿服务" in appeal.reply


def test_unsatisfied_rating_sends_it_back_to_the_same_unit_once(cast):
    appeal = _to_closed(cast)
    wf.appeal_rate(appeal=appeal, actor=cast.resident, satisfaction=Satisfaction.UNSATISFIED, resolved=False)
    assert appeal.status == Status.DISPATCHED and appeal.unit == cast.unit and appeal.rework_count == 1
    assert appeal.events.filter(kind=EventKind.REWORKED, actor__isnull=True).exists()
    wf.appeal_sign(appeal=appeal, actor=cast.handler)
    wf.appeal_reply(appeal=appeal, actor=cast.handler, reply="再次检修，更换了整套门禁。")
    wf.appeal_close(appeal=appeal, actor=cast.desk)
    wf.appeal_rate(appeal=appeal, actor=cast.resident, satisfaction=Satisfaction.UNSATISFIED, resolved=False)
    assert appeal.status == Status.RATED  # the configured single rework is used up


def test_only_the_reporter_rates(cast):
    appeal = _to_closed(cast)
    with pytest.raises(PermissionDenied):
        wf.appeal_rate(appeal=appeal, actor=cast.desk, satisfaction=Satisfaction.SATISFIED, resolved=True)


def test_return_within_the_limit_puts_it_back_on_the_desk(cast):
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)
    wf.appeal_return(appeal=appeal, actor=cast.handler, reason="属于供电公司的线路问题")
    assert appeal.status == Status.RECEIVED and appeal.unit is None and appeal.return_count == 1


def test_extension_moves_the_deadline_when_approved(cast):
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)
    wf.appeal_sign(appeal=appeal, actor=cast.handler)
    due = appeal.handle_due
    wf.appeal_request_extension(appeal=appeal, actor=cast.handler, days=3, reason="配件需要厂家寄送")
    with pytest.raises(Conflict):
        wf.appeal_request_extension(appeal=appeal, actor=cast.handler, days=2, reason="再延两天")
    wf.appeal_decide_extension(appeal=appeal, actor=cast.desk, approve=True)
    assert appeal.handle_due > due and appeal.extension_count == 1 and appeal.extension_requested_days is None


def test_escalation_goes_up_one_level_and_the_community_can_no_longer_dispatch(cast):
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    level = appeal.level
    wf.appeal_escalate(appeal=appeal, actor=cast.desk, reason="需要街道协调多个部门")
    assert appeal.level == level - 1 and appeal.status == Status.RECEIVED
    wf.appeal_escalate(appeal=appeal, actor=cast.street, reason="需要区城管部门处理")
    with pytest.raises(DomainError, match="层级"):
        wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)


def test_two_people_acting_at_once_one_wins_the_other_gets_a_conflict(cast):
    appeal = cast.report()
    stale = type(appeal).objects.get(pk=appeal.pk)
    wf.appeal_receive(appeal=appeal, actor=cast.desk)
    with pytest.raises(Conflict):
        wf.appeal_reject(appeal=stale, actor=cast.secretary, reason="重复提交，已合并处理。")
    appeal.refresh_from_db()
    assert appeal.status == Status.RECEIVED
    assert appeal.events.filter(kind=EventKind.REJECTED).count() == 0


def test_resident_reopens_within_the_window(cast):
    appeal = _to_closed(cast)
    wf.appeal_reopen(appeal=appeal, actor=cast.resident, reason="门禁又坏了")
    assert appeal.status == Status.RECEIVED and appeal.closed_at is None


def test_queue_page_filters_and_keeps_filters_when_paging(client, cast):
    for n in range(35):
        cast.report(text=f"第{n}号：楼道灯不亮，晚上看不见台阶，请物业尽快维修")
    client.force_login(cast.desk)
    page = client.get("/appeals/?queue=to_receive&q=楼道灯").content.decode()
    assert "第 1 / 2 页" in page and "q=%E6%A5%BC%E9%81%93%E7%81%AF&amp;page=2" in page
    assert 'hx-target="#queue"' in page
    assert "这个队列里没有工单" in client.get("/appeals/?queue=to_receive&q=电梯").content.decode()


def test_dispatch_only_to_a_unit_serving_the_place(cast):
    from linli.appeals.models import HandlingUnit

    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    elsewhere = HandlingUnit.objects.create(name="秋实物业", kind="property", place=cast.world.compound_b1)
    with pytest.raises(DomainError, match="不负责这个地点"):
        wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=elsewhere)
    assert appeal.status == Status.RECEIVED


def test_receiving_with_a_street_level_category_puts_it_on_the_street_desk(cast):
    appeal = cast.report(text="小区昨晚开始停水，到现在还没有来水，家里老人做饭都成问题")
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("1001"))
    assert appeal.level == 2
    with pytest.raises(DomainError, match="街道层级"):
        wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)
    wf.appeal_dispatch(appeal=appeal, actor=cast.street, unit=cast.unit)


def test_a_compound_appeal_can_be_assigned_to_a_party_member_who_then_handles_it(cast, client):
    from linli.core.roles import Role
    from linli.places.tests.factories import user_with_role

    member = user_with_role(Role.BRANCH_MEMBER, place=cast.world.compound_a1, name="党员老李")
    stranger = user_with_role(Role.BRANCH_MEMBER, place=cast.world.compound_b1, name="别的小区党员")
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0402"))  # 占用公共部位: 小区 level
    client.force_login(cast.desk)
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert "党员老李" in page and "别的小区党员" not in page
    client.post(f"/appeals/{appeal.pk}/act/dispatch/", {"assignee": stranger.pk})
    appeal.refresh_from_db()
    assert appeal.status == Status.RECEIVED
    client.post(f"/appeals/{appeal.pk}/act/dispatch/", {"assignee": member.pk})
    appeal.refresh_from_db()
    assert appeal.status == Status.DISPATCHED and appeal.assignee == member
    wf.appeal_sign(appeal=appeal, actor=member)
    wf.appeal_reply(appeal=appeal, actor=member, reply="已和邻居沟通，楼道杂物已清理干净。")
    assert appeal.status == Status.REPLIED


def test_a_party_member_claims_a_compound_appeal(cast):
    from linli.core.roles import Role
    from linli.places.tests.factories import user_with_role

    volunteer = user_with_role(Role.VOLUNTEER, place=cast.world.compound_a1, name="志愿者小周")
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0402"))
    wf.appeal_claim(appeal=appeal, actor=volunteer)
    assert appeal.status == Status.IN_PROGRESS and appeal.assignee == volunteer and appeal.handle_due


def test_residents_see_public_appeals_of_their_compound_but_not_private_ones_or_who_reported(cast, client):
    from linli.core.roles import Role
    from linli.places.tests.factories import user_with_role

    neighbour_home = cast.world.households[cast.world.compound_a1.code][1]
    neighbour = user_with_role(Role.RESIDENT, place=neighbour_home, name="邻居赵大爷")
    cast.report(
        actor=neighbour, place=neighbour_home, text="小区东门路灯坏了一个月，晚上很黑", is_public=True
    )
    cast.report(actor=neighbour, place=neighbour_home, text="我家楼上漏水到我家卫生间", is_public=False)
    client.force_login(cast.resident)
    page = client.get("/appeals/mine/").content.decode()
    assert "东门路灯坏了一个月" in page and "楼上漏水" not in page and "赵大爷" not in page
    public = client.get("/appeals/mine/")
    detail = client.get(f"/appeals/{public.context['neighbours'][0].pk}/").content.decode()
    assert "东门路灯" in detail and "赵大爷" not in detail


def test_on_behalf_appeal_of_a_resident_with_an_account_is_theirs_to_follow_and_rate(cast):
    from linli.appeals.choices import Channel

    appeal = cast.report(
        actor=cast.grid_worker,
        channel=Channel.ON_BEHALF,
        reporter_name="居民王",
        reporter_phone=cast.resident.phone,
        text="楼道里堆满了纸箱，消防通道被堵了",
    )
    assert appeal.reporter == cast.resident and appeal.on_behalf_by == cast.grid_worker
    assert appeal.status == Status.RECEIVED
    stranger = cast.report(
        actor=cast.grid_worker,
        channel=Channel.ON_BEHALF,
        reporter_phone=cast.outsider.phone,
        text="楼道里堆满了纸箱，消防通道被堵了",
    )
    assert stranger.reporter is None  # a number that is not a resident there links nothing


def test_owner_routed_categories_offer_the_owning_unit_first(cast):
    from linli.appeals.models import HandlingUnit
    from linli.appeals.selectors import dispatch_targets

    HandlingUnit.objects.create(name="春晖居委会", kind="community", place=cast.world.community_a)
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0103"))  # 电梯: 属主, property
    assert [u.name for u in dispatch_targets(appeal=appeal)] == ["春晖物业", "春晖居委会"]
    appeal2 = cast.report(text="邻居家的狗天天半夜叫，怎么说都不听")
    wf.appeal_receive(appeal=appeal2, actor=cast.desk, category=category("0701"))  # 邻里矛盾: 属地, community
    assert [u.name for u in dispatch_targets(appeal=appeal2)] == ["春晖居委会", "春晖物业"]


def test_a_handler_acting_on_an_order_just_taken_back_gets_a_conflict_not_a_refusal(cast):
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)
    wf.appeal_sign(appeal=appeal, actor=cast.handler)
    stale = type(appeal).objects.get(pk=appeal.pk)
    wf.appeal_escalate(appeal=appeal, actor=cast.desk, reason="需要街道协调供电部门")
    with pytest.raises(Conflict, match="刚刚已被他人处理"):
        wf.appeal_reply(appeal=stale, actor=cast.handler, reply="门禁已修好，可以正常使用。")
