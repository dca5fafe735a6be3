from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import LoginAttempt, RoleAssignment, RoleAssignmentEvent, User


class AssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ("place", "grid", "created_by", "revoked_by")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("phone",)
    list_display = ("phone", "name", "is_active", "is_staff", "date_joined")
    search_fields = ("phone", "name")
    list_filter = ("is_active", "is_staff")
    fieldsets = (
        (None, {"fields": ("phone", "name", "password")}),
        ("状态", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("时间", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("phone", "name", "password1", "password2")}),)
    filter_horizontal = ()
    inlines = [AssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "place", "grid", "valid_from", "valid_to", "revoked_at")
    list_filter = ("role",)
    search_fields = ("user__name", "user__phone", "place__code", "grid__code")
    raw_id_fields = ("user", "place", "grid", "created_by", "revoked_by")


@admin.register(RoleAssignmentEvent)
class RoleAssignmentEventAdmin(admin.ModelAdmin):
    list_display = ("assignment", "kind", "actor", "at")
    readonly_fields = ("assignment", "kind", "actor", "at", "note")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    """The log-in log; an administrator lifts a lock with the action (failures are marked, not deleted)."""

    list_display = ("at", "phone", "ip", "succeeded", "cleared")
    list_filter = ("succeeded", "cleared")
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
