from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from consultations.views import public as consultation_views
from sharik.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The archive API (consultations/api): not language-prefixed, versioned.
    path("api/v1/", include("consultations.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

# Arabic at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("", consultation_views.home, name="home"),
    path("consultations/", include("consultations.urls")),
    path("archive/", include("consultations.archive_urls")),
    path("accounts/", include("sharik.accounts.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
