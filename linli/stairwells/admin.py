from django.contrib import admin

from .models import Criterion, PioneerAward, PlanItem, Rating, VisitPlan


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("indicator", "weight", "target", "is_active")


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("unit", "period", "score", "stars")
    raw_id_fields = ("unit",)
    readonly_fields = ("values", "score", "stars")


@admin.register(PioneerAward)
class PioneerAwardAdmin(admin.ModelAdmin):
    list_display = ("period", "unit", "title", "awarded_by")
    raw_id_fields = ("unit", "awarded_by")


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    raw_id_fields = ("household", "assignee")
    extra = 0


@admin.register(VisitPlan)
class VisitPlanAdmin(admin.ModelAdmin):
    list_display = ("unit", "month", "generated_by", "generated_at")
    raw_id_fields = ("unit", "generated_by")
    inlines = [PlanItemInline]
