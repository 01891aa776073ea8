"""One error shape across the API: {"error": {"status", "code", "message", "fields"}}."""

from rest_framework.views import exception_handler as drf_exception_handler


def error_body(*, status: int, code: str, message: str, fields: dict | None = None) -> dict:
    """The API's one error shape; the exception handler, the 404 of /api/ and load shedding use it."""
    return {"error": {"status": status, "code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    fields = {}
    message = ""
    if isinstance(data, dict):
        detail = data.get("detail")
        if detail is not None and len(data) == 1:
            message = str(detail)
        else:
            fields = data
            message = "Invalid input."
    elif isinstance(data, list):
        message = " ".join(str(item) for item in data)
    code = getattr(exc, "default_code", "error")
    if hasattr(exc, "get_codes"):
        codes = exc.get_codes()
        if isinstance(codes, str):
            code = codes
    response.data = error_body(status=response.status_code, code=code, message=message, fields=fields)
    return response
