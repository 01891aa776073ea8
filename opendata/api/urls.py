"""Mounted at /api/v1/datasets/ by sharik/urls.py (self-contained, so other API modules merge beside it)."""

from rest_framework.routers import SimpleRouter

from .views import DatasetViewSet

router = SimpleRouter()
router.register("", DatasetViewSet, basename="dataset")

app_name = "opendata-api"
urlpatterns = router.urls
