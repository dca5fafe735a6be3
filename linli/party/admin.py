"""Party records in the admin for the system administrator. Organisations, members, bodies and 共建 may
be corrected here; transfers and the change log only change through services, so they are read-only."""

from django.contrib import admin

from .models import (
    Activity,
    Agreement,
    Body,
    CoBuildingRecord,
    CoBuildingUnit,
    Membership,
    MemberTransfer,
    PartyEvent,
    PartyMember,
    PartyOrg,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PartyOrg)
class PartyOrgAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "org_type", "formation", "place", "parent")
    list_filter = ("level", "org_type", "formation")
    search_fields = ("name", "place__code", "place__name")
    raw_id_fields = ("place", "parent")
    filter_horizontal = ("covers",)


@admin.register(PartyMember)
class PartyMemberAdmin(admin.ModelAdmin):
    list_display = ("name", "status", "home", "held_at", "held_elsewhere", "registration")
    list_filter = ("status", "registration")
    search_fields = ("name", "home__name", "floating_where")
    raw_id_fields = ("person", "home", "held_at", "registered_at")
    readonly_fields = ("held_at", "held_elsewhere", "registration", "requested_at", "confirmed_at")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("person",)


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "place", "term_start", "term_end")
    list_filter = ("kind",)
    search_fields = ("name", "place__code", "place__name")
    raw_id_fields = ("place", "party_org")
    inlines = [MembershipInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("held_on", "kind", "title", "org", "member")
    list_filter = ("kind",)
    search_fields = ("title", "org__name")
    raw_id_fields = ("org", "member")


@admin.register(CoBuildingUnit)
class CoBuildingUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)


class RecordInline(admin.TabularInline):
    model = CoBuildingRecord
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("unit", "branch", "compound", "signed_on")
    search_fields = ("unit__name", "branch__name")
    raw_id_fields = ("unit", "branch", "compound")
    inlines = [RecordInline]


@admin.register(MemberTransfer)
class MemberTransferAdmin(ReadOnly):
    list_display = ("requested_at", "member", "from_org", "from_external", "to_org", "to_external", "status")
    list_filter = ("status",)
    search_fields = ("member__name",)


@admin.register(PartyEvent)
class PartyEventAdmin(ReadOnly):
    list_display = ("at", "verb", "summary", "actor", "actor_role", "place_code")
    list_filter = ("verb",)
    search_fields = ("summary", "place_code")
    date_hierarchy = "at"
