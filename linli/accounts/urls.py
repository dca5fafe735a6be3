from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import two_factor_views
from .forms import PhoneLoginForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=PhoneLoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url=reverse_lazy("home")
        ),
        name="password_change",
    ),
    path("security/", two_factor_views.account_security, name="security"),
    path("two-factor/", two_factor_views.verify, name="two_factor_verify"),
    path("two-factor/enrol/", two_factor_views.enrol, name="two_factor_enrol"),
]
