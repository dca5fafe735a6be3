from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "linli.accounts"
    label = "accounts"
    verbose_name = "账号与角色"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import rules, two_factor  # noqa: F401  (rules: declares the permissions)
        from .security import start_idle_clock

        # The idle clock starts at log-in, so the first pages do not each write the session.
        user_logged_in.connect(start_idle_clock, dispatch_uid="linli.accounts.start_idle_clock")
        # Every log-in decides whether the session owes a two-factor code (or an enrolment).
        user_logged_in.connect(two_factor.start, dispatch_uid="linli.accounts.two_factor_start")
