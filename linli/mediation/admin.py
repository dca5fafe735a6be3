from django.contrib import admin

from .models import MediationCase


@admin.register(MediationCase)
class MediationCaseAdmin(admin.ModelAdmin):
    list_display = ["pk", "title", "dispute_type", "status", "level", "registered_at"]
    list_filter = ["status", "dispute_type", "level"]
    readonly_fields = [f.name for f in MediationCase._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
