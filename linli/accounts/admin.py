from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from linli.core.exceptions import DomainError

from .models import LoginAttempt, RoleAssignment, RoleAssignmentEvent, TwoFactorEvent, User


class AssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ("place", "grid", "created_by", "revoked_by")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("phone",)
    list_display = ("phone", "name", "is_active", "is_staff", "two_factor_on", "date_joined")
    search_fields = ("phone", "name")
    list_filter = ("is_active", "is_staff")
    actions = ["reset_two_factor"]
    fieldsets = (
        (None, {"fields": ("phone", "name", "password")}),
        ("状态", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("时间", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("phone", "name", "password1", "password2")}),)
    filter_horizontal = ()
    inlines = [AssignmentInline]

    def get_queryset(self, request):
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(two_factor=Exists(confirmed))

    @admin.display(boolean=True, description="两步验证")
    def two_factor_on(self, obj):
        return obj.two_factor

    @admin.action(description="重置所选用户的两步验证（手机丢失，下次登录重新绑定）")
    def reset_two_factor(self, request, queryset):
        from .two_factor import device_reset

        done = []
        for user in queryset:
            try:
                device_reset(actor=request.user, user=user, note="管理后台")
            except DomainError as exc:
                self.message_user(request, exc.message, messages.WARNING)
                continue
            self.log_change(request, user, "重置两步验证")
            done.append(user.name)
        if done:
            self.message_user(request, f"已重置两步验证：{'、'.join(done)}。下次登录时须重新绑定手机验证器。")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "place", "grid", "valid_from", "valid_to", "revoked_at")
    list_filter = ("role",)
    search_fields = ("user__name", "user__phone", "place__code", "grid__code")
    raw_id_fields = ("user", "place", "grid", "created_by", "revoked_by")


class _HistoryAdmin(admin.ModelAdmin):
    """An append-only history: shown, never added, changed or deleted through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoleAssignmentEvent)
class RoleAssignmentEventAdmin(_HistoryAdmin):
    list_display = ("assignment", "kind", "actor", "at")
    readonly_fields = ("assignment", "kind", "actor", "at", "note")


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    """The log-in log; an administrator lifts a lock with the action (failures are marked, not deleted)."""

    list_display = ("at", "phone", "ip", "step", "succeeded", "cleared")
    list_filter = ("succeeded", "step", "cleared")
    search_fields = ("phone", "ip")
    actions = ["unlock"]

    @admin.action(description="解除所选账号的登录锁定")
    def unlock(self, request, queryset):
        from .security import unlock

        n = sum(unlock(phone=p) for p in set(queryset.values_list("phone", flat=True)))
        self.message_user(request, f"已解除锁定（{n} 条失败记录标记为已解除）。")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TwoFactorEvent)
class TwoFactorEventAdmin(_HistoryAdmin):
    """Who turned two-factor on, and which administrator reset whose (read only)."""

    list_display = ("at", "user", "kind", "actor", "note")
    list_filter = ("kind",)
    search_fields = ("user__phone", "user__name")
    readonly_fields = ("user", "kind", "actor", "at", "note")
