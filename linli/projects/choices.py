from django.db import models


class NeedCategory(models.TextChoices):
    ELDERLY = "elderly", "为老服务/适老化"
    CHILDREN = "children", "儿童与青少年"
    ENVIRONMENT = "environment", "环境整治与绿化"
    FACILITY = "facility", "设施维修与改造"
    PARKING = "parking", "停车与交通"
    SAFETY = "safety", "安全与消防"
    CULTURE = "culture", "文体活动"
    OTHER = "other", "其他"


class NeedSource(models.TextChoices):
    RESIDENT = "resident", "居民提出"
    VISIT = "visit", "走访收集"
    DELIBERATION = "deliberation", "议事协商"
    GRID = "grid", "网格上报"


class NeedStatus(models.TextChoices):
    OPEN = "open", "待对接"
    PROJECT = "project", "已立项"


class ResourceKind(models.TextChoices):
    VENUE = "venue", "场地"
    FUNDS = "funds", "资金"
    VOLUNTEERS = "volunteers", "人力/志愿者"
    MATERIALS = "materials", "物资"
    EXPERTISE = "expertise", "专业服务"


class ProjectKind(models.TextChoices):
    PRACTICAL = "practical", "为民办实事"
    MICRO = "micro", "民生微实事"
    SERVICE = "service", "服务项目"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "已立项"
    IN_PROGRESS = "in_progress", "实施中"
    COMPLETED = "completed", "已完成"


class FundingKind(models.TextChoices):
    FISCAL = "fiscal", "财政资金"
    COMMUNITY = "community", "社区保障资金"
    COBUILDING = "cobuilding", "共建单位"
    PROPERTY = "property", "物业/业委会"
    OTHER = "other", "其他"


class OrgKind(models.TextChoices):
    CULTURE = "culture", "文体娱乐"
    VOLUNTEER = "volunteer", "志愿服务"
    MUTUAL_AID = "mutual_aid", "邻里互助"
    INTEREST = "interest", "兴趣爱好"
    AFFAIRS = "affairs", "议事自治"


class EventKind(models.TextChoices):
    CREATED = "created", "立项"
    FUNDED = "funded", "登记资金"
    CONTRIBUTED = "contributed", "众筹捐助"
    MILESTONE = "milestone", "节点"
    PROGRESS = "progress", "进度"
    COMPLETED = "completed", "完成"
    EVALUATED = "evaluated", "居民评价"
