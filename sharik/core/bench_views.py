"""Reference endpoints for `make bench`, mounted only when SHARIK_BENCH=1.

Each benchmark row is compared with a reference measured in the same run on the same server: a
trivial Django view for pages and API reads, and a minimal DRF endpoint doing one atomic insert for
writes.
"""

from django.db import connection, transaction
from django.http import HttpResponse
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


@api_view(["POST"])
@authentication_classes([])
@permission_classes([])
def atomic_insert(request):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_probe (created_at) VALUES (now())")
    return Response({"ok": True}, status=201)
