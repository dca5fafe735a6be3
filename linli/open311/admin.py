from django.contrib import admin

from .models import ApiKey, RequestAttributeValue, RequestToken, ServiceAttribute


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by services only (keys are issued on the keys page or by `linli open311`)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ServiceAttribute)
class ServiceAttributeAdmin(admin.ModelAdmin):
    list_display = ("category", "order", "code", "description", "datatype", "required", "variable")
    list_filter = ("datatype", "required")
    search_fields = ("code", "description", "category__name", "category__code")
    list_select_related = ("category__parent",)


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdmin):
    list_display = ("prefix", "name", "place", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("place",)
    exclude = ("key_hash",)


class AttributeValueInline(admin.TabularInline):
    model = RequestAttributeValue
    fields = ("code", "value")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RequestToken)
class RequestTokenAdmin(ReadOnlyAdmin):
    list_display = ("token", "appeal", "api_key", "created_at")
    list_select_related = ("appeal", "api_key")
    raw_id_fields = ("appeal",)
    search_fields = ("token", "appeal__number")
    inlines = [AttributeValueInline]
