from datetime import date, datetime

from ninja import Schema


class TopicOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    place_code: str
    place_name: str
    category: str
    proposer_body: str
    created_at: datetime
    supports: int


class ItemOut(Schema):
    id: int
    text: str
    owner: str
    deadline: date
    done_at: datetime | None
    overdue: bool


class TopicEventOut(Schema):
    kind: str
    label: str
    at: datetime
    from_status: str
    to_status: str
    note: str


class TopicPollOut(Schema):
    id: int
    title: str
    status: str
    summary: str


class TopicDetail(TopicOut):
    description: str
    return_reason: str
    decision_mode: str
    resolution: str
    is_consensus: bool
    steward: str | None
    actions: list[str]
    needs: int
    opinions: int
    evaluations: int
    average_score: float | None
    items: list[ItemOut]
    events: list[TopicEventOut]
    poll: TopicPollOut | None


class TopicIn(Schema):
    place_code: str
    title: str
    description: str
    category: str
    body: str = "resident"


class ItemIn(Schema):
    text: str
    owner_id: int
    deadline: str


class TopicActionIn(Schema):
    note: str = ""
    reason: str = ""
    title: str = ""
    description: str = ""
    category: str = ""
    mode: str = ""
    meeting_id: int | None = None
    resolution: str = ""
    consensus: bool = False
    items: list[ItemIn] = []
    text: str = ""
    score: int | None = None
    comment: str = ""
    options: list[str] = []
    voter_unit: str = "household"
    hide_results: bool = False
    poll_id: int | None = None


class TopicActionResult(Schema):
    detail: str
    status: str


class MeetingOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    place_name: str
    scheduled_at: datetime
    location: str
    status: str
    invited: int
    signed_in: int


class DeliberationCountsOut(Schema):
    held: int
    solved: int
    consensus: int
    meetings: int
    joint_meeting_missing: list[str]
