"""Reads of certificates, always scoped to what the user may see.

Statuses are computed from dates, so "which certificates were valid on 31/12/2024" is a plain
filter: `status_q(Status.ACTIVE, on=…)`.
"""

import datetime

from django.db.models import Q

from ocop.accounts import capabilities as caps
from ocop.accounts.permissions import scope_for
from ocop.certification.models import Certificate, Status
from ocop.registry.selectors import producer_scope_q


def _not_revoked(on, p):
    return Q(**{f"{p}revoked_on__isnull": True}) | Q(**{f"{p}revoked_on__gt": on})


def _not_superseded(on, p):
    return Q(**{f"{p}superseded_on__isnull": True}) | Q(**{f"{p}superseded_on__gt": on})


def status_q(status: str, on: datetime.date, prefix: str = "") -> Q:
    """Filter for certificates in `status` on date `on` ("valid" = active or expiring)."""
    p = prefix
    decided = Q(**{f"{p}valid_from__lte": on})
    live = decided & _not_revoked(on, p) & _not_superseded(on, p)
    match status:
        case Status.REVOKED:
            return decided & Q(**{f"{p}revoked_on__lte": on})
        case Status.SUPERSEDED:
            return decided & _not_revoked(on, p) & Q(**{f"{p}superseded_on__lte": on})
        case Status.EXPIRED:
            return live & Q(**{f"{p}valid_until__lt": on})
        case Status.EXPIRING:
            return live & Q(**{f"{p}valid_until__gte": on, f"{p}notice_from__lte": on})
        case Status.ACTIVE:
            return live & Q(**{f"{p}notice_from__gt": on})
        case "valid":
            return live & Q(**{f"{p}valid_until__gte": on})
    raise ValueError(f"unknown status {status!r}")


def visible_certificates(user, capability: str = caps.VIEW_REGISTRY):
    """Certificates of products whose producer lies in the user's scope."""
    scope = scope_for(user, capability)
    return Certificate.objects.filter(producer_scope_q(scope, "product__producer__")).select_related(
        "product", "product__producer", "regime", "issuer_unit"
    )


def current_certificate(product, on: datetime.date | None = None) -> Certificate | None:
    """The product's valid certificate on `on` (today by default): its current stars."""
    on = on or datetime.date.today()
    return product.certificates.filter(status_q("valid", on)).order_by("-decision_date", "-id").first()


def history(product):
    return product.certificates.select_related("regime", "issuer_unit").order_by("-decision_date", "-id")
