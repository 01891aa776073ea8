"""`/api/v1/`: not language-prefixed; the push contract's paths are public and must not change.

Reads are wrapped in `conditional_page`: responses carry an ETag computed from the content, and
If-None-Match / If-Modified-Since get 304 Not Modified.
"""

from django.urls import path
from django.views.decorators.http import conditional_page

from . import views

app_name = "api"

urlpatterns = [
    path(
        "consultations/",
        conditional_page(views.ConsultationViewSet.as_view({"get": "list"})),
        name="consultation-list",
    ),
    path(
        "consultations/<int:pk>",
        conditional_page(views.ConsultationViewSet.as_view({"get": "retrieve"})),
        name="consultation-detail",
    ),
    path(
        "entities/<slug:entity_slug>/consultations:bulk",
        views.ConsultationBulkPushView.as_view(),
        name="consultation-push-bulk",
    ),
    path(
        "entities/<slug:entity_slug>/consultations/<str:external_id>",
        conditional_page(views.ConsultationPushView.as_view()),
        name="consultation-push",
    ),
    path("entities/<slug:entity_slug>/feeds", views.EntityFeedsView.as_view(), name="entity-feeds"),
    path("archive/summary", conditional_page(views.ArchiveSummaryView.as_view()), name="archive-summary"),
]
