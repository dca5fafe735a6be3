"""Administrators fill in the holidays and 调休 days of years the packaged calendar does not know."""

from django import forms
from django.contrib import admin

from linli.core.exceptions import DomainError

from . import services
from .models import WEEKDAYS, WorkdayOverride, WorkdayYear


class CalendarAdmin(admin.ModelAdmin):
    """Every change drops the cached calendar explicitly (no signals)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.calendar_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.calendar_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.calendar_changed()


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(CalendarAdmin):
    list_display = ("date", "weekday", "is_workday", "name", "note", "updated_at")
    list_filter = ("is_workday",)
    search_fields = ("name", "note")
    date_hierarchy = "date"

    @admin.display(description="星期", ordering="date")
    def weekday(self, obj):
        return f"周{WEEKDAYS[obj.date.weekday()]}"


class WorkdayYearForm(forms.ModelForm):
    class Meta:
        model = WorkdayYear
        fields = ("year", "note")

    def clean_year(self):
        year = self.cleaned_data["year"]
        try:
            services.check_year_confirmable(year)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None
        return year


@admin.register(WorkdayYear)
class WorkdayYearAdmin(CalendarAdmin):
    form = WorkdayYearForm
    list_display = ("year", "note", "confirmed_at")
