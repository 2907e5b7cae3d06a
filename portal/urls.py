"""The portal's URLs. Each app has its own namespace; the policy layer guards every view.

The front door's pages (home, the demo mailbox) and the core's (statements, brand, health)
share the "core" namespace, the names every template and test has always used."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from wellbeing_portal.core import urls as core_urls

from . import views

# The Django admin signs in through allauth, so its rate limits and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = f"{settings.PORTAL_NAME} administration"
admin.site.site_title = settings.PORTAL_NAME

front_door = [
    path("", views.home, name="home"),
    *core_urls.urlpatterns,
    path("demo/mailbox/", views.demo_mailbox, name="demo_mailbox"),
]

urlpatterns = [
    path("", include((front_door, core_urls.app_name))),
    path("people/", include("wellbeing_portal.people.urls")),
    path("charters/", include("charters.urls")),
    path("surveys/", include("surveys.urls")),
    path("inspections/", include("inspections.urls")),
    path("support/", include("support_directory.urls")),
    path("reports/", include("reports.urls")),
    path("privacy/", include("privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "wellbeing_portal.core.errors.not_found"
handler500 = "wellbeing_portal.core.errors.server_error"
