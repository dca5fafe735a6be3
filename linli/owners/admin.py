"""Candidate reviews and re-election reminders are read-only in the admin: reviews change only through
the services (with their log); reminders are written by the tick."""

from django.contrib import admin

from .models import CandidateEvent, CandidateReview, ReelectionReminder


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = CandidateEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "verb", "from_status", "to_status", "actor", "actor_role", "note")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CandidateReview)
class CandidateReviewAdmin(ReadOnly):
    list_display = ("name", "body", "status", "reviewed_on", "talk_on")
    list_filter = ("status",)
    search_fields = ("name", "body__name")
    inlines = [EventInline]


@admin.register(ReelectionReminder)
class ReelectionReminderAdmin(ReadOnly):
    list_display = ("body", "term_end", "sent_at")
