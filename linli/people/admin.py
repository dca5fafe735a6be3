from django.contrib import admin

from .models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "gender", "household", "relation", "residence_type", "is_owner")
    list_filter = ("residence_type", "relation", "is_owner")
    search_fields = ("name", "household__code")
    raw_id_fields = ("household", "user")
    show_full_result_count = False
