"""The client's address, one function for every caller: django-axes, the write rate limits, the
anonymous vote and survey caps (and the API throttles).

Behind a reverse proxy REMOTE_ADDR is the proxy's address. `TRUSTED_PROXIES` (addresses or networks,
e.g. "10.0.0.0/8,127.0.0.1") lists the proxies we run; only when the request comes from one of them is
X-Forwarded-For read, from the right, skipping our own proxies: the first address that is not ours is
the client. Hops to its left were written by the client itself and are never trusted.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _address(value: str):
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str:
    """The address of whoever sent the request, trusting only the configured proxies."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    current = _address(remote)
    if not networks or not _trusted(current, networks):
        return str(current) if current is not None else (remote or "unknown")
    hops = [hop for hop in request.META.get(FORWARDED_HEADER, "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a malformed hop: stop at the last address we can vouch for
        current = address
        if not _trusted(address, networks):
            break
    return str(current)


def client_ip_for_axes(request) -> str | None:
    """`client_ip` for django-axes, whose logs store an IP address column: None (not a made-up word)
    when the request carries no address, e.g. a sign-in made in code rather than by a browser."""
    address = client_ip(request)
    return address if _address(address) is not None else None
