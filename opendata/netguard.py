"""Outgoing requests of the link checker and the harvester go only to public addresses.

A coordinator types the URLs these jobs fetch; without this guard they could make the portal probe
the government's internal network (SSRF). Every hop, redirects included, is checked through an
httpx request hook. Tests and closed networks may allow private hosts with
settings.OPENDATA_FETCH_PRIVATE_HOSTS.
"""

import ipaddress
import socket

import httpx
from django.conf import settings


class AddressNotAllowed(httpx.RequestError):
    pass


def _is_public(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return True  # unresolvable: the request itself will fail with a clear error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return False
    return True


def guard_request(request: httpx.Request) -> None:
    if getattr(settings, "OPENDATA_FETCH_PRIVATE_HOSTS", False):
        return
    if request.url.scheme not in ("http", "https"):
        raise AddressNotAllowed(f"scheme not allowed: {request.url.scheme}", request=request)
    if not _is_public(request.url.host):
        raise AddressNotAllowed(f"address not allowed: {request.url.host}", request=request)


def client(**kwargs) -> httpx.Client:
    hooks = kwargs.pop("event_hooks", {})
    hooks.setdefault("request", []).append(guard_request)
    return httpx.Client(event_hooks=hooks, **kwargs)
