from django.urls import path

from .views import public as views

app_name = "opendata"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("catalog.jsonld", views.catalog_rdf, {"fmt": "jsonld"}, name="catalog-jsonld"),
    path("catalog.ttl", views.catalog_rdf, {"fmt": "ttl"}, name="catalog-ttl"),
    path("datasets.csv", views.catalogue_export, {"fmt": "csv"}, name="export-csv"),
    path("datasets.json", views.catalogue_export, {"fmt": "json"}, name="export-json"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("licences/<str:slug>/", views.licence_detail, name="licence"),
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.request_create, name="request-create"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/support/", views.request_support, name="request-support"),
    path("requests/<int:pk>/comment/", views.request_comment, name="request-comment"),
    path("datasets/<slug:name>/", views.dataset_detail, name="dataset"),
    path("datasets/<slug:name>.jsonld", views.dataset_rdf, {"fmt": "jsonld"}, name="dataset-jsonld"),
    path("datasets/<slug:name>.ttl", views.dataset_rdf, {"fmt": "ttl"}, name="dataset-ttl"),
    path("datasets/<slug:name>/reuses/", views.reuse_submit, name="reuse-submit"),
    path("datasets/<slug:name>/resources/<int:pk>/download/", views.resource_download, name="download"),
    path("datasets/<slug:name>/resources/<int:pk>/preview/", views.resource_preview_page, name="preview"),
]
