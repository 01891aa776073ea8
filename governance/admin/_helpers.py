"""Small helpers shared by the governance admin modules."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError


def run_service(modeladmin, request, fn, *, success: str = "", **kwargs):
    """Call a service from an admin action; show its refusal as an error message instead of a 500."""
    try:
        result = fn(**kwargs)
    except (PermissionDenied, ValidationError) as exc:
        text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        modeladmin.message_user(request, text, level=messages.ERROR)
        return None
    if success:
        modeladmin.message_user(request, success, level=messages.SUCCESS)
    return result
