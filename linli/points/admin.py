from django.contrib import admin

from .models import Account, Entry, Honour, Redemption, Reward


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("volunteer", "balance", "earned", "minutes")
    readonly_fields = ("balance", "earned", "minutes")
    raw_id_fields = ("volunteer",)


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Read-only: the ledger changes only through its services (corrections are reversing entries)."""

    list_display = ("at", "account", "kind", "amount", "balance_after", "reason")
    list_filter = ("kind",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reward)
class RewardAdmin(admin.ModelAdmin):
    list_display = ("name", "place", "cost", "stock", "per_person_limit", "window", "is_active")
    raw_id_fields = ("place",)


@admin.register(Redemption)
class RedemptionAdmin(admin.ModelAdmin):
    list_display = ("at", "account", "reward", "window_key", "handed_over_at")
    readonly_fields = ("reward", "account", "entry", "window_key", "seq", "at")


@admin.register(Honour)
class HonourAdmin(admin.ModelAdmin):
    list_display = ("period", "title", "volunteer", "awarded_by")
    raw_id_fields = ("volunteer", "awarded_by")
