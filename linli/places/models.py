"""Places (the administrative tree down to each household) and grids (the parallel service tree).

Invariants: a node's code starts with its parent's code and has its level's width (codes.py), so a
subtree is one code range; only households belong to a grid, and only to a 微网格.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Substr

from linli.core.policy import Scope, subtree_q

from .choices import CompoundKind, GridLevel, GridRelation, PlaceLevel
from .codes import PLACE_CODE_WIDTHS


class GridNode(models.Model):
    code = models.CharField("网格编码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("层级", choices=GridLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级网格",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    community = models.ForeignKey(
        "places.Place", verbose_name="所属社区", on_delete=models.PROTECT, related_name="grids"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "网格"
        verbose_name_plural = "网格"
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"], name="grid_level_code")]
        constraints = [
            models.CheckConstraint(
                condition=Q(level=GridLevel.TOTAL, parent__isnull=True)
                | Q(level__gt=GridLevel.TOTAL, parent__isnull=False),
                name="grid_parent_matches_level",
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.get_level_display()}）"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        q = subtree_q("code", scope.grid_codes)
        # A grid's code starts with its community's code: a community-or-wider place scope covers its grids.
        wide = [c for c in scope.place_codes if len(c) <= PLACE_CODE_WIDTHS[PlaceLevel.COMMUNITY]]
        q |= subtree_q("code", wide)
        narrow = [c for c in scope.place_codes if len(c) > PLACE_CODE_WIDTHS[PlaceLevel.COMMUNITY]]
        if narrow:
            q |= Q(code__in=grid_codes_touching_places(narrow))
        return q


class Place(models.Model):
    code = models.CharField("编码", max_length=24, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("层级", choices=PlaceLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    grid = models.ForeignKey(
        GridNode,
        verbose_name="所属微网格",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="households",
        limit_choices_to={"level": GridLevel.MICRO},
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "地点"
        verbose_name_plural = "地点"
        ordering = ["code"]
        indexes = [
            models.Index(fields=["level", "code"], name="place_level_code"),
            models.Index(fields=["grid", "code"], name="place_grid_code"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(level=PlaceLevel.HOUSEHOLD) | Q(grid__isnull=True),
                name="place_only_households_in_grid",
            ),
            models.CheckConstraint(
                condition=Q(level=PlaceLevel.DISTRICT) | Q(parent__isnull=False),
                name="place_parent_unless_district",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_household(self) -> bool:
        return self.level == PlaceLevel.HOUSEHOLD

    @property
    def display_name(self) -> str:
        """The name a person recognises: 楼栋, 单元 and 户 are named with their 小区 (春晖花园1栋1单元101室)."""
        chain = [self]
        while chain[-1].level > PlaceLevel.COMPOUND and chain[-1].parent_id:
            chain.append(chain[-1].parent)
        return "".join(p.name for p in reversed(chain))

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        q = subtree_q("code", scope.place_codes)
        if scope.grid_codes:
            q |= Q(level=PlaceLevel.HOUSEHOLD) & subtree_q("grid__code", scope.grid_codes)
            q |= Q(code__in=place_codes_touching_grids(scope.grid_codes))
        return q


class CompoundProfile(models.Model):
    """What the street and community need to know about a 小区."""

    place = models.OneToOneField(
        Place, verbose_name="小区", primary_key=True, on_delete=models.CASCADE, related_name="compound"
    )
    kind = models.CharField(
        "小区类型", max_length=20, choices=CompoundKind.choices, default=CompoundKind.OTHER
    )
    managed = models.BooleanField("有物业", default=True)
    build_year = models.PositiveSmallIntegerField("建成年份", null=True, blank=True)
    area_sqm = models.DecimalField(
        "占地面积（平方米）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    declared_households = models.PositiveIntegerField("登记户数", null=True, blank=True)

    class Meta:
        verbose_name = "小区档案"
        verbose_name_plural = "小区档案"
        constraints = [
            models.CheckConstraint(
                condition=Q(build_year__isnull=True) | Q(build_year__gte=1900, build_year__lte=2100),
                name="compound_build_year_sane",
            )
        ]

    def __str__(self):
        return f"{self.place.name}（{self.get_kind_display()}）"


def place_codes_touching_grids(grid_codes) -> set[str]:
    """小区, 楼栋 and 单元 codes that hold at least one household of the given grid subtrees."""
    unit_width = PLACE_CODE_WIDTHS[PlaceLevel.UNIT]
    units = (
        Place.objects.filter(level=PlaceLevel.HOUSEHOLD)
        .filter(subtree_q("grid__code", grid_codes))
        .annotate(unit_code=Substr("code", 1, unit_width))
        .values_list("unit_code", flat=True)
        .distinct()
    )
    codes: set[str] = set()
    for unit in units:
        for level in (PlaceLevel.COMPOUND, PlaceLevel.BUILDING, PlaceLevel.UNIT):
            codes.add(unit[: PLACE_CODE_WIDTHS[level]])
    return codes


def grid_codes_touching_places(place_codes) -> set[str]:
    """Micro-grid codes (and the grids above them) of the households under the given places."""
    micro = (
        Place.objects.filter(level=PlaceLevel.HOUSEHOLD, grid__isnull=False)
        .filter(subtree_q("code", place_codes))
        .values_list("grid__code", flat=True)
        .distinct()
    )
    codes: set[str] = set()
    for code in micro:
        codes.update({code, code[:15]})
    return codes


class PlaceStat(models.Model):
    """Counts under a place down to its households, refreshed in bulk (stats.stats_refresh) after imports
    and by the periodic job, so that browsing a whole district does not scan every household."""

    place = models.OneToOneField(Place, primary_key=True, on_delete=models.CASCADE, related_name="stat")
    compounds = models.PositiveIntegerField(default=0)
    buildings = models.PositiveIntegerField(default=0)
    units = models.PositiveIntegerField(default=0)
    households = models.PositiveIntegerField(default=0)
    grids = models.PositiveIntegerField("微网格数", default=0)
    ungridded = models.PositiveIntegerField("未划网格户数", default=0)
    tallies = models.JSONField("其他统计", default=dict)  # {"residents": n, …} from places.tallies
    grid_relation = models.CharField(
        "小区与网格关系", max_length=16, choices=GridRelation.choices, blank=True
    )
    general_grids = models.JSONField("所在一般网格", default=list)  # codes, for 小区
    refreshed_at = models.DateTimeField("统计时间")

    class Meta:
        verbose_name = "地点统计"
        verbose_name_plural = "地点统计"

    def __str__(self):
        return f"{self.place_id} @ {self.refreshed_at:%Y-%m-%d %H:%M}"


class GridStat(models.Model):
    grid = models.OneToOneField(GridNode, primary_key=True, on_delete=models.CASCADE, related_name="stat")
    households = models.PositiveIntegerField(default=0)
    tallies = models.JSONField("其他统计", default=dict)
    refreshed_at = models.DateTimeField("统计时间")

    class Meta:
        verbose_name = "网格统计"
        verbose_name_plural = "网格统计"

    def __str__(self):
        return f"{self.grid_id} @ {self.refreshed_at:%Y-%m-%d %H:%M}"
