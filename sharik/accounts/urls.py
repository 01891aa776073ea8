from django.urls import path

from . import views
from .views import identity

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("activate/<uidb64>/<token>/", views.activate, name="activate"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", identity.LogoutView.as_view(), name="logout"),
    path("uaepass/login/", identity.uaepass_start, name="uaepass-start"),
    path("uaepass/callback/", identity.uaepass_callback, name="uaepass-callback"),
    path("uaepass/link/", identity.uaepass_link, name="uaepass-link"),
    path("uaepass/unlink/", identity.uaepass_unlink, name="uaepass-unlink"),
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
