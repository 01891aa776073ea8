from functools import partial

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework import pagination
from rest_framework.response import Response


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class CappedCountPaginator(Paginator):
    """Counts the matching rows only up to `count_limit` (+1 to know there are more).

    An exact COUNT(*) costs as much as reading every matching row; "more than 1,000" is what a
    reader of a broad search needs, and paging still works (the limit grows with the page asked).
    """

    def __init__(self, *args, count_limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_limit = count_limit
        self.count_exact = True

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if hasattr(rows, "query"):
            # Without the page's ordering and joins: an ORDER BY id would make the database walk the
            # primary key until it found limit + 1 matches, the whole table for a rare word.
            rows = rows.order_by().values("pk")
        found = rows[: self.count_limit + 1].count()
        self.count_exact = found <= self.count_limit
        return found


class CappedCountPagination(PageNumberPagination):
    """Page-number pagination whose `count` is exact up to COUNT_LIMIT rows, a lower bound above it.

    The response adds `count_exact`: false means "at least `count`" (more rows exist).
    """

    count_limit = 1000

    def paginate_queryset(self, queryset, request, view=None):
        page_size = self.get_page_size(request) or 1
        try:
            number = max(int(request.query_params.get(self.page_query_param, 1)), 1)
        except ValueError:
            number = 1
        limit = max(self.count_limit, min(number, 100_000) * page_size)
        self.django_paginator_class = partial(CappedCountPaginator, count_limit=limit)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        exact = paginator.count_exact
        return Response(
            {
                "count": paginator.count if exact else paginator.count_limit,
                "count_exact": exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            "How many match; when `count_exact` is false, at least this many (the count stops there)."
        )
        response["properties"]["count_exact"] = {"type": "boolean", "example": True}
        response["required"] = [*response.get("required", []), "count_exact"]
        return response
