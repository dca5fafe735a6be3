from django.contrib import admin

from .models import Delivery, Notification, WechatBinding


class ReadOnlyAdmin(admin.ModelAdmin):
    """The outbox is written by services only; the admin looks, never edits."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ("channel", "status", "attempts", "sent_at", "next_attempt_at", "last_error")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "recipient", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "kind", "recipient__name", "dedupe_key")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    raw_id_fields = ("recipient",)
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("notification", "channel", "status", "attempts", "sent_at", "last_error")
    list_filter = ("channel", "status")
    list_select_related = ("notification",)
    raw_id_fields = ("notification",)


@admin.register(WechatBinding)
class WechatBindingAdmin(ReadOnlyAdmin):
    list_display = ("user", "bound_at")
    search_fields = ("user__name",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)
