from django.db import models


class PlaceLevel(models.IntegerChoices):
    DISTRICT = 1, "区/县"
    STREET = 2, "街道/镇"
    COMMUNITY = 3, "社区/村"
    COMPOUND = 4, "小区"
    BUILDING = 5, "楼栋"
    UNIT = 6, "楼道/单元"
    HOUSEHOLD = 7, "户"


class GridLevel(models.IntegerChoices):
    TOTAL = 1, "社区总网格"
    GENERAL = 2, "一般网格"
    MICRO = 3, "微网格"


class CompoundKind(models.TextChoices):
    OLD = "old", "老旧小区"
    RESETTLEMENT = "resettlement", "安置房小区"
    VERY_LARGE = "very_large", "超大小区"
    DORMITORY = "dormitory", "集宿区"
    NEW_COMMERCIAL = "new_commercial", "新建商住小区"
    OTHER = "other", "其他"


class GridRelation(models.TextChoices):
    """How a 小区 relates to the general grids that cover it (as 002 classifies 977 小区)."""

    EQUAL = "equal", "小区与网格一致"
    LARGER = "larger", "小区大于网格"
    SMALLER = "smaller", "小区小于网格"
    CROSSING = "crossing", "小区与网格交叉"
    NONE = "none", "未划入网格"
