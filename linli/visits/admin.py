"""Read-only records in the admin: visits, patrols and hazards change only through services. Care
objects (关爱对象) are ledger tags, kept on the ledger pages."""

from django.contrib import admin

from .models import Hazard, HazardStep, Patrol, Visit


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Visit)
class VisitAdmin(ReadOnly):
    list_display = ("visited_at", "kind", "reason", "place_code", "visitor", "outcome", "appeal")
    list_filter = ("kind", "outcome")
    search_fields = ("place_code", "grid_code", "visitor__name")
    date_hierarchy = "visited_at"


@admin.register(Patrol)
class PatrolAdmin(ReadOnly):
    list_display = ("checked_in_at", "grid", "worker", "notes")
    search_fields = ("grid_code", "worker__name")
    date_hierarchy = "checked_in_at"


class StepInline(admin.TabularInline):
    model = HazardStep
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "note", "by", "by_role", "from_status", "to_status", "at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Hazard)
class HazardAdmin(ReadOnly):
    list_display = ("found_at", "category", "place", "status", "deadline", "appeal")
    list_filter = ("category", "status")
    search_fields = ("place_code", "description")
    inlines = [StepInline]
