"""Sign-up, sign-in, profile, the person's own data (export, delete) and notifications."""

import base64
import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from sharik.core.ratelimit import write_rate

from .. import services, uaepass
from ..forms import (
    ConfirmPasswordForm,
    DeleteAccountForm,
    LoginForm,
    ProfileForm,
    RegistrationForm,
    TokenForm,
)
from ..models import UaePassIdentity, User

ACTIVATION_SESSION_KEY = "sharik_registered_email"


@write_rate("RATELIMIT_ACCOUNT_WRITES")
def register(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The activation link signs in only the browser that registered (no login CSRF by a link).
        request.session[ACTIVATION_SESSION_KEY] = data["email"].strip().lower()
        services.user_register(
            email=data["email"],
            password=data["password1"],
            display_name=data["display_name"],
            language=translation.get_language() or "ar",
        )
        # The same reply whether or not the address already had an account.
        return render(request, "accounts/register_done.html", {"email": data["email"]})
    return render(request, "accounts/register.html", {"form": form, "uaepass_enabled": uaepass.configured()})


def activate(request, uidb64: str, token: str):
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not services.user_activate(user=user, token=token):
        return render(request, "accounts/activate_invalid.html", status=400)
    if request.session.get(ACTIVATION_SESSION_KEY) != user.email:
        # Opened elsewhere than where the person registered: active, but they sign in themselves.
        messages.success(request, _("Your account is active: sign in with your e-mail address and password."))
        return redirect("accounts:login")
    request.session.pop(ACTIVATION_SESSION_KEY, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Welcome to Sharik: your account is active."))
    return redirect("home")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(uaepass_enabled=uaepass.configured(), **kwargs)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "uaepass_enabled": uaepass.configured(),
        "identity": UaePassIdentity.objects.filter(user=request.user).first(),
        "link_form": ConfirmPasswordForm(),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def my_data(request):
    return render(request, "accounts/my_data.html", {"delete_form": DeleteAccountForm()})


@login_required
@require_POST
def data_export(request):
    """Prepare a one-time link (signed, expiring) rather than answering the data to a bare POST."""
    token = services.data_export_link_create(user=request.user)
    minutes = settings.DATA_EXPORT_LINK_MAX_AGE // 60
    return render(
        request,
        "accounts/data_export_ready.html",
        {"url": reverse("accounts:data-export-download", args=[token]), "minutes": minutes},
    )


EXPORT_REFUSALS = {
    "expired": (410, _lazy("This download link has expired. Ask for a new one on the My data page.")),
    "used": (410, _lazy("This download link was already used. Ask for a new one on the My data page.")),
    "other-person": (403, _lazy("This download link belongs to another account.")),
    "invalid": (404, _lazy("This download link is not valid.")),
}


@login_required
def data_export_download(request, token: str):
    try:
        data = services.data_export_link_redeem(user=request.user, token=token)
    except services.DataExportLinkRefused as refused:
        status, message = EXPORT_REFUSALS[refused.reason]
        return render(request, "accounts/data_export_refused.html", {"message": message}, status=status)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="sharik-my-data-{timezone.now():%Y%m%d}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def delete_account(request):
    form = DeleteAccountForm(request.POST)
    if not form.is_valid() or not request.user.check_password(form.cleaned_data["password"]):
        messages.error(
            request, _("Your account was not deleted: confirm with your password and tick the box.")
        )
        return redirect("accounts:my-data")
    services.user_delete(user=request.user)
    logout(request)
    messages.success(
        request, _("Your account is deleted. Your contributions remain as those of a deleted participant.")
    )
    return redirect("home")


@login_required
def notifications(request):
    items = list(request.user.notifications.all()[:100])
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "accounts/notifications.html", {"notifications": items})


password_reset = write_rate("RATELIMIT_ACCOUNT_WRITES")(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password-reset-done"),
    )
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password-reset-complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _staff_only(request) -> None:
    if not request.user.is_staff:
        raise PermissionDenied


def _qr_data_uri(text: str) -> str:
    """The otpauth:// address as an SVG QR code, drawn here (no outside service sees the secret)."""
    import qrcode
    import qrcode.image.svg

    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


@login_required
def otp_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the secret), then give a first code."""
    _staff_only(request)
    next_url = _next_url(request, reverse("admin:index"))
    if user_has_device(request.user):
        return redirect(f"{reverse('accounts:otp-verify')}?{urlencode({'next': next_url})}")
    key = request.session.get("otp_setup_key") or random_hex(20)
    request.session["otp_setup_key"] = key
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.totp_device_enrol(user=request.user, key=key, token=form.cleaned_data["token"])
        except ValidationError as refused:
            form.add_error("token", refused)
        else:
            request.session.pop("otp_setup_key", None)
            otp_login(request, device)
            messages.success(request, _("Your authenticator app is set up."))
            return redirect(next_url)
    device = TOTPDevice(user=request.user, name="Sharik", key=key)
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr": _qr_data_uri(device.config_url),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
def otp_verify(request):
    """Give the code of the authenticator app once per session before the admin opens."""
    _staff_only(request)
    next_url = _next_url(request, reverse("admin:index"))
    if not user_has_device(request.user):
        return redirect(f"{reverse('accounts:otp-setup')}?{urlencode({'next': next_url})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("token", _("That code is not right. Wait for the next code and try again."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})
