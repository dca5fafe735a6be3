"""Shapes of the appeals JSON API. Datetimes are ISO 8601 in local time with their offset (+08:00)."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime

from ninja import Field, Schema
from pydantic import create_model

from .choices import AppealType, Channel
from .measures import DEFAULT_PRESET, WEIGHT_PRESETS, Counts


class CategoryRef(Schema):
    code: str
    name: str


class PlaceRef(Schema):
    code: str
    name: str


class DeadlineStates(Schema):
    sign: str = Field(description="签收时限状态：on_track/at_risk/overdue/met/late/none")
    sign_label: str
    handle: str = Field(description="办结时限状态：on_track/at_risk/overdue/met/late/none")
    handle_label: str


class AppealListItem(Schema):
    id: str
    number: str | None
    title: str
    text: str = Field(description="诉求内容（列表中截断为 200 字）")
    status: str
    status_label: str
    type: str
    type_label: str
    category: CategoryRef | None
    channel: str
    channel_label: str
    level: int
    level_label: str
    unit: str | None = Field(description="承办单位名称（或接单人）")
    submitted_at: datetime
    dispatched_at: datetime | None
    sign_due: datetime | None
    handle_due: datetime | None
    card: str = Field(description="督办牌：none/yellow/red")
    deadlines: DeadlineStates


class EventOut(Schema):
    kind: str
    kind_label: str
    at: datetime
    from_status: str
    to_status: str
    note: str
    is_internal: bool
    actor: str | None = Field(description="操作人（仅工作人员可见）")


class ActionOut(Schema):
    name: str
    label: str
    danger: bool


class ReporterOut(Schema):
    name: str
    phone_masked: str
    on_behalf_by: str | None


class RatingOut(Schema):
    satisfaction: str
    satisfaction_label: str
    resolved: bool | None
    comment: str
    rated_at: datetime | None


class AppealDetail(AppealListItem):
    version: int = Field(description="乐观锁版本；执行操作时带上它，若他人已先处理则返回 409")
    place: PlaceRef | None
    address: str
    is_public: bool
    reporter: ReporterOut | None = Field(description="诉求人（仅工作人员可见，电话脱敏）")
    reply: str = Field(description="答复居民的内容（合并的诉求显示主诉求的答复）")
    rating: RatingOut | None
    merged_into: str | None = Field(description="合并到的诉求编号")
    extension_requested_days: int | None
    extension_reason: str
    closed_at: datetime | None
    photos: list[str]
    timeline: list[EventOut]
    actions: list[ActionOut]


class AppealIn(Schema):
    text: str = Field(description="诉求内容（5–2000 字）")
    place: str = Field(description="地点编码（小区、楼栋或住户；接口渠道也可为街道、社区）")
    appeal_type: str = Field(AppealType.HELP.value, description="类型：" + "、".join(AppealType.values))
    category: str = Field("", description="二级分类编码（可空，由受理人分类）")
    title: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""
    is_public: bool = False
    channel: str = Field(
        Channel.API.value, description="渠道：api（默认）、代办/接待日/走访/恳谈会/巡查/热线，或居民自助"
    )


class ActionIn(Schema):
    """The fields each action reads; the others are ignored."""

    version: int | None = Field(None, description="调用方看到的版本；与当前版本不符时返回 409")
    category: str | None = Field(None, description="受理、修改分类：二级分类编码")
    reason: str | None = Field(
        None, description="不予受理、回退、延期、返工、重新打开、上报、缓办、挂账的理由"
    )
    note: str | None = Field(None, description="说明；回访情况")
    unit: int | None = Field(None, description="派单：承办单位 id")
    into: str | None = Field(None, description="合并：合并到的诉求编号")
    days: int | None = Field(None, description="申请延期：工作日数（1–10）")
    reply: str | None = Field(None, description="反馈：给居民的答复")
    internal_note: str | None = Field(None, description="反馈：内部说明（居民看不到）")
    satisfaction: str | None = Field(None, description="评价、回访代录：satisfied/basic/unsatisfied")
    resolved: bool | None = Field(None, description="评价、回访代录：是否解决")
    comment: str | None = Field(None, description="评价留言")
    text: str | None = Field(None, description="内部备注内容")


class ActionResult(Schema):
    message: str
    appeal: AppealDetail | None = Field(description="操作后的诉求；若操作后您已无权查看则为 null")


MeasureCounts = create_model("MeasureCounts", __base__=Schema, **{f.name: (int, ...) for f in fields(Counts)})


class MeasuresQuery(Schema):
    place: str = Field("", description="地点编码；空为我的全部辖区")
    date_from: date | None = Field(None, alias="from", description="开始日期，默认本月 1 日")
    date_to: date | None = Field(None, alias="to", description="结束日期，默认今天")
    weights: str = Field(DEFAULT_PRESET, description="权重方案：" + "、".join(WEIGHT_PRESETS))


class RateOut(Schema):
    key: str
    label: str
    numerator: int
    denominator: int
    value: float | None = Field(description="分母为 0 时为 null（显示为“—”），不是 0 或 100%")
    formula: str


class MeasuresOut(Schema):
    place: PlaceRef | None
    start: date = Field(description="统计期开始（含）")
    end: date = Field(description="统计期结束（含）")
    weights: str
    counts: MeasureCounts
    rates: list[RateOut]
    score: float | None = Field(description="综合得分（响应率、解决率、满意率加权）；任一项无数据时为 null")


class CategoryOut(Schema):
    code: str
    name: str
    sign_limit: str
    handle_limit: str
    visit_limit: str
    default_level: int
    default_level_label: str
    routing: str
    routing_label: str
    default_unit_kind: str
    default_unit_kind_label: str


class CategoryGroupOut(Schema):
    code: str
    name: str
    children: list[CategoryOut]
