from django.contrib import admin

from .models import Emergency, HouseholdTask


@admin.register(Emergency)
class EmergencyAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "level", "place", "declared_at", "status", "households")
    list_filter = ("status", "kind")
    raw_id_fields = ("place", "declared_by", "closed_by")
    readonly_fields = ("households", "summary")


@admin.register(HouseholdTask)
class HouseholdTaskAdmin(admin.ModelAdmin):
    list_display = ("emergency", "household_code", "grid_code", "priority", "status", "confirmed_at")
    list_filter = ("status",)
    raw_id_fields = ("emergency", "household", "confirmed_by", "appeal")
    show_full_result_count = False
