from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.decorators.http import conditional_page
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from consultations.views import public as consultation_views
from opendata import ckan as opendata_ckan
from opendata.api import views as opendata_api_views
from sharik.core import views as core_views
from sharik.core.metrics import metrics_view

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/ready", core_views.healthz, name="readiness"),
    path("healthz/live", core_views.liveness, name="liveness"),
    path("metrics", metrics_view, name="metrics"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("files/<str:token>/", core_views.private_file, name="private-file"),  # signed, short-lived
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    # Open data: the CKAN-compatible read API and the project's dataset API (not language-prefixed)
    path("api/3/action/<str:action>", opendata_ckan.action, name="ckan-action"),
    path("api/action/<str:action>", opendata_ckan.action, name="ckan-action-unversioned"),
    path("api/v1/datasets/", include("opendata.api.urls")),
    path(
        "api/v1/entities/<slug:entity_slug>/datasets/<slug:name>",
        conditional_page(opendata_api_views.DatasetPushView.as_view()),
        name="dataset-push",
    ),
    # The archive API (consultations/api): not language-prefixed, versioned.
    path("api/v1/", include("consultations.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI sets inline styles on its own elements; scripts stay same-origin only.
    path(
        "api/docs/",
        csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
]

# Arabic at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("", consultation_views.home, name="home"),
    path("consultations/", include("consultations.urls")),
    path("opendata/", include("opendata.urls")),
    path("archive/", include("consultations.archive_urls")),
    path("accounts/", include("sharik.accounts.urls")),
    path("", include("governance.urls")),
    path("", include("analytics.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler404 = "sharik.core.views.page_not_found"

if settings.BENCHMARK_ENDPOINTS:
    from sharik.core import bench_views

    urlpatterns += [
        path("bench/ref/", bench_views.trivial),
        path("bench/ref-insert/", bench_views.atomic_insert),
    ]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
else:  # the reverse proxy serves /media/; reaching Django means it is not configured (logged, then 404)
    from sharik.core.views import media_not_served

    urlpatterns += [path("media/<path:path>", media_not_served)]
