"""Reads of certificates, always scoped to what the user may see.

Statuses are computed from dates, so "which certificates were valid on 31/12/2024" is a plain
filter: `status_q(Status.ACTIVE, on=…)` (defined beside the model, from the same rules as
`Certificate.status_on`).
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from ocop.accounts import capabilities as caps
from ocop.accounts.permissions import scope_for
from ocop.certification.models import Certificate, status_q
from ocop.core import vntext
from ocop.registry.selectors import producer_scope_q, product_search_q


def visible_certificates(user, capability: str = caps.VIEW_REGISTRY):
    """Certificates of products whose producer lies in the user's scope."""
    scope = scope_for(user, capability)
    return Certificate.objects.filter(producer_scope_q(scope, "product__producer__")).select_related(
        "product", "product__producer", "regime", "issuer_unit"
    )


def current_certificate(product, on: datetime.date | None = None) -> Certificate | None:
    """The product's valid certificate on `on` (today by default): its current stars."""
    on = on or timezone.localdate()
    return product.certificates.filter(status_q("valid", on)).order_by("-decision_date", "-id").first()


def history(product):
    return product.certificates.select_related("regime", "issuer_unit").order_by("-decision_date", "-id")


def _decision_number_q(text: str) -> Q:
    """Decision numbers as typed ("12/QĐ-UBND"), also without the Đ ("12/QD-UBND")."""
    raw = " ".join((text or "").split())
    if not raw or not any(c.isdigit() for c in raw):
        return Q(pk__in=[])
    variants = {raw, raw.upper(), raw.upper().replace("QD", "QĐ")}
    q = Q(pk__in=[])
    for variant in variants:
        q |= Q(decision_number__icontains=variant) | Q(revocation_decision__icontains=variant)
    return q


def search_certificates(queryset, text: str):
    """Certificates by decision number, or by their product's name, producer, place or tax code."""
    if not vntext.fold(text):
        return queryset
    return queryset.filter(product_search_q(text, "product__") | _decision_number_q(text))
