"""A second factor for staff: with OTP_REQUIRED_FOR_STAFF, the admin needs a verified TOTP device."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from sharik.core.middleware import DATABASE_ERRORS, database_unavailable

UAEPASS_SIGNED_IN_KEY = "sharik_uaepass_signed_in"  # set by views.identity.uaepass_callback

# The admin's own sign-in and sign-out pages stay reachable; everything else under the admin waits.
OPEN_ADMIN_VIEWS = {"login", "logout", "jsi18n"}


class StaffSecondFactorMiddleware:
    """After django_otp's OTPMiddleware: staff who have not verified a code this session are sent to
    enrol (no device yet) or to enter a code, before any admin page is shown."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # UAEPASS_STAFF_SECOND_FACTOR=False: the federal team accepts a UAE PASS sign-in as the second
        # factor of a staff member (the session was signed in through UAE PASS).
        if not settings.UAEPASS_STAFF_SECOND_FACTOR and request.session.get(UAEPASS_SIGNED_IN_KEY):
            user = request.user
            if user.is_authenticated and user.is_staff:
                user.is_verified = lambda: True
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.OTP_REQUIRED_FOR_STAFF:
            return None
        match = request.resolver_match
        if match is None or "admin" not in match.namespaces or match.url_name in OPEN_ADMIN_VIEWS:
            return None
        user = request.user
        try:
            if not (user.is_authenticated and user.is_staff) or user.is_verified():
                return None
            target = "accounts:otp-verify" if user_has_device(user) else "accounts:otp-setup"
        except DATABASE_ERRORS:  # the session, the user and the devices are in the database
            return database_unavailable()
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
