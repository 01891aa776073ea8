from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("activate/<uidb64>/<token>/", views.activate, name="activate"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("my-data/", views.my_data, name="my-data"),
    path("my-data/export/", views.data_export, name="data-export"),
    path("my-data/export/<str:token>/", views.data_export_download, name="data-export-download"),
    path("my-data/delete/", views.delete_account, name="delete"),
    path("two-factor/setup/", views.otp_setup, name="otp-setup"),
    path("two-factor/verify/", views.otp_verify, name="otp-verify"),
    path("notifications/", views.notifications, name="notifications"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/sent/", views.password_reset_done, name="password-reset-done"),
    path("password-reset/<uidb64>/<token>/", views.password_reset_confirm, name="password-reset-confirm"),
    path("password-reset/done/", views.password_reset_complete, name="password-reset-complete"),
]
