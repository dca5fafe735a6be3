"""Writes for polls and 业主大会 votes — the entry points other apps use (e.g. a deliberation topic's vote).

Aggregate: ``Poll`` with its options, its roll (``Elector``, fixed at opening), ``Participation`` (who
voted) and ``Ballot``/``Mark`` (what was chosen). Invariants: one participation per elector (database
constraint, so it holds under concurrent requests); a secret ballot carries nothing that identifies its
voter; status moves draft → open → closed by compare-and-set on ``version``. Every service is
keyword-only, takes ``actor``, checks permission through core.policy (PermissionDenied), runs in one
transaction, writes a ``PollEvent`` for each important change, and raises DomainError/Conflict with a
Chinese message — nothing is written then.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import Conflict, DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import GridNode, Place

from . import rules
from .choices import ASSEMBLY_OPTIONS, Channel, ChoiceMode, EventKind, Matter, PollKind, PollStatus, VoterUnit
from .models import AreaChange, Ballot, Elector, ExclusiveArea, Mark, Option, Participation, Poll, PollEvent
from .roll import build_roll, elector_of

MAX_OPTIONS = 20


def _event(poll: Poll, kind: str, actor, permission: str, note: str = "") -> None:
    PollEvent.objects.create(
        poll=poll, kind=kind, note=note[:500], by=actor, by_role=policy.acting_role(actor, permission)
    )


def _clean_options(options: Sequence[str]) -> list[str]:
    labels = [str(o).strip() for o in options if str(o).strip()]
    if len(labels) < 2:
        raise DomainError("请至少填写两个选项。", field="options")
    if len(labels) > MAX_OPTIONS:
        raise DomainError(f"选项最多 {MAX_OPTIONS} 个。", field="options")
    if len(set(labels)) != len(labels):
        raise DomainError("选项不能重复。", field="options")
    if any(len(label) > 200 for label in labels):
        raise DomainError("每个选项不超过 200 字。", field="options")
    return labels


def _check_subject_url(url: str) -> str:
    url = url.strip()
    if url and not (
        url.startswith("/") and not url.startswith("//") or url.startswith(("https://", "http://"))
    ):
        raise DomainError("关联事项链接须为站内路径或 http(s) 地址。", field="subject_url")
    return url


@transaction.atomic
def poll_create(
    *,
    actor,
    place: Place,
    title: str,
    kind: str = PollKind.OPINION,
    options: Sequence[str] = (),
    description: str = "",
    grid: GridNode | None = None,
    choice_mode: str = ChoiceMode.SINGLE,
    max_choices: int | None = None,
    voter_unit: str = VoterUnit.HOUSEHOLD,
    secret: bool = False,
    hide_results: bool = False,
    matter: str = "",
    closes_at: datetime | None = None,
    subject_label: str = "",
    subject_url: str = "",
) -> Poll:
    """Create a poll in draft for ``place`` (a 小区 or 楼栋; or a 社区 narrowed to one of its ``grid``).

    Opinion polls (意见征询) take 2–20 ``options``, single or multiple choice (``max_choices``), one vote
    per household or per person, open or secret, results shown or hidden until close. 业主大会 votes
    (kind ``assembly``) are for a whole 小区, take a §278 ``matter``, are signed, one vote per 专有部分,
    with the options 同意/反对/弃权. ``subject_label``/``subject_url`` optionally name what the poll
    decides. Raises PermissionDenied outside the actor's scope, DomainError for bad input."""
    title = (title or "").strip()
    if not title or len(title) > 120:
        raise DomainError("请填写标题（不超过 120 字）。", field="title")
    if kind not in PollKind.values:
        raise DomainError("请选择表决类型。", field="kind")
    policy.require(actor, rules.MANAGE_POLL, place)
    if kind == PollKind.ASSEMBLY:
        if place.level != PlaceLevel.COMPOUND or grid is not None:
            raise DomainError("业主大会表决的范围须为整个小区。", field="place")
        if matter not in Matter.values:
            raise DomainError("请选择表决事项（民法典第二百七十八条）。", field="matter")
        labels, choice_mode, max_choices = list(ASSEMBLY_OPTIONS), ChoiceMode.SINGLE, None
        voter_unit, secret = VoterUnit.OWNER, False
    else:
        matter = ""
        if grid is not None:
            policy.require(actor, rules.MANAGE_POLL, grid)
            if place.level != PlaceLevel.COMMUNITY or grid.community_id != place.pk:
                raise DomainError("按网格发起时，范围须为该网格所在社区。", field="grid")
        elif place.level not in (PlaceLevel.COMPOUND, PlaceLevel.BUILDING):
            raise DomainError("意见征询的范围须为小区、楼栋或网格。", field="place")
        if voter_unit not in (VoterUnit.HOUSEHOLD, VoterUnit.PERSON):
            raise DomainError("请选择每户一票或每人一票。", field="voter_unit")
        if choice_mode not in ChoiceMode.values:
            raise DomainError("请选择单选或多选。", field="choice_mode")
        labels = _clean_options(options)
        if choice_mode == ChoiceMode.SINGLE:
            max_choices = None
        else:
            max_choices = max_choices or len(labels)
            if not 2 <= max_choices <= len(labels):
                raise DomainError("多选时最多可选数须在 2 与选项数之间。", field="max_choices")
    if closes_at is not None and closes_at <= timezone.now():
        raise DomainError("截止时间须晚于现在。", field="closes_at")
    poll = Poll.objects.create(
        kind=kind,
        title=title,
        description=(description or "").strip()[:4000],
        place=place,
        grid=grid,
        choice_mode=choice_mode,
        max_choices=max_choices,
        voter_unit=voter_unit,
        secret=bool(secret),
        hide_results=bool(hide_results),
        matter=matter,
        closes_at=closes_at,
        subject_label=(subject_label or "").strip()[:200],
        subject_url=_check_subject_url(subject_url or "")[:300],
        created_by=actor,
    )
    Option.objects.bulk_create(
        Option(poll=poll, position=i, label=label) for i, label in enumerate(labels, 1)
    )
    _event(poll, EventKind.CREATED, actor, rules.MANAGE_POLL)
    return poll


def _move(poll: Poll, source: str, target: str, **fields) -> None:
    updated = Poll.objects.filter(pk=poll.pk, status=source, version=poll.version).update(
        status=target, version=F("version") + 1, **fields
    )
    if updated != 1:
        raise Conflict("表决状态已被他人更改，请刷新页面后重试。")
    poll.refresh_from_db()


@transaction.atomic
def poll_open(*, actor, poll: Poll) -> Poll:
    """Open voting: fix the roll (for 业主大会 each owner's 专有部分 and area as registered now). Raises
    DomainError when nobody is eligible or an owner's area is missing, Conflict unless in draft."""
    policy.require(actor, rules.MANAGE_POLL, poll)
    if poll.status != PollStatus.DRAFT:
        raise Conflict("只有草稿状态的表决可以开始投票。")
    electors, missing = build_roll(poll, today=timezone.localdate())
    if missing:
        names = "、".join(h.display_name for h in missing[:5])
        more = f"等 {len(missing)} 户" if len(missing) > 5 else ""
        raise DomainError(f"以下业主住户尚未登记专有部分面积：{names}{more}。请先登记面积。")
    if not electors:
        raise DomainError("该范围内没有符合条件的投票人，无法开始投票。")
    _move(poll, PollStatus.DRAFT, PollStatus.OPEN, opened_at=timezone.now())
    Elector.objects.bulk_create(electors, batch_size=1000)
    note = f"表决权名册 {len(electors)} 个"
    if poll.is_assembly:
        note += f"专有部分，总面积 {sum((e.area for e in electors), Decimal(0))}㎡"
    _event(poll, EventKind.OPENED, actor, rules.MANAGE_POLL, note)
    return poll


def _options_chosen(poll: Poll, option_ids: Sequence[int]) -> list[Option]:
    try:
        ids = {int(i) for i in option_ids}
    except (TypeError, ValueError):
        raise DomainError("选项无效。", field="options") from None
    chosen = list(poll.options.filter(pk__in=ids))
    if not ids or len(chosen) != len(ids):
        raise DomainError("请选择本表决中的选项。", field="options")
    if poll.choice_mode == ChoiceMode.SINGLE and len(chosen) != 1:
        raise DomainError("本表决为单选，请只选择一项。", field="options")
    if poll.max_choices and len(chosen) > poll.max_choices:
        raise DomainError(f"最多可选 {poll.max_choices} 项。", field="options")
    return chosen


def _record(*, poll: Poll, elector: Elector, chosen: list[Option], channel: str, actor) -> Participation:
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                poll=poll, elector=elector, channel=channel, cast_by=actor
            )
    except IntegrityError:
        who = {VoterUnit.HOUSEHOLD: "该户", VoterUnit.PERSON: "该居民", VoterUnit.OWNER: "该专有部分"}
        raise Conflict(f"{who[poll.voter_unit]}已经投过票，每个投票人只能投一次。") from None
    ballot = Ballot.objects.create(poll=poll, elector=None if poll.secret else elector)
    Mark.objects.bulk_create(Mark(ballot=ballot, option=o) for o in chosen)
    return participation


def _lock_open(poll: Poll) -> Poll:
    # Lock the poll row so a ballot and the closing of the poll never interleave (PostgreSQL).
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    if locked.status != PollStatus.OPEN:
        raise Conflict("该表决不在投票期间。" if locked.status == PollStatus.DRAFT else "投票已经结束。")
    return locked


@transaction.atomic
def ballot_cast(*, actor, poll: Poll, option_ids: Sequence[int]) -> Participation:
    """The actor votes online for their own roll entry (their household, themselves, or their 专有部分).

    Raises PermissionDenied when the actor is not on the roll, Conflict when already voted (also under
    concurrent requests: the database refuses the second participation) or voting is not open,
    DomainError for an invalid choice."""
    policy.require(actor, rules.CAST_BALLOT, poll)
    poll = _lock_open(poll)
    elector = elector_of(actor, poll)
    if elector is None:
        raise DomainError("您不在本次表决的表决权名册中。")
    return _record(
        poll=poll,
        elector=elector,
        chosen=_options_chosen(poll, option_ids),
        channel=Channel.ONLINE,
        actor=actor,
    )


@transaction.atomic
def paper_ballot_enter(*, actor, poll: Poll, elector: Elector, option_ids: Sequence[int]) -> Participation:
    """Staff enter a paper ballot (纸质表决票) for ``elector``; who entered it and when is kept on the
    participation and in an event row. Same refusals as :func:`ballot_cast`."""
    policy.require(actor, rules.ENTER_PAPER, poll)
    poll = _lock_open(poll)
    if elector.poll_id != poll.pk:
        raise DomainError("该投票人不在本次表决的名册中。", field="elector")
    participation = _record(
        poll=poll,
        elector=elector,
        chosen=_options_chosen(poll, option_ids),
        channel=Channel.PAPER,
        actor=actor,
    )
    who = elector.name or elector.household.display_name
    _event(poll, EventKind.PAPER_ENTERED, actor, rules.ENTER_PAPER, f"录入 {who} 的纸质表决票")
    return participation


@transaction.atomic
def poll_close(*, actor, poll: Poll) -> Poll:
    """End voting and fix the result (业主大会: the §278 outcome). Secret ballots are rewritten in random
    order with fresh ids, so not even the storage order follows the order of voting."""
    policy.require(actor, rules.MANAGE_POLL, poll)
    return _close(poll, actor=actor)


def _close(poll: Poll, *, actor, note: str = "") -> Poll:
    from .selectors import poll_result

    if poll.status != PollStatus.OPEN:
        raise Conflict("只有投票中的表决可以结束。")
    _move(poll, PollStatus.OPEN, PollStatus.CLOSED, closed_at=timezone.now())
    if poll.secret:
        _reshuffle(poll)
    result = poll_result(poll=poll)
    if result.decision is not None:
        poll.outcome = result.decision.outcome
        poll.save(update_fields=["outcome"])
    _event(poll, EventKind.CLOSED, actor, rules.MANAGE_POLL, note + result.summary)
    return poll


def polls_close_due(*, now: datetime) -> int:
    """The periodic job: close every open poll whose planned closing time has passed (by the system,
    recorded as such). Returns how many were closed; one that someone else closed first is skipped."""
    closed = 0
    for poll in Poll.objects.filter(status=PollStatus.OPEN, closes_at__lte=now):
        try:
            with transaction.atomic():
                _close(poll, actor=None, note="到达截止时间，系统自动结束。")
            closed += 1
        except Conflict:
            continue
    return closed


def _reshuffle(poll: Poll) -> None:
    ballots = [
        sorted(b.marks.values_list("option_id", flat=True)) for b in poll.ballots.prefetch_related("marks")
    ]
    random.SystemRandom().shuffle(ballots)
    poll.ballots.all().delete()
    fresh = Ballot.objects.bulk_create(Ballot(poll=poll) for _ in ballots)
    Mark.objects.bulk_create(
        Mark(ballot=b, option_id=o) for b, opts in zip(fresh, ballots, strict=True) for o in opts
    )


@transaction.atomic
def area_set(*, actor, household: Place, area) -> ExclusiveArea:
    """Register a household's 专有部分面积 (㎡, > 0, two decimals). Votes already open keep their roll."""
    policy.require(actor, rules.SET_AREA, household)
    if household.level != PlaceLevel.HOUSEHOLD:
        raise DomainError("请选择住户。", field="household")
    try:
        value = Decimal(str(area).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise DomainError("面积须为数字（平方米）。", field="area") from None
    if not Decimal("0") < value < Decimal("100000"):
        raise DomainError("面积须大于 0 且小于 100000 平方米。", field="area")
    current = ExclusiveArea.objects.select_for_update().filter(household=household).first()
    before = current.area if current else None
    if before == value:
        return current
    row, _ = ExclusiveArea.objects.update_or_create(
        household=household, defaults={"area": value, "updated_by": actor}
    )
    AreaChange.objects.create(household=household, before=before, after=value, by=actor)
    return row
