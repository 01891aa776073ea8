"""Quality jobs: the link checker and staleness, which feed each dataset's quality score.

The link checker never hangs: every request has a connect/read timeout *and* an overall deadline
for the whole response (a server that trickles bytes is cut off), redirects are capped, and the
checks run in a small thread pool so one slow host does not hold back the others.
"""

import logging
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import netguard
from ..models import Dataset, LinkCheck, Resource
from .catalogue import dataset_refresh

log = logging.getLogger(__name__)

LINK_CHECK_TIMEOUT = getattr(settings, "OPENDATA_LINK_CHECK_TIMEOUT", 10.0)
LINK_CHECK_MAX_REDIRECTS = 5
LINK_CHECK_WORKERS = 8
USER_AGENT = "Sharik-link-checker/1.0 (+open data quality)"


def _client(timeout: float) -> httpx.Client:
    return netguard.client(
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        follow_redirects=True,
        max_redirects=LINK_CHECK_MAX_REDIRECTS,
        headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=LINK_CHECK_WORKERS * 2),
    )


def link_probe(url: str, *, timeout: float = LINK_CHECK_TIMEOUT, client: httpx.Client | None = None) -> dict:
    """Fetch the start of `url`; return {ok, status_code, error, elapsed_ms}. Never raises, never hangs.

    Each network step has `timeout`; the whole probe (redirects included) has an overall deadline of
    three times that, so a server that trickles bytes is cut off too.
    """
    if client is None:
        with _client(timeout) as own:
            return link_probe(url, timeout=timeout, client=own)
    started = time.monotonic()
    deadline = started + 3 * timeout
    result = {"ok": False, "status_code": None, "error": ""}
    try:
        with client.stream("GET", url) as response:
            result["status_code"] = response.status_code
            for _chunk in response.iter_bytes(chunk_size=1024):  # read a little to prove it serves
                break
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("overall deadline exceeded")
            result["ok"] = response.status_code < 400
            if not result["ok"]:
                result["error"] = f"HTTP {response.status_code}"
    except netguard.AddressNotAllowed as exc:
        result["error"] = str(exc)[:300]
    except httpx.TooManyRedirects:
        result["error"] = "too many redirects"
    except httpx.TimeoutException:
        result["error"] = "timed out"
    except httpx.HTTPError as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"[:300]
    except (ValueError, httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:  # malformed URL (U+007F…)
        result["error"] = f"invalid address: {exc}"[:300]
    except Exception as exc:  # one odd address must never abort the check of every other entity
        log.exception("link probe failed")
        result["error"] = f"could not be checked ({type(exc).__name__})"
    result["elapsed_ms"] = int((time.monotonic() - started) * 1000)
    return result


@transaction.atomic
def link_check_record(*, resource: Resource, result: dict, now=None) -> Resource:
    now = now or timezone.now()
    LinkCheck.objects.create(
        resource=resource,
        status_code=result["status_code"],
        ok=result["ok"],
        error=result["error"][:300],
        elapsed_ms=result["elapsed_ms"],
    )
    resource.last_checked_at = now
    resource.last_status = result["status_code"]
    resource.last_error = result["error"][:300]
    if result["ok"]:
        resource.broken_since = None
    elif resource.broken_since is None:
        resource.broken_since = now
    resource.save(
        update_fields=["last_checked_at", "last_status", "last_error", "broken_since", "updated_at"]
    )
    dataset_refresh(dataset=resource.dataset)
    return resource


def link_check_resources(*, resource_ids: list[int], timeout: float = LINK_CHECK_TIMEOUT) -> dict[int, dict]:
    """Check the given URL resources in parallel and store the results. Returns {id: result}."""
    resources = list(Resource.objects.filter(pk__in=resource_ids).exclude(url="").select_related("dataset"))
    if not resources:
        return {}
    with (
        _client(timeout) as client,
        ThreadPoolExecutor(max_workers=min(LINK_CHECK_WORKERS, len(resources))) as pool,
    ):
        probes = pool.map(lambda r: link_probe(r.url, timeout=timeout, client=client), resources)
        results = dict(zip([r.pk for r in resources], probes, strict=True))
    for resource in resources:
        try:
            link_check_record(resource=resource, result=results[resource.pk])
        except Exception:  # one resource's failure is logged; the others are still recorded
            log.exception("recording the link check of resource %s failed", resource.pk)
    return results


def link_check_all(*, timeout: float = LINK_CHECK_TIMEOUT) -> dict[int, dict]:
    ids = list(
        Resource.objects.filter(dataset__is_published=True).exclude(url="").values_list("pk", flat=True)
    )
    return link_check_resources(resource_ids=ids, timeout=timeout)


def staleness_check_all() -> int:
    """Recompute staleness and quality of every dataset; returns how many are out of date."""
    stale = 0
    for dataset in Dataset.objects.select_related("licence", "entity").prefetch_related("resources", "tags"):
        stale += dataset_refresh(dataset=dataset).is_stale
    return stale
