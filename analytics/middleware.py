"""Counts visits to consultation and dataset pages into aggregate daily counters (ESCWA indicators).

Nothing about the visitor is read or kept: no IP address, no cookie, no user id.
"""

from .models import PageVisitDay
from .services.visits import page_visit_count


def _consultation_entity(kwargs):
    from consultations.models import Consultation

    return Consultation.objects.filter(pk=kwargs.get("pk")).values_list("entity_id", flat=True).first()


def _dataset_entity(kwargs):
    from opendata.models import Dataset

    return Dataset.objects.filter(name=kwargs.get("name")).values_list("entity_id", flat=True).first()


# view name -> (kind of page, how to find its entity)
COUNTED_VIEWS = {
    "consultations:detail": (PageVisitDay.Kind.CONSULTATION, _consultation_entity),
    "opendata:dataset": (PageVisitDay.Kind.DATASET, _dataset_entity),
}


class PageVisitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if request.method == "GET" and response.status_code == 200 and match is not None:
            counted = COUNTED_VIEWS.get(match.view_name)
            if counted is not None:
                kind, find_entity = counted
                # The view may say whose page it was (it loaded the object anyway): no extra query.
                entity_id = getattr(request, "visit_entity_id", None) or find_entity(match.kwargs)
                if entity_id is not None:
                    page_visit_count(entity_id=entity_id, kind=kind)
        return response
