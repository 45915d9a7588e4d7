from django.urls import include, path

urlpatterns = [
    path("", include("lantern.web.urls")),
    path("", include("lantern.security.urls")),
    path("children/", include("lantern.people.urls")),
    path("children/", include("lantern.audit.urls")),
    path("children/", include("lantern.staff.urls")),
    path("children/", include("lantern.assessment.urls")),
    path("children/", include("lantern.protection.urls")),
    path("children/", include("lantern.childinneed.urls")),
    path("children/", include("lantern.leavingcare.urls")),
    path("children/", include("lantern.earlyhelp.urls")),
    path("", include("lantern.plans.urls")),
    path("", include("lantern.stepchange.urls")),
    path("", include("lantern.care.urls")),
    path("", include("lantern.missing.urls")),
    path("", include("lantern.legal.urls")),
    path("", include("lantern.access.urls")),
    path("", include("lantern.privacy.urls")),
    path("returns/", include("lantern.returns.urls")),
    path("work/", include("lantern.obligations.urls")),
    path("front-door/", include("lantern.frontdoor.urls")),
]

handler400 = "lantern.web.views.bad_request"
handler404 = "lantern.web.views.page_not_found"
