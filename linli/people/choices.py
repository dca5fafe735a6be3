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
