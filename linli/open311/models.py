"""Open311 GeoReport v2: API keys of partner systems, the service definitions (extra attributes per
appeal category) and what an Open311 request brought that an appeal has no field for.

Invariants: a key is stored only as a keyed hash (HMAC-SHA256 with SECRET_KEY) and found by its short
visible prefix; a revoked key stays revoked; each appeal created through Open311 has exactly one
request record with a unique token; attribute codes are unique per category.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from linli.core.policy import Scope, subtree_q

from .choices import LIST_DATATYPES, Datatype

code_validator = RegexValidator(r"^[A-Za-z0-9_-]+$", "编码只能包含字母、数字、下划线和连字符。")


class ApiKey(models.Model):
    name = models.CharField("名称", max_length=100, help_text="使用该密钥的系统或单位，如：市 12345 平台")
    prefix = models.CharField("前缀", max_length=16, unique=True)
    key_hash = models.CharField("密钥摘要", max_length=64)
    place = models.ForeignKey(
        "places.Place",
        verbose_name="辖区",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="该密钥只能在此地点及其下级提交诉求；未指定地点的诉求落在此节点。",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发放人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("发放时间", auto_now_add=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="吊销人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = "接口密钥"
        verbose_name_plural = "接口密钥"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_by__isnull=True) | Q(revoked_at__isnull=False),
                name="apikey_revoker_only_when_revoked",
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.prefix}）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("place__code", scope.place_codes)


class ServiceAttribute(models.Model):
    """One extra field of a service (an appeal category), as GeoReport v2 service definitions list them."""

    category = models.ForeignKey(
        "appeals.Category",
        verbose_name="诉求分类",
        on_delete=models.CASCADE,
        related_name="open311_attributes",
        limit_choices_to={"parent__isnull": False},
    )
    code = models.CharField("编码", max_length=50, validators=[code_validator])
    datatype = models.CharField("类型", max_length=16, choices=Datatype.choices)
    required = models.BooleanField("必填", default=False)
    variable = models.BooleanField(
        "需要填写", default=True, help_text="不勾选：仅向提交者展示说明，不收集填写内容"
    )
    datatype_description = models.CharField("填写格式说明", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=1)
    description = models.CharField("说明", max_length=300)
    values = models.JSONField(
        "选项", default=list, blank=True, help_text='单选、多选的选项：[{"key": "yes", "name": "是"}, …]'
    )

    class Meta:
        verbose_name = "服务附加字段"
        verbose_name_plural = "服务附加字段"
        ordering = ["category__code", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="service_attribute_code_unique"),
            models.CheckConstraint(
                condition=Q(datatype__in=Datatype.values), name="service_attribute_datatype_known"
            ),
        ]

    def __str__(self):
        return f"{self.category_id}/{self.code}"

    @property
    def keys(self) -> list[str]:
        return [str(v["key"]) for v in self.values or []]

    def clean(self):
        values = self.values or []
        if self.datatype in LIST_DATATYPES:
            ok = isinstance(values, list) and all(
                isinstance(v, dict) and str(v.get("key", "")).strip() and str(v.get("name", "")).strip()
                for v in values
            )
            if not ok or not values:
                raise ValidationError({"values": '单选、多选字段需要选项：[{"key": "…", "name": "…"}, …]'})
            if len({str(v["key"]) for v in values}) != len(values):
                raise ValidationError({"values": "选项的 key 不能重复。"})
        elif values:
            raise ValidationError({"values": "只有单选、多选字段才有选项。"})


class RequestToken(models.Model):
    """The Open311 side of an appeal: its token, the key that posted it, and what the caller sent that
    the appeal has no field for. Never shown publicly except the token."""

    token = models.CharField("令牌", max_length=40, unique=True)
    appeal = models.OneToOneField(
        "appeals.Appeal", verbose_name="诉求", on_delete=models.CASCADE, related_name="open311_request"
    )
    api_key = models.ForeignKey(
        ApiKey, verbose_name="接口密钥", on_delete=models.PROTECT, related_name="requests"
    )
    media_url = models.URLField("媒体链接", max_length=500, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    device_id = models.CharField("设备标识", max_length=100, blank=True)
    account_id = models.CharField("账号标识", max_length=100, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "Open311 请求"
        verbose_name_plural = "Open311 请求"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.token


class RequestAttributeValue(models.Model):
    """A value given for a service attribute (attribute[code]) with an Open311 request."""

    request = models.ForeignKey(RequestToken, on_delete=models.CASCADE, related_name="attributes")
    attribute = models.ForeignKey(
        ServiceAttribute, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField("编码", max_length=50)
    value = models.JSONField("取值")  # str, number, ISO datetime string, or list of keys

    class Meta:
        verbose_name = "附加字段取值"
        verbose_name_plural = "附加字段取值"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["request", "code"], name="request_attribute_once")]

    def __str__(self):
        return f"{self.code}={self.value}"
