from django.apps import AppConfig


class PropertyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "linli.property"
    label = "property"
    verbose_name = "红色物业"
