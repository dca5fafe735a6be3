from django.contrib import admin

from .models import CompoundProfile, GridNode, Place


class CompoundInline(admin.StackedInline):
    model = CompoundProfile
    extra = 0


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "grid")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent", "grid")
    inlines = [CompoundInline]
    show_full_result_count = False


@admin.register(GridNode)
class GridNodeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "community")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent", "community")
