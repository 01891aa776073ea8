from django.urls import path

from .views import archive as views

app_name = "archive"

urlpatterns = [
    path("", views.archive_index, name="index"),
    path("export.<str:fmt>", views.archive_export, name="export"),
    path("entities/<slug:slug>/", views.archive_entity, name="entity"),
]
