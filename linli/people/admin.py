from django.contrib import admin

from .models import Person, Tag


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "gender", "household", "relation", "residence_type", "is_owner")
    list_filter = ("residence_type", "relation", "is_owner")
    search_fields = ("name", "household__code")
    raw_id_fields = ("household", "user")
    show_full_result_count = False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """The configurable list of ledger tags (独居老人, 出租房 …): add, rename, retire, mark as 关爱对象."""

    list_display = ("name", "code", "target", "care", "sort", "is_active")
    list_editable = ("care", "sort", "is_active")
    list_filter = ("target", "care", "is_active")
