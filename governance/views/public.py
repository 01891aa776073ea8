"""How Sharik is governed, the KPIs, legal pages, the network directory, toolkit and annual report."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from ..models import (
    AnnualReport,
    CoordinatorNomination,
    Entity,
    GovernanceBody,
    LegalPage,
    LegalPageKind,
    OfflineEngagement,
    ToolkitItem,
)
from ..onboarding import OnboardingState
from ..selectors import is_network_member, kpi_board, network_growth
from ..services.reports import annual_report_context


def governance_home(request):
    bodies = GovernanceBody.objects.select_related("entity").prefetch_related("members")
    entity_counts = Entity.objects.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(onboarding_state=OnboardingState.ACTIVE)),
        onboarding=Count(
            "pk", filter=Q(onboarding_state__in=[OnboardingState.INVITED, OnboardingState.ONBOARDING])
        ),
    )
    return render(
        request,
        "governance/home.html",
        {
            "bodies": bodies,
            "entity_counts": entity_counts,
            "coordinators": CoordinatorNomination.objects.approved().count(),
            "growth": network_growth(),
            "reports": AnnualReport.objects.filter(status=AnnualReport.Status.APPROVED),
            "entities": Entity.objects.order_by("name"),
            "is_member": is_network_member(request.user),
        },
    )


def kpi_list(request):
    return render(request, "governance/kpis.html", {"rows": kpi_board()})


def legal_page(request, kind: str):
    if kind not in LegalPageKind.values:
        raise Http404
    versions = list(LegalPage.objects.published().filter(kind=kind).order_by("-version"))
    if not versions and kind == LegalPageKind.ACCESSIBILITY:
        # Every footer links the accessibility statement: until the team publishes its own version, the
        # portal's built-in statement answers.
        return render(
            request, "governance/accessibility.html", {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL}
        )
    if not versions:
        raise Http404
    return render(request, "governance/legal.html", {"page": versions[0], "history": versions[1:]})


def network_directory(request):
    """The coordinators' contact directory: visible to network members only."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not is_network_member(request.user):
        raise PermissionDenied
    members = (
        CoordinatorNomination.objects.approved()
        .select_related("user", "entity")
        .prefetch_related("trainings")
        .order_by("entity__name", "user__display_name")
    )
    return render(request, "governance/network.html", {"members": members})


def toolkit_list(request):
    items = ToolkitItem.objects.filter(
        Q(status=ToolkitItem.Status.APPROVED) | Q(consultation__isnull=False)
    ).select_related("consultation")
    return render(request, "governance/toolkit.html", {"items": items})


def engagement_list(request):
    engagements = OfflineEngagement.objects.filter(is_published=True).select_related("entity")[:50]
    return render(request, "governance/engagements.html", {"engagements": engagements})


def _report_for(request, year: int) -> AnnualReport:
    report = get_object_or_404(AnnualReport, year=year)
    if report.status != AnnualReport.Status.APPROVED and not request.user.has_perm(
        "governance.view_annualreport"
    ):
        raise Http404
    if not report.data:
        raise Http404
    return report


def annual_report(request, year: int):
    report = _report_for(request, year)
    return render(request, "governance/report.html", annual_report_context(report))


def annual_report_pdf(request, year: int):
    report = _report_for(request, year)
    pdf = getattr(report, f"pdf_{get_language()}", None) or report.pdf_ar
    if not pdf:
        raise Http404
    return FileResponse(pdf.open("rb"), as_attachment=True, filename=pdf.name.rsplit("/", 1)[-1])
