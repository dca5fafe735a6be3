"""Admin for 红色物业: companies, contracts and evaluation templates may be kept here; evaluations, the
credit file, bills, payments and events are read-only (they change only through services, so every
change keeps its ledger entry and event row)."""

from django.contrib import admin

from .models import (
    Campaign,
    CampaignItem,
    CreditEntry,
    Evaluation,
    EvaluationItem,
    EvaluationScore,
    EvaluationTemplate,
    FeeBill,
    FeeCollection,
    FeePayment,
    PropertyCompany,
    PropertyEvent,
    ServiceContract,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ContractInline(admin.TabularInline):
    model = ServiceContract
    extra = 0
    raw_id_fields = ("compound",)


@admin.register(PropertyCompany)
class PropertyCompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "has_party_org", "party_org_name", "phone")
    list_filter = ("has_party_org",)
    search_fields = ("name", "uscc")
    inlines = [ContractInline]

    def has_delete_permission(self, request, obj=None):
        return False  # its ledger and contracts refer to it


@admin.register(ServiceContract)
class ServiceContractAdmin(admin.ModelAdmin):
    list_display = ("company", "compound", "start", "end", "service_level", "fee_standard")
    list_filter = ("service_level",)
    search_fields = ("company__name", "compound__name", "compound__code")
    raw_id_fields = ("compound",)


class ItemInline(admin.TabularInline):
    model = EvaluationItem
    extra = 0


@admin.register(EvaluationTemplate)
class EvaluationTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "active")
    inlines = [ItemInline]


class ScoreInline(admin.TabularInline):
    model = EvaluationScore
    extra = 0
    can_delete = False
    readonly_fields = ("item", "weight", "score")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnly):
    list_display = ("company", "compound", "period", "items_score", "satisfaction", "total", "filled_by")
    list_filter = ("period",)
    search_fields = ("company__name", "compound__name")
    inlines = [ScoreInline]


@admin.register(CreditEntry)
class CreditEntryAdmin(ReadOnly):
    list_display = (
        "company",
        "kind",
        "points",
        "blacklist",
        "reason",
        "valid_from",
        "valid_until",
        "reverses",
    )
    list_filter = ("kind", "source", "blacklist")
    search_fields = ("company__name", "reason")


@admin.register(FeeCollection)
class FeeCollectionAdmin(admin.ModelAdmin):
    list_display = ("compound", "period", "due", "collected", "rate")
    list_filter = ("period",)
    search_fields = ("compound__name", "compound__code")
    raw_id_fields = ("compound",)


@admin.register(FeeBill)
class FeeBillAdmin(ReadOnly):
    list_display = ("household", "compound", "period", "due", "paid")
    list_filter = ("period",)
    search_fields = ("household__code", "compound__name")


@admin.register(FeePayment)
class FeePaymentAdmin(ReadOnly):
    list_display = ("bill", "amount", "paid_on", "method", "source", "created_by")
    list_filter = ("method", "source")
    date_hierarchy = "paid_on"


class CampaignItemInline(admin.TabularInline):
    model = CampaignItem
    extra = 0
    raw_id_fields = ("compound",)
    readonly_fields = ("rectified_at", "evidence")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "scope", "starts", "ends", "status")
    list_filter = ("status",)
    raw_id_fields = ("scope",)
    inlines = [CampaignItemInline]


@admin.register(PropertyEvent)
class PropertyEventAdmin(ReadOnly):
    list_display = ("at", "kind", "compound", "actor", "actor_role", "note")
    list_filter = ("kind",)
    date_hierarchy = "at"
