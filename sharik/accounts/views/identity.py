"""Sign in with UAE PASS, link it from the profile, unlink it, and sign out of UAE PASS too."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sharik.core.ratelimit import write_rate

from .. import uaepass
from ..forms import ConfirmPasswordForm
from ..middleware import UAEPASS_SIGNED_IN_KEY
from ..services import identity as services

# Session keys: what the round trip to UAE PASS is for, where to go after, the id_token for logout.
INTENT_KEY = "sharik_uaepass_intent"
NEXT_KEY = "sharik_uaepass_next"
ID_TOKEN_KEY = "sharik_uaepass_id_token"
SIGNED_IN_KEY = UAEPASS_SIGNED_IN_KEY
LINK_WINDOW_SECONDS = 10 * 60

IDENTITY_REFUSALS = {
    "identity-elsewhere": gettext_lazy("This UAE PASS identity is already linked to another Sharik account."),
    "already-linked": gettext_lazy("Your account is already linked to another UAE PASS identity."),
    "inactive": gettext_lazy("The Sharik account of this UAE PASS identity is not active."),
    "no-email": gettext_lazy("UAE PASS did not share an e-mail address, which a Sharik account needs."),
    "no-subject": gettext_lazy("UAE PASS did not identify the person. You are not signed in."),
    "no-password": gettext_lazy("Set a password first: without one, you could not sign in after unlinking."),
    "link-expired": gettext_lazy(
        "Linking took too long or was started from another session. Please start again."
    ),
}


def _callback_uri(request) -> str:
    # One address to register with UAE PASS, whatever the page's language (Arabic has no prefix).
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse("accounts:uaepass-callback"))


def _safe_next(request, value: str, default: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, {request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return default


def _refused(request, message, status=400):
    return render(request, "accounts/identity/refused.html", {"message": message}, status=status)


def _require_configured():
    if not uaepass.configured():
        raise Http404


@require_GET
def uaepass_start(request):
    """Send the visitor to UAE PASS to sign in (or to create their Sharik account on first use)."""
    _require_configured()
    request.session[INTENT_KEY] = {"action": "sign-in", "lang": translation.get_language()}
    request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next", ""), resolve_url("home"))
    try:
        return uaepass.authorize_redirect(request, _callback_uri(request))
    except uaepass.SignInRefused as refused:
        return _refused(request, uaepass.REFUSALS[refused.reason], status=503)


@login_required
@require_POST
@write_rate("RATELIMIT_ACCOUNT_WRITES")
def uaepass_link(request):
    """Link UAE PASS to the signed-in account, once the person has confirmed their password."""
    _require_configured()
    form = ConfirmPasswordForm(request.POST)
    if not form.is_valid() or not request.user.check_password(form.cleaned_data["password"]):
        messages.error(request, _("UAE PASS was not linked: your password is not right."))
        return redirect("accounts:profile")
    request.session[INTENT_KEY] = {
        "action": "link",
        "user": request.user.pk,
        "at": timezone.now().timestamp(),
        "lang": translation.get_language(),
    }
    request.session[NEXT_KEY] = resolve_url("accounts:profile")
    try:
        return uaepass.authorize_redirect(request, _callback_uri(request))
    except uaepass.SignInRefused as refused:
        return _refused(request, uaepass.REFUSALS[refused.reason], status=503)


@require_GET
def uaepass_callback(request):
    """UAE PASS sends the person back here with a code: check everything, then sign in or link."""
    _require_configured()
    intent = request.session.pop(INTENT_KEY, None) or {}
    next_url = request.session.pop(NEXT_KEY, None) or resolve_url("home")
    # The callback has one address (Arabic, no prefix): answer in the language the person started in.
    lang = intent.get("lang")
    if lang in dict(settings.LANGUAGES):
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
    try:
        claims, id_token = uaepass.authorize_callback(request)
    except uaepass.SignInRefused as refused:
        return _refused(request, uaepass.REFUSALS[refused.reason])

    if intent.get("action") == "link":
        fresh = timezone.now().timestamp() - float(intent.get("at", 0)) < LINK_WINDOW_SECONDS
        if not (request.user.is_authenticated and request.user.pk == intent.get("user") and fresh):
            return _refused(request, IDENTITY_REFUSALS["link-expired"])
        try:
            services.identity_link(user=request.user, claims=claims)
        except services.IdentityRefused as refused:
            return _refused(request, IDENTITY_REFUSALS[refused.reason], status=409)
        request.session[ID_TOKEN_KEY] = id_token
        messages.success(request, _("UAE PASS is linked to your account."))
        return redirect("accounts:profile")

    try:
        user = services.identity_sign_in(claims=claims, language=translation.get_language() or "ar")
    except services.IdentityRefused as refused:
        if refused.reason == "email-taken":
            login_url = f"{reverse('accounts:login')}?next={reverse('accounts:profile')}"
            return render(request, "accounts/identity/email_taken.html", {"login_url": login_url}, status=409)
        return _refused(request, IDENTITY_REFUSALS[refused.reason], status=409)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[ID_TOKEN_KEY] = id_token
    request.session[SIGNED_IN_KEY] = True
    return redirect(next_url)


@login_required
@require_POST
def uaepass_unlink(request):
    try:
        services.identity_unlink(user=request.user)
    except services.IdentityRefused as refused:
        messages.error(request, IDENTITY_REFUSALS[refused.reason])
        return redirect("accounts:profile")
    request.session.pop(ID_TOKEN_KEY, None)
    request.session.pop(SIGNED_IN_KEY, None)
    messages.success(request, _("UAE PASS is no longer linked to your account."))
    return redirect("accounts:profile")


class LogoutView(auth_views.LogoutView):
    """Signing out of Sharik after a UAE PASS sign-in ends the UAE PASS session too (RP-initiated
    logout through the provider's end_session_endpoint)."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(ID_TOKEN_KEY)
        response = super().post(request, *args, **kwargs)
        if id_token and uaepass.configured():
            back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
            url = uaepass.end_session_url(id_token=id_token, post_logout_redirect_uri=back)
            if url:
                return redirect(url)
        return response
