from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/figures.csv", views.dashboard_csv, name="dashboard-csv"),
    path("dashboard/entities/<slug:slug>/", views.entity_dashboard, name="entity-dashboard"),
    path("epi/", views.epi_ranking, name="epi"),
    path("epi/<slug:slug>/", views.epi_entity, name="epi-entity"),
    path("un-survey/", views.un_survey, name="un-survey"),
    path("insight/<int:pk>/", views.campaign_insight, name="insight"),
]
