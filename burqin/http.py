"""Request helpers every app may use: where to go back to, and who is asking."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ``next`` of the request (POST first, then GET) when it stays on this site, else
    ``fallback``: a ``next=https://elsewhere`` or ``next=//elsewhere`` never leaves the site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address of the person at the browser, for the login lockout (django-axes).

    The socket's address (``REMOTE_ADDR``) unless a reverse proxy is configured:

    - ``TRUSTED_PROXIES`` (addresses or networks): when the request comes from one of them, the
      right-most ``X-Forwarded-For`` entry that is not itself a trusted proxy;
    - ``TRUSTED_PROXY_COUNT`` (N proxies in front of the app, each appending the address it saw):
      the N-th entry from the right of ``X-Forwarded-For``.

    Entries left of those were written by the client and are never believed. Without either
    setting ``X-Forwarded-For`` is ignored, so a forged header changes nothing.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    trusted = [ipaddress.ip_network(net, strict=False) for net in settings.TRUSTED_PROXIES]
    if trusted:
        remote_address = _address(remote)
        if remote_address is None or not any(remote_address in net for net in trusted):
            return remote
        for entry in reversed(forwarded):
            address = _address(entry)
            if address is None:
                return remote
            if not any(address in net for net in trusted):
                return str(address)
        return remote
    count = settings.TRUSTED_PROXY_COUNT
    if count and len(forwarded) >= count:
        address = _address(forwarded[-count])
        if address is not None:
            return str(address)
    return remote
