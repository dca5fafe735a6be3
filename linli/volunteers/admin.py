from django.contrib import admin

from .models import Activity, SignUp, Team, Volunteer


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "place", "is_party_member", "is_active")
    list_filter = ("kind", "is_active")
    raw_id_fields = ("user", "place", "grid")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "place", "leader")
    raw_id_fields = ("place", "leader", "members")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "place", "starts_at", "capacity", "signed_count", "status")
    list_filter = ("status",)
    raw_id_fields = ("place", "team", "created_by")
    readonly_fields = ("signed_count",)


@admin.register(SignUp)
class SignUpAdmin(admin.ModelAdmin):
    list_display = ("activity", "volunteer", "status", "checked_in_at", "checked_out_at", "minutes")
    raw_id_fields = ("activity", "volunteer", "confirmed_by")
    readonly_fields = ("minutes",)
