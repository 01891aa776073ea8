"""The person's pages of suggestions and complaints: file one, follow one's own, reopen, close and rate.

Only the person who filed a case reaches its pages (anyone else: 404); the staff work in the admin.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors_cases as selectors
from ..forms_cases import CaseCloseForm, CaseForm, CaseReopenForm
from ..services import cases as services


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_GET
def case_list(request):
    return render(
        request, "consultations/cases/list.html", {"cases": selectors.cases_of_person(user=request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    initial = {}
    if request.GET.get("consultation", "").isdigit():
        initial["consultation"] = int(request.GET["consultation"])
    form = CaseForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_file(
                author=request.user,
                entity=data["entity"],
                kind=data["kind"],
                subject=data["subject"],
                body=data["body"],
                consultation=data["consultation"],
                service=data["service"],
                attachment=data["attachment"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Your case is filed. Its reference number is %(ref)s.") % {"ref": case.reference}
            )
            return redirect(case.get_absolute_url())
    return render(request, "consultations/cases/form.html", {"form": form})


def _detail(request, case, *, reopen_form=None, close_form=None, status=200):
    context = {
        "case": case,
        "reopen_form": reopen_form or CaseReopenForm(),
        "close_form": close_form or CaseCloseForm(),
        **selectors.case_page(case=case),
    }
    return render(request, "consultations/cases/detail.html", context, status=status)


@login_required
@require_GET
def case_detail(request, pk: int):
    return _detail(request, selectors.case_of_person(user=request.user, pk=pk))


@login_required
@require_POST
def case_reopen(request, pk: int):
    case = selectors.case_of_person(user=request.user, pk=pk)
    form = CaseReopenForm(request.POST)
    if form.is_valid():
        try:
            services.case_reopen(case=case, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your case is reopened: the entity will answer again."))
            return redirect(case.get_absolute_url())
    case.refresh_from_db()
    return _detail(request, case, reopen_form=form, status=400)


@login_required
@require_POST
def case_close(request, pk: int):
    case = selectors.case_of_person(user=request.user, pk=pk)
    form = CaseCloseForm(request.POST)
    if form.is_valid():
        try:
            services.case_close(
                case=case,
                user=request.user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect(case.get_absolute_url())
    case.refresh_from_db()
    return _detail(request, case, close_form=form, status=400)


@login_required
@require_GET
def case_attachment(request, pk: int):
    case = selectors.case_of_person(user=request.user, pk=pk)
    if not case.attachment:
        raise Http404
    return FileResponse(case.attachment.open("rb"), as_attachment=True)
