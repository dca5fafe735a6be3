"""The snapshot figures of the dashboards: what each one counts, its formula in Chinese, and how it is
computed for every node of one level at once (grouped by the first n digits of a place code).

Each ``compute(n)`` returns {code: (numerator, denominator or None)}; a rate is numerator ÷ denominator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Substr
from django.utils import timezone

from linli.places.choices import PlaceLevel
from linli.places.models import Place

LEVELS = (6, 9, 12, 15)  # 区, 街道, 社区, 小区


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str  # "%" for a rate, else the unit of a count
    formula: str
    compute: Callable[[int], dict[str, tuple[int, int | None]]]
    records: str = ""  # URL name of the records behind it (with ?place=<code>)


def _grouped(qs, code_field: str, n: int, **aggregates) -> dict[str, dict]:
    rows = qs.annotate(node=Substr(code_field, 1, n)).values("node").annotate(**aggregates)
    return {r.pop("node"): r for r in rows}


def _month_start() -> date:
    return timezone.localdate().replace(day=1)


def households(n):
    rows = _grouped(Place.objects.filter(level=PlaceLevel.HOUSEHOLD), "code", n, c=Count("id"))
    return {k: (v["c"], None) for k, v in rows.items()}


def residents(n):
    from linli.people.models import Person

    rows = _grouped(Person.objects.filter(moved_out_on__isnull=True), "household__code", n, c=Count("id"))
    return {k: (v["c"], None) for k, v in rows.items()}


def visit_coverage(n):
    from linli.visits.choices import REACHED
    from linli.visits.models import Visit
    from linli.visits.selectors import month_bounds

    start, end = month_bounds(_month_start())
    total = _grouped(Place.objects.filter(level=PlaceLevel.HOUSEHOLD), "code", n, c=Count("id"))
    reached = _grouped(
        Visit.objects.filter(visited_at__gte=start, visited_at__lt=end, outcome__in=REACHED),
        "household__code",
        n,
        c=Count("household", distinct=True),
    )
    return {k: (reached.get(k, {"c": 0})["c"], v["c"]) for k, v in total.items()}


def _compounds(n):
    return _grouped(Place.objects.filter(level=PlaceLevel.COMPOUND), "code", n, c=Count("id"))


def branch_coverage(n):
    from linli.party.choices import OrgLevel

    covered = _grouped(
        Place.objects.filter(level=PlaceLevel.COMPOUND).filter(
            Q(covering_orgs__level=OrgLevel.BRANCH) | Q(party_orgs__level=OrgLevel.BRANCH)
        ),
        "code",
        n,
        c=Count("id", distinct=True),
    )
    return {k: (covered.get(k, {"c": 0})["c"], v["c"]) for k, v in _compounds(n).items()}


def committee_coverage(n):
    from linli.party.choices import BodyKind

    covered = _grouped(
        Place.objects.filter(
            level=PlaceLevel.COMPOUND,
            bodies__kind__in=[BodyKind.OWNERS_COMMITTEE, BodyKind.PROPERTY_COMMITTEE],
        ),
        "code",
        n,
        c=Count("id", distinct=True),
    )
    return {k: (covered.get(k, {"c": 0})["c"], v["c"]) for k, v in _compounds(n).items()}


def dual_report(n):
    from linli.party.models import PartyMember

    rows = _grouped(PartyMember.objects.filter(registered_at__isnull=False), "home__code", n, c=Count("id"))
    return {k: (v["c"], None) for k, v in rows.items()}


def volunteers(n):
    from linli.volunteers.models import Volunteer

    rows = _grouped(Volunteer.objects.filter(is_active=True), "place__code", n, c=Count("id"))
    return {k: (v["c"], None) for k, v in rows.items()}


def volunteer_hours(n):
    from linli.volunteers.models import SignUp

    today = timezone.localdate()
    quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    rows = _grouped(
        SignUp.objects.filter(minutes__isnull=False, activity__starts_at__date__gte=quarter),
        "activity__place__code",
        n,
        m=Sum("minutes"),
    )
    return {k: (round((v["m"] or 0) / 60), None) for k, v in rows.items()}


def emergencies(n):
    from linli.mobilization.models import Emergency

    rows = _grouped(Emergency.objects.filter(status="active"), "place__code", n, c=Count("id"))
    return {k: (v["c"], None) for k, v in rows.items()}


def patrols(n):
    from linli.visits.models import Patrol

    since = timezone.now() - timedelta(days=7)
    if n > 12:  # grids belong to communities, not to 小区
        return {}
    rows = _grouped(Patrol.objects.filter(checked_in_at__gte=since), "grid_code", n, c=Count("id"))
    return {k: (v["c"], None) for k, v in rows.items()}


def appeals_open(n):
    from linli.appeals.choices import OPEN_STATES
    from linli.appeals.models import Appeal

    rows = _grouped(
        Appeal.objects.filter(status__in=OPEN_STATES).exclude(place_code=""), "place_code", n, c=Count("id")
    )
    return {k: (v["c"], None) for k, v in rows.items() if len(k) == n}


def appeals_overdue(n):
    from linli.appeals.choices import OPEN_STATES
    from linli.appeals.models import Appeal

    rows = _grouped(
        Appeal.objects.filter(status__in=OPEN_STATES, handle_due__lt=timezone.now()).exclude(place_code=""),
        "place_code",
        n,
        c=Count("id"),
    )
    return {k: (v["c"], None) for k, v in rows.items() if len(k) == n}


def red_cards(n):
    from linli.appeals.choices import OPEN_STATES
    from linli.appeals.models import Appeal

    rows = _grouped(
        Appeal.objects.filter(status__in=OPEN_STATES, red_card_at__isnull=False).exclude(place_code=""),
        "place_code",
        n,
        c=Count("id"),
    )
    return {k: (v["c"], None) for k, v in rows.items() if len(k) == n}


def fee_collection(n):
    from django.db.models import DecimalField
    from django.db.models.functions import Coalesce

    from linli.property.models_fees import FeeBill

    year = str(timezone.localdate().year)
    zero = Value(0, output_field=DecimalField(max_digits=14, decimal_places=2))
    rows = _grouped(
        FeeBill.objects.filter(period__startswith=year),
        "compound__code",
        n,
        due=Coalesce(Sum("due"), zero),
        paid=Coalesce(Sum("paid"), zero),
    )
    return {k: (int(v["paid"]), int(v["due"])) for k, v in rows.items() if v["due"]}


def mediation_in_compound(n):
    from linli.mediation.choices import CONCLUDED, Level, Status
    from linli.mediation.models import MediationCase

    rows = _grouped(
        MediationCase.objects.filter(status__in=CONCLUDED),
        "place_code",
        n,
        total=Count("id"),
        inside=Count("id", filter=Q(status=Status.RESOLVED, level=Level.COMPOUND)),
    )
    return {k: (v["inside"], v["total"]) for k, v in rows.items()}


def deliberations(n):
    from linli.deliberation.choices import TopicStatus
    from linli.deliberation.models import Topic

    rows = _grouped(
        Topic.objects.filter(status__in=[TopicStatus.DECIDING, TopicStatus.IMPLEMENTING, TopicStatus.CLOSED]),
        "place__code",
        n,
        c=Count("id"),
    )
    return {k: (v["c"], None) for k, v in rows.items()}


def consensus(n):
    from linli.deliberation.choices import TopicStatus
    from linli.deliberation.models import Topic

    rows = _grouped(
        Topic.objects.filter(status__in=[TopicStatus.IMPLEMENTING, TopicStatus.CLOSED]),
        "place__code",
        n,
        decided=Count("id"),
        agreed=Count("id", filter=Q(is_consensus=True)),
    )
    return {k: (v["agreed"], v["decided"]) for k, v in rows.items()}


def projects(n):
    from linli.projects.models import Project

    rows = _grouped(Project.objects.all(), "compound__code", n, c=Count("id"))
    return {k: (v["c"], None) for k, v in rows.items()}


def _credit_grades(n):
    from linli.property.credit import BLACK_GRADES, RED_GRADES
    from linli.property.selectors import compound_credit

    out: dict[str, list[int]] = {}
    for code, standing in compound_credit().items():
        row = out.setdefault(code[:n], [0, 0, 0])
        row[0] += standing.grade in RED_GRADES
        row[1] += standing.grade in BLACK_GRADES
        row[2] += 1
    return out


def property_red(n):
    return {k: (red, total) for k, (red, _, total) in _credit_grades(n).items()}


def property_black(n):
    return {k: (black, None) for k, (_, black, _) in _credit_grades(n).items()}


def _points(n, kinds, sign):
    from linli.points.models import Entry

    year = date(timezone.localdate().year, 1, 1)
    rows = _grouped(
        Entry.objects.filter(kind__in=kinds, day__gte=year, reversal__isnull=True, **{f"amount__{sign}": 0}),
        "account__volunteer__place__code",
        n,
        s=Sum("amount"),
    )
    return {k: (abs(v["s"] or 0), None) for k, v in rows.items() if len(k) == n}


def points_issued(n):
    from linli.points.choices import EntryKind

    return _points(n, [EntryKind.SERVICE, EntryKind.HONOUR], "gt")


def points_redeemed(n):
    from linli.points.choices import EntryKind

    return _points(n, [EntryKind.REDEEM], "lt")


METRICS = [
    Metric(
        "appeals_open", "在办诉求", "件", "尚未办结的诉求数（含缓办、挂账）", appeals_open, "appeals:list"
    ),
    Metric(
        "appeals_overdue", "超期未办结", "件", "在办且已过办结期限的诉求数", appeals_overdue, "appeals:list"
    ),
    Metric("red_cards", "红牌督办", "件", "在办且被亮红牌的诉求数", red_cards, "appeals:list"),
    Metric("households", "户数", "户", "辖区内登记的住户数", households, "places:browse"),
    Metric("residents", "居民", "人", "在册居民数（不含已迁出）", residents, "people:ledger"),
    Metric(
        "visit_coverage",
        "本月走访覆盖率",
        "%",
        "本月已走访到（见到本人或拒绝）的户数 ÷ 总户数",
        visit_coverage,
        "visits:coverage",
    ),
    Metric(
        "branch_coverage",
        "小区党组织覆盖率",
        "%",
        "建有小区党支部的小区数 ÷ 小区总数",
        branch_coverage,
        "party:overview",
    ),
    Metric(
        "committee_coverage",
        "业委会（物管会）覆盖率",
        "%",
        "成立业委会或物管会的小区数 ÷ 小区总数",
        committee_coverage,
        "owners:overview",
    ),
    Metric(
        "dual_report",
        "在职党员双报到",
        "人",
        "到社区报到的在职党员人数（按居住地）",
        dual_report,
        "party:overview",
    ),
    Metric("volunteers", "在册志愿者", "人", "在册志愿者人数", volunteers, "volunteers:roster"),
    Metric(
        "volunteer_hours",
        "本季度志愿服务时长",
        "小时",
        "本季度已签退或确认的志愿服务分钟数 ÷ 60",
        volunteer_hours,
        "volunteers:board",
    ),
    Metric(
        "patrols",
        "近7天巡查签到",
        "次",
        "近7天网格员巡查签到次数（按网格所在社区）",
        patrols,
        "visits:patrols",
    ),
    Metric(
        "emergencies", "进行中的应急响应", "起", "状态为进行中的应急响应数", emergencies, "mobilization:index"
    ),
    Metric(
        "fee_collection",
        "本年物业费收缴率",
        "%",
        "本年账单已缴金额 ÷ 应收金额（元）",
        fee_collection,
        "property:board",
    ),
    Metric(
        "property_red",
        "物业信用红榜小区占比",
        "%",
        "物业服务企业信用等级为 AAA、AA 的小区数 ÷ 有在期物业服务合同的小区数（按今日信用档案）",
        property_red,
        "property:board",
    ),
    Metric(
        "property_black",
        "物业信用黑榜小区",
        "个",
        "物业服务企业信用等级为 C 或列入黑名单的小区数（有在期合同）",
        property_black,
        "property:board",
    ),
    Metric(
        "points_issued",
        "本年发放志愿积分",
        "分",
        "本年服务时长积分与荣誉积分之和（已冲正的不计，按志愿者所在地）",
        points_issued,
        "points:home",
    ),
    Metric(
        "points_redeemed",
        "本年兑换志愿积分",
        "分",
        "本年兑换礼品扣减的积分之和（已冲正的不计，按志愿者所在地）",
        points_redeemed,
        "points:home",
    ),
    Metric(
        "mediation_in_compound",
        "矛盾不出小区率",
        "%",
        "在小区调解小组调解成功的案件数 ÷ 已办结（成功或不成）的调解案件数",
        mediation_in_compound,
        "mediation:list",
    ),
    Metric(
        "deliberations",
        "协商议题",
        "个",
        "进入会议协商/表决、决议落实或已办结的议题数",
        deliberations,
        "deliberation:topics",
    ),
    Metric(
        "consensus",
        "协商共识率",
        "%",
        "达成共识的议题数 ÷ 已形成决议（决议落实或已办结）的议题数",
        consensus,
        "deliberation:topics",
    ),
    Metric("projects", "民生项目", "个", "三张清单中的项目数", projects, "projects:lists"),
]
BY_KEY = {m.key: m for m in METRICS}
