"""Root URLs. Each InfoGov app's `urls.py` is mounted at `/<app>/` and its `api.py`
router (and any `api_urlpatterns`) at `/api/<app>/`, so adding an app needs no change here."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView

from infogov.core import (
    api_docs,
    calendar_views,
    import_views,
    outbox,
    pages,
    pickers,
    search_views,
)
from infogov.core import auth_views as mfa_views
from infogov.core.token_api import (
    ApiTokenViewSet,
    ObtainTokenView,
    ResetTwoFactorView,
    RevokeTokenView,
)

handler404 = "infogov.core.pages.not_found"
handler500 = "infogov.core.pages.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", pages.home, name="home"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("brand.css", pages.brand_css, name="brand_css"),
    path("healthz", pages.healthz, name="healthz"),
    path("search/", search_views.search_page, name="search"),
    path("notifications/failed/", outbox.failed_list, name="failed_notifications"),
    path("notifications/failed/retry/", outbox.retry, name="notification_retry_all"),
    path("notifications/<int:pk>/retry/", outbox.retry, name="notification_retry"),
    path("imports/", import_views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", import_views.import_job, name="import_job"),
    path(
        "imports/<int:pk>/progress/", import_views.import_job_progress, name="import_job_progress"
    ),
    path(
        "api/imports/",
        import_views.ImportJobViewSet.as_view({"get": "list", "post": "create"}),
        name="api-import-list",
    ),
    path(
        "api/imports/<int:pk>/",
        import_views.ImportJobViewSet.as_view({"get": "retrieve"}),
        name="api-import-detail",
    ),
    path(
        "api/imports/<int:pk>/confirm/",
        import_views.ImportJobViewSet.as_view({"post": "confirm"}),
        name="api-import-confirm",
    ),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/mfa/", mfa_views.mfa_verify, name="mfa_verify"),
    path("accounts/mfa/setup/", mfa_views.mfa_setup, name="mfa_setup"),
    path(
        "accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        mfa_views.RateLimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/security/", mfa_views.account_security, name="account_security"),
    path("accounts/calendar/", calendar_views.account_calendar, name="account_calendar"),
    path("calendar/<str:key>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path(
        "accounts/people/<int:user_id>/security/",
        mfa_views.account_security,
        name="account_security_for",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("api/auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("api/auth/token/revoke/", RevokeTokenView.as_view(), name="api-token-revoke"),
    path("api/auth/tokens/", ApiTokenViewSet.as_view({"get": "list"}), name="api-token-list"),
    path(
        "api/auth/tokens/<int:pk>/",
        ApiTokenViewSet.as_view({"delete": "destroy"}),
        name="api-token-detail",
    ),
    path(
        "api/auth/users/<int:pk>/reset-two-factor/",
        ResetTwoFactorView.as_view(),
        name="api-reset-two-factor",
    ),
    path("lookup/", pickers.lookup, name="picker_lookup"),
    path("api/search/", search_views.SearchAPIView.as_view(), name="api-search"),
    path("api/auth/calendar/", calendar_views.CalendarFeedView.as_view(), name="api-calendar"),
    path(
        "api/auth/calendar/img/",
        calendar_views.GroupCalendarFeedView.as_view(),
        name="api-calendar-img",
    ),
    path("api/auth/digest/", calendar_views.DigestPreferenceView.as_view(), name="api-digest"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/", api_docs.api_index, name="api-index"),
    path("api/docs/", api_docs.api_docs, name="api-docs"),
    path("api/docs/<slug:module>/", api_docs.api_docs, name="api-docs-module"),
    path("admin/", admin.site.urls),
    # The public publication scheme (FOISA s.23) lives in the requests app; the Scottish
    # Information Commissioner's guidance expects it at a plain address.
    path(
        "publication-scheme/",
        include(("infogov.requests.publication_urls", "publication")),
    ),
]

for config in apps.get_app_configs():
    if not config.name.startswith("infogov.") or config.label == "core":
        continue
    if find_spec(f"{config.name}.api"):
        api_module = import_module(f"{config.name}.api")
        extra = getattr(api_module, "api_urlpatterns", None)
        if extra:  # an app's endpoints that are not a model's (e.g. a statistics return)
            urlpatterns.append(path(f"api/{config.label}/", include(extra)))
        router = getattr(api_module, "router", None)
        if router is not None:
            urlpatterns.append(path(f"api/{config.label}/", include(router.urls)))
    if find_spec(f"{config.name}.urls"):
        urlpatterns.append(path(f"{config.label}/", include((f"{config.name}.urls", config.label))))
