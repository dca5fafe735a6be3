from django.contrib import admin

from .models import Need, Project, Resource, SelfOrganisation


@admin.register(Need, Resource, Project, SelfOrganisation)
class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
