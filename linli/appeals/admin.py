from django.contrib import admin

from .models import Appeal, AppealEvent, Category, HandlingUnit, ReplyTemplate


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "parent",
        "sign_limit",
        "handle_limit",
        "visit_limit",
        "default_level",
        "routing",
        "is_active",
    )
    list_filter = ("parent", "default_level", "routing", "is_active")
    search_fields = ("code", "name", "keywords")


@admin.register(HandlingUnit)
class HandlingUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "place", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "place__name", "place__code")
    raw_id_fields = ("place",)
    filter_horizontal = ("members",)


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "category")
    search_fields = ("title", "text")


class EventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "actor", "actor_role", "from_status", "to_status", "note", "is_internal")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    """Read-only: every change of an appeal goes through the workflow services, never through the admin."""

    list_display = ("number", "status", "category", "level", "channel", "submitted_at")
    list_filter = ("status", "level", "channel")
    search_fields = ("number", "text", "external_id")
    inlines = [EventInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
