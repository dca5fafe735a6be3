from django.contrib import admin
from django.urls import include, path

from linli.accounts import admin_site
from linli.api import api
from linli.core import views as core_views

admin_site.install()

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("linli.accounts.urls")),
    path("places/", include("linli.places.urls")),
    path("grids/", include("linli.places.grid_urls")),
    path("roles/", include("linli.accounts.role_urls")),
    path("appeals/", include("linli.appeals.urls")),
    path("visits/", include("linli.visits.urls")),
    path("property/", include("linli.property.urls")),
    path("party/", include("linli.party.urls")),
    path("votes/", include("linli.votes.urls")),
    path("deliberation/", include("linli.deliberation.urls")),
    path("mediation/", include("linli.mediation.urls")),
    path("projects/", include("linli.projects.urls")),
    path("owners/", include("linli.owners.urls")),
    path("people/", include("linli.people.urls")),
    path("audit/", include("linli.audit.urls")),
    path("volunteers/", include("linli.volunteers.urls")),
    path("points/", include("linli.points.urls")),
    path("mobilization/", include("linli.mobilization.urls")),
    path("stairwells/", include("linli.stairwells.urls")),
    path("dashboards/", include("linli.dashboards.urls")),
    path("notifications/", include("linli.notifications.urls")),
    path("open311/v2/", include("linli.open311.urls")),
    path("open311/keys/", include("linli.open311.key_urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "linli.core.views.bad_request"
handler403 = "linli.core.views.permission_denied"
handler404 = "linli.core.views.page_not_found"
handler500 = "linli.core.views.server_error"
