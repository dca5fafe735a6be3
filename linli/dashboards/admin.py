from django.contrib import admin

from .models import RankingWeight, SteeringEvent


@admin.register(RankingWeight)
class RankingWeightAdmin(admin.ModelAdmin):
    list_display = ("level", "metric", "weight")


@admin.register(SteeringEvent)
class SteeringEventAdmin(admin.ModelAdmin):
    list_display = ("place", "kind", "due", "held_on")
    list_filter = ("kind",)
    raw_id_fields = ("place", "recorded_by")
