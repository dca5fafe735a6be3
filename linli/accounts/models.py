"""Users log in with a mobile number. What they may do comes only from their role assignments:
(user, role, scope node, valid from/to). A scope node is a place or a grid; none means everything,
which only the system administrator role may have (a database constraint)."""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from linli.core.models import AppendOnly, AppendOnlyQuerySet
from linli.core.policy import Scope
from linli.core.roles import GLOBAL_ROLES, Role

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", "请输入11位中国大陆手机号码，例如 13812345678。")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, phone, password=None, **extra):
        if not phone:
            raise ValueError("手机号码不能为空")
        user = self.model(phone=phone, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, phone, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        user = self.create_user(phone, password, **extra)
        RoleAssignment.objects.create(user=user, role=Role.SYSTEM_ADMIN)
        return user


@dataclass(frozen=True)
class ActiveAssignment:
    role: str
    place_code: str | None
    grid_code: str | None


class User(AbstractBaseUser, PermissionsMixin):
    phone = models.CharField("手机号码", max_length=11, unique=True, validators=[mobile_validator])
    name = models.CharField("姓名", max_length=50)
    is_active = models.BooleanField("启用", default=True)
    is_staff = models.BooleanField("可进入管理后台", default=False)
    date_joined = models.DateTimeField("注册时间", default=timezone.now)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return f"{self.name}（{self.masked_phone}）"

    @property
    def masked_phone(self) -> str:
        return f"{self.phone[:3]}****{self.phone[-4:]}" if len(self.phone) == 11 else self.phone

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name

    def active_assignments(self) -> list[ActiveAssignment]:
        """This user's assignments valid today (cached for the life of this object, i.e. a request)."""
        cached = getattr(self, "_active_assignments", None)
        if cached is None:
            rows = (
                RoleAssignment.objects.active()
                .filter(user=self)
                .values_list("role", "place__code", "grid__code")
            )
            cached = [ActiveAssignment(*row) for row in rows]
            self._active_assignments = cached
        return cached

    def forget_assignments(self) -> None:
        self.__dict__.pop("_active_assignments", None)

    @property
    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return sorted({labels[a.role] for a in self.active_assignments()})


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, on=None):
        day = on or timezone.localdate()
        return self.filter(
            Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day), revoked_at__isnull=True
        )


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    place = models.ForeignKey(
        "places.Place",
        verbose_name="负责地点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    grid = models.ForeignKey(
        "places.GridNode",
        verbose_name="负责网格",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField("起始日期", default=timezone.localdate)
    valid_to = models.DateField("截止日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name="任命人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("任命时间", auto_now_add=True)
    revoked_at = models.DateTimeField("免去时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, verbose_name="免去人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "角色任命"
        verbose_name_plural = "角色任命"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "valid_from"], name="assignment_user")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(place__isnull=False, grid__isnull=False), name="assignment_one_scope_node"
            ),
            models.CheckConstraint(
                condition=Q(place__isnull=False) | Q(grid__isnull=False) | Q(role__in=sorted(GLOBAL_ROLES)),
                name="assignment_global_only_for_admins",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="assignment_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.user.name} · {self.get_role_display()} · {self.scope_label}"

    @property
    def scope_label(self) -> str:
        if self.place_id:
            return self.place.display_name
        if self.grid_id:
            return self.grid.name
        return "全平台"

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return (
            self.revoked_at is None
            and self.valid_from <= today
            and (self.valid_to is None or self.valid_to >= today)
        )

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        """Assignments whose scope node the scope reaches (global ones only for a global scope)."""
        from linli.places.models import GridNode, Place

        return Q(place__in=Place.objects.filter(Place.scope_q(scope))) | Q(
            grid__in=GridNode.objects.filter(GridNode.scope_q(scope))
        )


class RoleAssignmentEvent(models.Model):
    """Append-only record of every grant and revocation."""

    class Kind(models.TextChoices):
        GRANTED = "granted", "任命"
        REVOKED = "revoked", "免去"

    assignment = models.ForeignKey(RoleAssignment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "任命记录"
        verbose_name_plural = "任命记录"
        ordering = ["at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.assignment_id} @ {self.at:%Y-%m-%d %H:%M}"


class LoginAttempt(models.Model):
    """Every log-in attempt: the lockout counts recent failures per account and per address; the rows
    are the lockout log. An administrator's unlock marks the failures cleared (never deletes them).
    A staff log-in with two-factor has two steps, each its own row: the password, then the code."""

    class Step(models.TextChoices):
        PASSWORD = "password", "密码"
        CODE = "code", "动态验证码"

    phone = models.CharField("手机号码", max_length=32, db_index=True)
    ip = models.GenericIPAddressField("地址", null=True, blank=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    succeeded = models.BooleanField("成功", default=False)
    cleared = models.BooleanField("已解除", default=False)
    step = models.CharField("步骤", max_length=16, choices=Step.choices, default=Step.PASSWORD)

    class Meta:
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"
        ordering = ["-at"]
        indexes = [models.Index(fields=["ip", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.phone} {'成功' if self.succeeded else '失败'}"


class TwoFactorEvent(AppendOnly):
    """Append-only record of a user's two-factor device: enrolled by the user, reset by an administrator
    (lost phone). The device itself is django-otp's TOTPDevice."""

    class Kind(models.TextChoices):
        ENROLLED = "enrolled", "开启两步验证"
        RESET = "reset", "重置两步验证"

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("事件", max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        User, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "两步验证记录"
        verbose_name_plural = "两步验证记录"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.user_id}"


class PasswordHistory(models.Model):
    """Hashes of a user's earlier passwords, so that a staff password is not reused."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user} {self.at:%Y-%m-%d}"
