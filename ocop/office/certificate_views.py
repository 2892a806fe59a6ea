"""Officials' pages for certificates: the filtered list, one certificate, recording a recognition
decision for a product and revoking a certificate.

Reads go through the scoped selectors, writes through the services. Acting on a product or
certificate needs the capability on its producer's current province; outside the user's scope an
action is a 403 (a detail page is a 404, as the object is not in the scoped list).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import capability_required, has_capability, require_capability
from ocop.certification import services
from ocop.certification.models import Status
from ocop.certification.selectors import status_q, visible_certificates
from ocop.core.forms import add_service_errors
from ocop.office.certificate_forms import CertificateFilterForm, IssueForm, RevokeForm
from ocop.office.registry_views import paginate
from ocop.public.selectors import scan_anomalies
from ocop.registry.selectors import visible_products

FINAL = (Status.REVOKED, Status.SUPERSEDED)


def _in_scope_or_403(queryset, pk):
    """For actions: an object outside the user's scope is refused like a missing capability."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise PermissionDenied
    return obj


def can_revoke(user, certificate, today) -> bool:
    return (
        not certificate.revoked_on
        and certificate.status_on(today) not in FINAL
        and has_capability(user, caps.REVOKE_CERTIFICATE, unit=certificate.product.producer.province)
    )


@access(capability=caps.VIEW_REGISTRY)
@capability_required(caps.VIEW_REGISTRY)
def certificate_list(request):
    form = CertificateFilterForm(request.GET or None, user=request.user)
    certificates = visible_certificates(request.user).select_related("product__producer__province")
    on = timezone.localdate()
    if form.is_bound and form.is_valid():
        certificates = form.apply(certificates, status_q)
        on = form.status_date()
    certificates = certificates.order_by("product__sort_key", "product_id", "-decision_date", "-id")
    page, querystring = paginate(request, certificates)
    for certificate in page.object_list:
        certificate.status = certificate.status_on(on)
    return render(
        request,
        "certification/certificate_list.html",
        {
            "form": form,
            "page": page,
            "querystring": querystring,
            "on": on,
            "scan_anomalies": scan_anomalies(request.user),
        },
    )


@access(capability=caps.VIEW_REGISTRY, object="certificate")
@capability_required(caps.VIEW_REGISTRY)
def certificate_detail(request, pk: int):
    certificate = get_object_or_404(
        visible_certificates(request.user).select_related(
            "product__producer__province", "product__group", "superseded_by", "created_by"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    return render(
        request,
        "certification/certificate_detail.html",
        {
            "certificate": certificate,
            "today": today,
            "status": certificate.status_on(today),
            "supersedes": list(certificate.supersedes.order_by("-decision_date", "-id")),
            "can_revoke": can_revoke(request.user, certificate, today),
        },
    )


@access(capability=caps.ISSUE_CERTIFICATE, object="product", kwargs={"product_pk": "product"})
@capability_required(caps.ISSUE_CERTIFICATE)
def certificate_issue(request, product_pk: int):
    product = _in_scope_or_403(visible_products(request.user), product_pk)
    require_capability(request.user, caps.ISSUE_CERTIFICATE, unit=product.producer.province)
    if request.method == "POST":
        form = IssueForm(request.POST)
        if form.is_valid():
            try:
                certificate = services.certificate_issue(
                    actor=request.user, product=product, **form.service_fields()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Đã ghi nhận quyết định %(number)s: %(stars)s sao.")
                    % {"number": certificate.decision_number, "stars": certificate.stars},
                )
                return redirect("registry:product_detail", pk=product.pk)
    else:
        form = IssueForm(initial={"decision_date": timezone.localdate()})
    return render(request, "certification/certificate_issue.html", {"form": form, "product": product})


@access(capability=caps.REVOKE_CERTIFICATE, object="certificate")
@capability_required(caps.REVOKE_CERTIFICATE)
def certificate_revoke(request, pk: int):
    certificate = _in_scope_or_403(visible_certificates(request.user), pk)
    require_capability(request.user, caps.REVOKE_CERTIFICATE, unit=certificate.product.producer.province)
    if request.method == "POST":
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                services.certificate_revoke(actor=request.user, certificate=certificate, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Đã thu hồi giấy chứng nhận."))
                return redirect("certification:certificate_detail", pk=certificate.pk)
    else:
        form = RevokeForm(initial={"revoked_on": timezone.localdate()})
    return render(
        request, "certification/certificate_revoke.html", {"form": form, "certificate": certificate}
    )
