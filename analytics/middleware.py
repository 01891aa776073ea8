"""Counts visits to consultation and dataset pages into aggregate daily counters (ESCWA indicators).

Nothing about the visitor is read or kept: no IP address, no cookie, no user id.
"""

from .models import PageVisitDay
from .services.visits import page_visit_count

# view name -> kind of page. The view names whose page it was (`request.visit_entity_id`): it loaded
# the object anyway, so counting costs no query.
COUNTED_VIEWS = {
    "consultations:detail": PageVisitDay.Kind.CONSULTATION,
    "opendata:dataset": PageVisitDay.Kind.DATASET,
}


class PageVisitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if request.method == "GET" and response.status_code == 200 and match is not None:
            kind = COUNTED_VIEWS.get(match.view_name)
            entity_id = getattr(request, "visit_entity_id", None)
            if kind is not None and entity_id is not None:
                page_visit_count(entity_id=entity_id, kind=kind)
        return response
