"""Rate limits: per entity key, per signed-in person, and per client address for anonymous reads.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] ("entity_key", "user", "anon"), read at
request time. A refused request gets 429 with a Retry-After header.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from sharik.core.client_address import client_ip

from ..models import EntityApiKey


class ArchiveRateThrottle(SimpleRateThrottle):
    def __init__(self):  # the scope is known only per request
        pass

    def _scope_and_ident(self, request) -> tuple[str, str]:
        if isinstance(request.auth, EntityApiKey):
            return "entity_key", request.auth.prefix
        if request.user and request.user.is_authenticated and request.user.pk is not None:
            return "user", str(request.user.pk)
        return "anon", self.get_ident(request)

    def get_ident(self, request) -> str:
        """The client's address from the one function the web rate limits and lockout use
        (TRUSTED_PROXIES), not DRF's own count of proxies: one setting describes our proxies."""
        return client_ip(request)

    def allow_request(self, request, view):
        self.scope, self.ident = self._scope_and_ident(request)
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}
