"""The audit log of access to personal information (PIPL Art. 51, GB/T 35273 §10): who saw or moved
which fields of whom, when, by which role and scope, and why — never the values themselves."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from linli.core.models import AppendOnly, AppendOnlyQuerySet
from linli.core.policy import Scope, subtree_q


class Action(models.TextChoices):
    REVEAL = "reveal", "查看完整信息"
    EXPORT = "export", "导出"
    EXPORT_FULL = "export_full", "导出完整信息"
    IMPORT = "import", "导入"
    CHANGE = "change", "修改个人信息"


class AccessEntry(AppendOnly):
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("角色", max_length=32, blank=True)
    scope_label = models.CharField("角色范围", max_length=200, blank=True)
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    object_type = models.CharField("对象类型", max_length=50)
    object_id = models.CharField("对象编号", max_length=40, blank=True)
    object_label = models.CharField("对象", max_length=200, blank=True)  # masked, e.g. 张*明
    place_code = models.CharField("所在地点编码", max_length=24, blank=True, db_index=True)
    grid_code = models.CharField("所在网格编码", max_length=24, blank=True, db_index=True)
    fields = models.CharField("涉及字段", max_length=200, blank=True)  # names, never values
    reason = models.TextField("事由", blank=True)
    row_count = models.PositiveIntegerField("条数", null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "个人信息访问记录"
        verbose_name_plural = "个人信息访问记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "action", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_label}"

    @property
    def get_role_display_text(self) -> str:
        from linli.core.roles import Role

        return dict(Role.choices).get(self.role, self.role)

    def delete(self, *args, **kwargs):
        from django.core.exceptions import ValidationError

        raise ValidationError("审计记录不可删除（到期清理请用 linli purge-audit）。")

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("place_code", scope.place_codes) | subtree_q("grid_code", scope.grid_codes)
