from django.db import models


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Relation(models.TextChoices):
    HEAD = "head", "户主"
    SPOUSE = "spouse", "配偶"
    CHILD = "child", "子女"
    PARENT = "parent", "父母"
    GRANDCHILD = "grandchild", "孙辈"
    OTHER = "other", "其他"


class ResidenceType(models.TextChoices):
    REGISTERED = "registered", "户籍"
    RESIDENT = "resident", "常住"
    FLOATING = "floating", "流动"


class TagTarget(models.TextChoices):
    PERSON = "person", "居民"
    HOUSEHOLD = "household", "户"


class OccasionKind(models.TextChoices):
    HAPPY = "happy", "喜事"
    SAD = "sad", "丧事"


class PersonEventKind(models.TextChoices):
    CREATED = "created", "登记"
    CHANGED = "changed", "修改"
    MOVED_IN = "moved_in", "迁入"
    MOVED = "moved", "迁至其他户"
    MOVED_OUT = "moved_out", "迁出"
    TAGGED = "tagged", "加标签"
    UNTAGGED = "untagged", "结束标签"
    IMPORTED = "imported", "导入"
    DELETION_REQUESTED = "del_requested", "申请删除个人信息"
    ANONYMISED = "anonymised", "已匿名化"


class DeletionStatus(models.TextChoices):
    PENDING = "pending", "待处理"
    DONE = "done", "已删除（匿名化）"
    REFUSED = "refused", "不予删除"


#: The default tags (code, name, target, care): the list is configurable (admin), these are seeded.
DEFAULT_TAGS = [
    ("living_alone", "独居老人", "person", True),
    ("empty_nest", "空巢老人", "person", True),
    ("left_behind_child", "留守儿童", "person", True),
    ("disabled", "残疾人", "person", True),
    ("dibao", "低保", "person", False),
    ("tekun", "特困", "person", True),
    ("veteran", "退役军人", "person", False),
    ("key_person", "重点人员", "person", False),
    ("employed_member", "在职党员", "person", False),
    ("floating_member", "流动党员", "person", False),
    ("rented", "出租房", "household", False),
    ("group_rented", "群租房", "household", False),
]
