"""The per-address allowance of contributions without an account (anonymous votes and survey
responses): a new browser session is free to make, the client's address is not."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# scope -> (setting, default per hour)
ANONYMOUS_ALLOWANCES = {
    "votes": ("ANONYMOUS_VOTES_PER_HOUR", 30),
    "survey-responses": ("ANONYMOUS_SURVEY_RESPONSES_PER_HOUR", 10),
}


def anonymous_allowance_take(*, scope: str, client_ip: str) -> None:
    """Count one anonymous contribution from this address; ValidationError once over the hour's cap."""
    setting, default = ANONYMOUS_ALLOWANCES[scope]
    limit = getattr(settings, setting, default)
    key = f"anonymous-{scope}:{client_ip or 'unknown'}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=3600)
        count = 1
    if count > limit:
        raise ValidationError(
            _("Too many contributions from this connection; please try again later or log in."), code="rate"
        )
