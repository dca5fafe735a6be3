"""Demo places and grids: a district with streets, communities, 小区 of every kind, buildings, units
and households, and a grid tree that reproduces 002's mix of 小区 equal to, larger than and smaller than
their grids. A few faults are left on purpose (a too-small and a too-large 微网格, some households in
no grid) so that the grid report has something to show."""

from __future__ import annotations

import math

from linli.core.demo import DemoContext

from .choices import CompoundKind, GridLevel, PlaceLevel
from .models import CompoundProfile, GridNode, Place

DISTRICT_CODE = "430699"
DISTRICT_NAME = "邻里示范区"
STREET_NAMES = [
    "东风街道",
    "五里牌街道",
    "三眼桥街道",
    "东茅岭街道",
    "城南街道",
    "望岳路街道",
    "金鹗山街道",
    "洞庭街道",
    "奇家岭街道",
    "枫桥湖街道",
    "岳阳路街道",
    "南湖街道",
]
_WORDS_A = "春秋和安康福瑞祥兴泰宁华阳明新金银青翠锦绣桂枫松柏梅兰竹菊南北东西龙凤丰盛"
_WORDS_B = "晖实平乐宁泽园苑湖山林江河庭苑景岸里坊城湾溪桥港峰"
_COMPOUND_SUFFIX = [
    "花园",
    "家园",
    "小区",
    "雅苑",
    "新村",
    "公寓",
    "名都",
    "景苑",
    "佳苑",
    "丽园",
    "嘉园",
    "华庭",
]
_KIND_WEIGHTS = [
    (CompoundKind.OLD, 35),
    (CompoundKind.RESETTLEMENT, 15),
    (CompoundKind.VERY_LARGE, 5),
    (CompoundKind.DORMITORY, 5),
    (CompoundKind.NEW_COMMERCIAL, 30),
    (CompoundKind.OTHER, 10),
]


def _names(rng, count: int, suffixes: list[str], taken: set[str] | None = None) -> list[str]:
    taken = set() if taken is None else taken
    out = []
    while len(out) < count:
        name = rng.choice(_WORDS_A) + rng.choice(_WORDS_B) + rng.choice(suffixes)
        if name not in taken:
            taken.add(name)
            out.append(name)
    return out


def plan_grid_groups(rng, *, compounds: int, general: int) -> list[tuple[int, int]]:
    """Groups of (number of 小区, number of 一般网格): equal (1, 1), larger (1, 2), smaller (m ≥ 2, 1),
    summing exactly to the requested numbers."""
    larger = max(1, round(0.06 * general))
    shared = max(1, round(0.3 * general))
    equal = general - 2 * larger - shared
    in_shared = compounds - equal - larger
    while in_shared < 2 * shared and shared > 0:  # not enough 小区 to share grids: share fewer
        shared -= 1
        equal += 1
        in_shared = compounds - equal - larger
    if equal < 0 or in_shared < 0:
        raise ValueError("网格数与小区数不匹配")
    sizes = [2] * shared
    for _ in range(in_shared - 2 * shared):
        sizes[rng.randrange(shared)] += 1
    groups = [(1, 1)] * equal + [(1, 2)] * larger + [(m, 1) for m in sizes]
    rng.shuffle(groups)
    return groups


def build(ctx: DemoContext) -> None:
    if Place.objects.filter(level=PlaceLevel.DISTRICT).exists():
        existing = Place.objects.filter(level=PlaceLevel.COMPOUND).count()
        if existing != ctx.scale.compounds:
            ctx.shared["scale_mismatch"] = (
                f"数据库中已有 {existing} 个小区的演示数据，与规模“{ctx.scale.name}”不符。如需重建，请加 --reset。"
            )
        ctx.say("地点与网格已存在，跳过生成。")
        return
    _generate(ctx)


def _generate(ctx: DemoContext) -> None:  # noqa: C901 — one linear recipe reads best in one place
    rng, s = ctx.rng, ctx.scale

    district = Place.objects.create(code=DISTRICT_CODE, name=DISTRICT_NAME, level=PlaceLevel.DISTRICT)
    streets = Place.objects.bulk_create(
        Place(
            code=f"{DISTRICT_CODE}{i:03d}", name=STREET_NAMES[i - 1], level=PlaceLevel.STREET, parent=district
        )
        for i in range(1, s.streets + 1)
    )
    community_names = _names(rng, s.streets * s.communities_per_street, ["社区"])
    communities = Place.objects.bulk_create(
        Place(
            code=f"{street.code}{j:03d}",
            name=community_names[si * s.communities_per_street + j - 1],
            level=PlaceLevel.COMMUNITY,
            parent=street,
        )
        for si, street in enumerate(streets)
        for j in range(1, s.communities_per_street + 1)
    )

    # Grid groups spread over the communities in contiguous runs.
    groups = plan_grid_groups(rng, compounds=s.compounds, general=s.general_grids)
    per_community = [[] for _ in communities]
    for i, group in enumerate(groups):
        per_community[i * len(communities) // len(groups)].append(group)

    # Micro-grids per general grid (each ≥ 1) and their target sizes within 30–100.
    base = s.micro_grids // s.general_grids
    micro_counts = [base] * s.general_grids
    for _ in range(s.micro_grids - base * s.general_grids):
        micro_counts[rng.randrange(s.general_grids)] += 1
    capacities = [[rng.randint(40, 95) for _ in range(n)] for n in micro_counts]
    capacities[0][0] = 24  # one too small
    capacities[-1][-1] = 112  # one too large

    totals = GridNode.objects.bulk_create(
        GridNode(code=c.code, name=f"{c.name}总网格", level=GridLevel.TOTAL, community=c) for c in communities
    )
    general_specs, compound_specs = (
        [],
        [],
    )  # (community idx, seq) ; (community idx, seq, households, [general idx])
    gi = 0
    for ci, community_groups in enumerate(per_community):
        seq_grid = seq_compound = 0
        for n_compounds, n_grids in community_groups:
            grid_idxs = []
            for _ in range(n_grids):
                seq_grid += 1
                general_specs.append((ci, seq_grid, gi))
                grid_idxs.append(gi)
                gi += 1
            total = sum(sum(capacities[g]) for g in grid_idxs)
            if n_compounds == 1:
                shares = [total]
            else:
                cuts = sorted(rng.sample(range(10, total - 10), n_compounds - 1))
                shares = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
            for share in shares:
                seq_compound += 1
                compound_specs.append((ci, seq_compound, share, grid_idxs))

    generals = GridNode.objects.bulk_create(
        GridNode(
            code=f"{communities[ci].code}{seq:03d}",
            name=f"{communities[ci].name}第{seq}网格",
            level=GridLevel.GENERAL,
            parent=totals[ci],
            community=communities[ci],
        )
        for ci, seq, _ in general_specs
    )
    micro_objs = []
    for (ci, _, g), general in zip(general_specs, generals, strict=True):
        for k in range(1, len(capacities[g]) + 1):
            micro_objs.append(
                GridNode(
                    code=f"{general.code}{k:03d}",
                    name=f"{general.name}{k}号微网格",
                    level=GridLevel.MICRO,
                    parent=general,
                    community=communities[ci],
                )
            )
    micros = GridNode.objects.bulk_create(micro_objs, batch_size=2000)
    micro_by_general: list[list[GridNode]] = []
    pos = 0
    for g in range(s.general_grids):
        micro_by_general.append(micros[pos : pos + len(capacities[g])])
        pos += len(capacities[g])

    # 小区 with profiles, then buildings, units and households, each level in one bulk insert.
    compound_names: dict[int, set[str]] = {}
    compounds, profiles, layouts = [], [], []
    kinds, weights = zip(*_KIND_WEIGHTS, strict=True)
    for ci, seq, households, grid_idxs in compound_specs:
        community = communities[ci]
        name = _names(rng, 1, _COMPOUND_SUFFIX, compound_names.setdefault(ci, set()))[0]
        compound = Place(
            code=f"{community.code}{seq:03d}", name=name, level=PlaceLevel.COMPOUND, parent=community
        )
        kind = rng.choices(kinds, weights)[0]
        if households > 600:
            kind = CompoundKind.VERY_LARGE
        old = kind in (CompoundKind.OLD, CompoundKind.RESETTLEMENT, CompoundKind.DORMITORY)
        year = rng.randint(1985, 2002) if kind == CompoundKind.OLD else rng.randint(2003, 2022)
        profiles.append(
            CompoundProfile(
                place=compound,
                kind=kind,
                managed=not (kind == CompoundKind.OLD and rng.random() < 0.5),
                build_year=year,
                area_sqm=households * rng.randint(60, 140),
                declared_households=households,
            )
        )
        floors = 6 if old else rng.randint(11, 18)
        per_floor = 2 if old else rng.choice([2, 2, 3, 4])
        unit_size = floors * per_floor
        n_units = math.ceil(households / unit_size)
        per_building = rng.choice([2, 3]) if old else rng.choice([1, 2])
        layouts.append((households, per_floor, unit_size, n_units, per_building, grid_idxs))
        compounds.append(compound)
    compounds = Place.objects.bulk_create(compounds, batch_size=2000)
    for profile, compound in zip(profiles, compounds, strict=True):
        profile.place = compound
    CompoundProfile.objects.bulk_create(profiles, batch_size=2000)

    buildings, units, unit_plan = [], [], []
    for compound, (households, per_floor, unit_size, n_units, per_building, _) in zip(
        compounds, layouts, strict=True
    ):
        n_buildings = math.ceil(n_units / per_building)
        left = households
        for b in range(1, n_buildings + 1):
            building = Place(
                code=f"{compound.code}{b:03d}", name=f"{b}栋", level=PlaceLevel.BUILDING, parent=compound
            )
            buildings.append(building)
            for u in range(1, per_building + 1):
                if left <= 0:
                    break
                size = min(unit_size, left)
                left -= size
                units.append(
                    Place(
                        code=f"{building.code}{u:02d}",
                        name=f"{u}单元",
                        level=PlaceLevel.UNIT,
                        parent=building,
                    )
                )
                unit_plan.append((size, per_floor))
    Place.objects.bulk_create(buildings, batch_size=2000)
    Place.objects.bulk_create(units, batch_size=2000)  # bulk_create picks up the saved buildings' ids

    # Households fill their general grids' micro-grids in order, exactly to capacity.
    households = []
    unit_iter = iter(zip(units, unit_plan, strict=True))
    for layout in layouts:
        n_households, _, _, _, _, grid_idxs = layout
        slots = [(g, m) for g in grid_idxs for m in range(len(capacities[g]))]
        slot, used = 0, 0
        placed = 0
        while placed < n_households:
            unit, (size, per_floor) = next(unit_iter)
            for i in range(size):
                g, m = slots[slot]
                floor, number = divmod(i, per_floor)
                households.append(
                    Place(
                        code=f"{unit.code}{i + 1:04d}",
                        name=f"{floor + 1}{number + 1:02d}室",
                        level=PlaceLevel.HOUSEHOLD,
                        parent=unit,
                        grid=micro_by_general[g][m],
                    )
                )
                used += 1
                placed += 1
                if used == capacities[g][m] and slot + 1 < len(slots):
                    slot, used = slot + 1, 0
    for h in rng.sample(households, k=3 if s.name == "small" else 25):
        h.grid = None  # left out of every grid, for the report to find
    Place.objects.bulk_create(households, batch_size=5000)
    ctx.say(
        f"生成地点：{len(streets)} 个街道、{len(communities)} 个社区、{len(compounds)} 个小区、{len(buildings)} 栋楼、"
        f"{len(units)} 个单元、{len(households)} 户；网格：{len(totals)} 个总网格、{len(generals)} 个一般网格、"
        f"{len(micros)} 个微网格。"
    )
