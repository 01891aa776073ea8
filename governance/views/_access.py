"""Who may see the programme's members-only pages: the public is sent to log in, others refused."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from ..selectors import NETWORK_STAFF_ROLES, is_network_member


def signed_in_and(may_see):
    """A view decorator: the anonymous visitor goes to log in; a signed-in person for whom
    `may_see(user)` is false gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not may_see(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Approved network coordinators and the federal bodies (the course, workshops, experience exchange, threads).
members_only = signed_in_and(is_network_member)


def is_programme_staff(user) -> bool:
    return user.is_superuser or user.groups.filter(name__in=NETWORK_STAFF_ROLES).exists()
