from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "linli.projects"
    label = "projects"
    verbose_name = "三张清单"

    def ready(self):
        from . import rules  # noqa: F401
