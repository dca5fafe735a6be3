"""Shapes of the visits JSON API. Datetimes are ISO 8601 in local time with their offset (+08:00).
Residents' names are masked (张*明) in every answer."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from .choices import ContactReason, Outcome, VisitKind


class PlaceRef(Schema):
    code: str
    name: str


class VisitOut(Schema):
    id: int
    kind: str
    kind_label: str
    reason: str = Field(description="四必联事由（其他类型为空）")
    reason_label: str
    outcome: str
    outcome_label: str
    household: PlaceRef
    grid_code: str
    person: str | None = Field(description="见到的居民（姓名已脱敏）")
    visitor: str
    visitor_role: str
    visited_at: datetime
    notes: str
    needs_found: str
    appeal: str | None = Field(description="转为诉求时的诉求编号")


class VisitIn(Schema):
    household: str = Field(description="住户编码")
    kind: str = Field(
        description="走访类型：" + "、".join(f"{v}（{label}）" for v, label in VisitKind.choices)
    )
    outcome: str = Field(
        description="走访结果：" + "、".join(f"{v}（{label}）" for v, label in Outcome.choices)
    )
    reason: str = Field(
        "", description="四必联事由：" + "、".join(f"{v}（{label}）" for v, label in ContactReason.choices)
    )
    person: int | None = Field(None, description="见到的居民编号（须住在该户）")
    notes: str = ""
    needs_found: str = ""
    to_appeal: bool = Field(False, description="把发现的需求转为诉求（同一事务）")
    appeal_type: str = Field("help", description="转为诉求时的诉求类型")
    visited_at: datetime | None = Field(None, description="走访时间（补录，31 天内）；默认现在")


class TodoItem(Schema):
    code: str
    name: str
    grid_code: str
    last_visit: datetime | None = Field(description="最近一次走访（任何结果）")
    last_outcome: str
    last_outcome_label: str


class CoverageRowOut(Schema):
    code: str = Field(description="单元或微网格编码；未划网格的住户为空")
    name: str
    total: int
    visited: int
    share: float | None = Field(description="覆盖率（0–1），无住户时为空")


class CoverageOut(Schema):
    month: date
    place: PlaceRef | None
    grid: PlaceRef | None
    total: CoverageRowOut
    units: list[CoverageRowOut]
    grids: list[CoverageRowOut]


class CareAlertOut(Schema):
    person: str = Field(description="居民（姓名已脱敏）")
    kinds: list[str] = Field(description="关爱标签")
    household: PlaceRef
    days: int = Field(description="约定的走访联系间隔（天）")
    last_contact: datetime | None
    days_since: int
    due: datetime
