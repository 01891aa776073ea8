"""Public pages of open data: browse and search, datasets, previews, organisations, requests, re-use."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from governance.models import Entity

from .. import dcat, exports, selectors, services
from ..forms import CommentForm, DatasetRequestForm, ReuseForm, SearchForm
from ..models import Dataset, DatasetRequest, Licence, Resource, Reuse
from ..preview import resource_preview
from ..services.catalogue import quality_note_texts

PER_PAGE = 20


def _fail(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _facet_filters(request) -> dict[str, list[str]]:
    return {key: [v for v in request.GET.getlist(key) if v][:20] for key in selectors.FACETS}


@require_GET
def catalogue(request):
    form = SearchForm(request.GET or None)
    q, sort = "", "relevance"
    if form.is_valid():
        q, sort = form.cleaned_data["q"], form.cleaned_data["sort"] or "relevance"
    filters = _facet_filters(request)
    result = selectors.dataset_browse(q=q, filters=filters, sort=sort)
    page = Paginator(result.datasets, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    facet_titles = {
        "publisher": _("Publisher"),
        "sector": _("Sector"),
        "format": _("Format"),
        "licence": _("Licence"),
        "stars": _("Stars"),
        "tags": _("Tags"),
    }

    def toggled(key: str, value: str) -> str:
        params = query.copy()
        values = params.getlist(key)
        params.setlist(key, [v for v in values if v != value] if value in values else [*values, value])
        return params.urlencode()

    labels = {(key, value): label for key, items in result.facets.items() for value, label, _n in items}
    facets = []
    for key, items in result.facets.items():
        chosen = set(filters.get(key) or [])
        facets.append(
            {
                "key": key,
                "title": facet_titles[key],
                "items": [
                    {
                        "value": value,
                        "label": label,
                        "count": n,
                        "selected": value in chosen,
                        "query": toggled(key, value),
                    }
                    for value, label, n in items
                ],
            }
        )
    return render(
        request,
        "opendata/catalogue.html",
        {
            "form": form,
            "page": page,
            "facets": facets,
            "querystring": query.urlencode(),
            "total": page.paginator.count,
            "active_filters": [
                (k, v, toggled(k, v), labels.get((k, v), v)) for k, values in filters.items() for v in values
            ],
        },
    )


def _dataset(name: str) -> Dataset:
    return get_object_or_404(
        Dataset.objects.published().select_related("entity", "licence").prefetch_related("tags", "resources"),
        name=name,
    )


@require_GET
def dataset_detail(request, name: str):
    dataset = _dataset(name)
    services.usage_count(dataset_id=dataset.pk, kind="views")
    request.visit_entity_id = dataset.entity_id  # for the visit counter (analytics.middleware)
    return render(
        request,
        "opendata/dataset.html",
        {
            "dataset": dataset,
            "rating": dataset.rating(),
            "quality_notes": quality_note_texts(dataset.quality_notes),
            "usage": selectors.usage_totals(dataset),
            "reuses": dataset.reuses.filter(status=Reuse.Status.APPROVED),
            "requests": dataset.requests.all(),
            "versions": dataset.versions.all()[:10],
            "reuse_form": ReuseForm(),
        },
    )


@require_GET
def resource_download(request, name: str, pk: int):
    dataset = _dataset(name)
    resource = get_object_or_404(Resource, pk=pk, dataset=dataset)
    services.usage_count(dataset_id=dataset.pk, kind="downloads")
    if resource.file:
        filename = resource.file.name.rsplit("/", 1)[-1]
        response = FileResponse(resource.file.open("rb"), as_attachment=True, filename=filename)
        if resource.media_type:
            response["Content-Type"] = resource.media_type
        return response
    if not resource.url.startswith(("http://", "https://")):
        raise Http404
    return HttpResponseRedirect(resource.url)


@require_GET
def resource_preview_page(request, name: str, pk: int):
    dataset = _dataset(name)
    resource = get_object_or_404(Resource, pk=pk, dataset=dataset)
    preview = resource_preview(resource)
    if preview is None:
        raise Http404(_("This format cannot be previewed."))
    chart = preview.chart()
    return render(
        request,
        "opendata/preview.html",
        {"dataset": dataset, "resource": resource, "preview": preview, "chart": chart},
    )


@require_GET
def organisation_list(request):
    entities = Entity.objects.active().annotate(n=Count("datasets", distinct=True)).order_by("name")
    return render(request, "opendata/organisations.html", {"entities": entities})


@require_GET
def organisation_detail(request, slug: str):
    entity = get_object_or_404(Entity.objects.active(), slug=slug)
    datasets = (
        selectors.datasets_public()
        .filter(entity=entity)
        .annotate_usage()
        .prefetch_related("tags", "resources")
    )
    return render(
        request,
        "opendata/organisation.html",
        {
            "entity": entity,
            "indicators": selectors.entity_indicators(entity),
            "datasets": datasets,
            "broken": selectors.broken_resources(entity),
            "stale": datasets.filter(is_stale=True),
            "requests": DatasetRequest.objects.filter(entity=entity)[:10],
        },
    )


@require_GET
def licence_detail(request, slug: str):
    licence = get_object_or_404(Licence, slug=slug)
    return render(request, "opendata/licence.html", {"licence": licence})


@require_GET
def request_list(request):
    status = request.GET.get("status", "")
    qs = DatasetRequest.objects.select_related("entity", "dataset").annotate(n_supports=Count("supports"))
    if status in DatasetRequest.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-n_supports", "-created_at"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "opendata/requests.html",
        {
            "page": page,
            "status": status,
            "statuses": DatasetRequest.Status.choices,
            "form": DatasetRequestForm(),
        },
    )


@require_GET
def request_detail(request, pk: int):
    item = get_object_or_404(DatasetRequest.objects.select_related("entity", "dataset", "requester"), pk=pk)
    supported = request.user.is_authenticated and item.supports.filter(user=request.user).exists()
    return render(
        request,
        "opendata/request.html",
        {
            "item": item,
            "supports": item.supports.count(),
            "supported": supported,
            "comments": item.comments.select_related("author"),
            "comment_form": CommentForm(),
            "is_open": item.status in services.requests.OPEN_STATUSES,
        },
    )


@login_required
def request_create(request):
    form = DatasetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.dataset_request_create(
                user=request.user,
                entity=form.cleaned_data["entity"],
                title=form.cleaned_data["title"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Thank you: your request was sent to the entity."))
            return redirect(item)
    return render(request, "opendata/request_form.html", {"form": form})


@require_POST
@login_required
def request_support(request, pk: int):
    item = get_object_or_404(DatasetRequest, pk=pk)
    try:
        if services.dataset_request_support(request=item, user=request.user):
            messages.success(request, _("Your support was counted."))
        else:
            messages.info(request, _("You already support this request."))
    except ValidationError as error:
        _fail(request, error)
    return redirect(item)


@require_POST
@login_required
def request_comment(request, pk: int):
    item = get_object_or_404(DatasetRequest, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.dataset_request_comment(request=item, user=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _fail(request, error)
    else:
        messages.error(request, _("Please write a comment."))
    return redirect(item)


@require_POST
@login_required
def reuse_submit(request, name: str):
    dataset = _dataset(name)
    form = ReuseForm(request.POST)
    if form.is_valid():
        try:
            services.reuse_submit(dataset=dataset, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Thank you: your re-use will be shown once it has been reviewed."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(dataset)


def _rdf_response(graph, fmt: str, filename: str) -> HttpResponse:
    content_type = "application/ld+json" if fmt == "jsonld" else "text/turtle"
    response = HttpResponse(dcat.serialize(graph, fmt), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _catalogue_datasets():
    return (
        Dataset.objects.published().select_related("entity", "licence").prefetch_related("tags", "resources")
    )


@require_GET
def catalog_rdf(request, fmt: str):
    return _rdf_response(dcat.catalogue_graph(_catalogue_datasets()), fmt, f"catalog.{fmt}")


@require_GET
def dataset_rdf(request, name: str, fmt: str):
    return _rdf_response(dcat.dataset_graph(_dataset(name)), fmt, f"{name}.{fmt}")


@require_GET
def catalogue_export(request, fmt: str):
    rows = exports.catalogue_rows()
    if fmt == "csv":
        response = HttpResponse(
            exports.to_csv(rows, exports.CATALOGUE_COLUMNS), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(exports.to_json(rows), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sharik-datasets.{fmt}"'
    return response
