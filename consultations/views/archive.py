"""The public archive (/archive/): every consultation, native, pushed or harvested; counts; exports."""

from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from governance.models import Entity

from ..archive_export import CONTENT_TYPES, EXPORT_WRITERS
from ..archive_stats import archive_summary
from ..filters import ArchiveFilter
from ..models import ArchiveExport, Consultation
from ..phases import Status
from ..selectors_proposals import proposals_archive_counts

PER_PAGE = 20


def _filtered(request, base=None) -> ArchiveFilter:
    queryset = base if base is not None else Consultation.objects.public()
    return ArchiveFilter(request.GET, queryset=queryset.select_related("entity"))


def _results(filterset: ArchiveFilter):
    """The filtered archive, or nothing when a filter value is not valid (the form says why)."""
    return filterset.qs if filterset.is_valid() else Consultation.objects.none()


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
def archive_index(request):
    filterset = _filtered(request)
    queryset = _results(filterset)
    page = Paginator(queryset.order_by("-opens_at", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page": page,
        "query": _query_without_page(request),
        "summary": archive_summary(queryset),
        "proposals": proposals_archive_counts(),
        "exports": ArchiveExport.objects.order_by("format"),
        "statuses": dict(Status.choices),
    }
    return render(request, "consultations/archive/index.html", context)


@require_GET
def archive_entity(request, slug: str):
    entity = get_object_or_404(Entity, slug=slug)
    filterset = _filtered(request, Consultation.objects.public().filter(entity=entity))
    queryset = _results(filterset)
    page = Paginator(queryset.order_by("-opens_at", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "entity": entity,
        "filterset": filterset,
        "page": page,
        "query": _query_without_page(request),
        "summary": archive_summary(queryset),
        "proposals": proposals_archive_counts(entity=entity),
        "statuses": dict(Status.choices),
    }
    return render(request, "consultations/archive/entity.html", context)


@require_GET
def archive_export(request, fmt: str):
    """The archive under the current filter as CSV or JSON, streamed row by row."""
    if fmt not in EXPORT_WRITERS:
        raise Http404
    filterset = _filtered(request)
    queryset = _results(filterset)
    chunks = (chunk for chunk, _rows in EXPORT_WRITERS[fmt](queryset))
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="sharik-archive-{stamp}.{fmt}"'
    return response
