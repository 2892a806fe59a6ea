"""What each role finds on its home page: the work waiting for it, the figures of its unit and
links to its pages. Each block is built only for a user holding the capability it needs, from the
same scoped selectors the pages use, so the home page never shows more than those pages would.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ocop.accounts import capabilities as caps
from ocop.accounts.capabilities import NATIONAL_ROLES, ROLE_CAPABILITIES
from ocop.accounts.models import Role, RoleAssignment
from ocop.accounts.permissions import has_capability, roles_of, scope_for
from ocop.certification.models import Status
from ocop.certification.selectors import status_q, visible_certificates
from ocop.imports.models import ImportBatch
from ocop.portal.producer_area import product_lines
from ocop.registry.selectors import represented_producers, visible_producers, visible_products

EXPIRING_ROWS = 5
# Import batches still needing their author: being checked, checked and waiting for confirmation,
# or being imported.
OPEN_IMPORT_STATES = (
    ImportBatch.State.UPLOADED,
    ImportBatch.State.VALIDATING,
    ImportBatch.State.VALIDATED,
    ImportBatch.State.IMPORTING,
)
# The council's work list, built by the evaluation app; the block links to it once it exists.
COUNCIL_ASSIGNMENTS_URL = "evaluation:assignments"


@dataclass
class Link:
    url: str
    label: str


@dataclass
class UnitBlock:
    """Figures and expiring certificates of what an official oversees."""

    scope_label: str
    producers: int
    products: int
    valid_certificates: int
    expiring_count: int
    expiring: list
    expiring_url: str
    links: list[Link] = field(default_factory=list)


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _unit_scope_label(user) -> str:
    scope = scope_for(user, caps.VIEW_REGISTRY)
    if scope.national:
        return str(_("Toàn quốc"))
    units = (
        RoleAssignment.objects.filter(user=user, unit__isnull=False)
        .select_related("unit")
        .order_by("unit__sort_key")
    )
    return ", ".join(dict.fromkeys(a.unit.label for a in units))


def _workspace_links(user) -> list[Link]:
    """The officer workspace of each unit the user is an officer of."""
    links = []
    assignments = RoleAssignment.objects.filter(
        user=user, role__in=(Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER), unit__isnull=False
    ).select_related("unit")
    for assignment in assignments:
        if url := _url("geo:workspace", assignment.unit.code):
            links.append(Link(url, _("Không gian làm việc: %(unit)s") % {"unit": assignment.unit.label}))
    return links


def _granted_by_role(user, capability: str) -> bool:
    """Holds `capability` through a role of its own (a council member not yet put on a council
    still gets the council block), not through a national role that holds every capability."""
    return any(capability in ROLE_CAPABILITIES.get(role, ()) for role in roles_of(user) - NATIONAL_ROLES)


def unit_block(user, today: datetime.date) -> UnitBlock | None:
    if not has_capability(user, caps.VIEW_REGISTRY):
        return None
    certificates = visible_certificates(user)
    expiring = certificates.filter(status_q(Status.EXPIRING, today))
    links = _workspace_links(user)
    for name, label, capability in (
        ("registry:product_list", _("Danh sách sản phẩm"), caps.VIEW_REGISTRY),
        ("registry:producer_list", _("Danh sách chủ thể"), caps.VIEW_REGISTRY),
        ("reporting:dashboard", _("Thống kê của đơn vị"), caps.VIEW_REPORTS),
        ("programme:plan_list", _("Kế hoạch và chỉ tiêu"), caps.VIEW_REPORTS),
        ("imports:new", _("Nhập danh sách từ Excel"), caps.EDIT_REGISTRY),
    ):
        if has_capability(user, capability) and (url := _url(name)):
            links.append(Link(url, label))
    list_url = _url("certification:certificate_list") or ""
    return UnitBlock(
        scope_label=_unit_scope_label(user),
        producers=visible_producers(user).count(),
        products=visible_products(user).count(),
        valid_certificates=certificates.filter(status_q("valid", today)).count(),
        expiring_count=expiring.count(),
        expiring=list(expiring.order_by("valid_until", "product__sort_key")[:EXPIRING_ROWS]),
        expiring_url=f"{list_url}?status={Status.EXPIRING}",
        links=links,
    )


def imports_block(user) -> dict | None:
    """The user's own imports that are not finished (the import pages show one's own batches)."""
    if not has_capability(user, caps.EDIT_REGISTRY):
        return None
    batches = ImportBatch.objects.filter(created_by=user, state__in=OPEN_IMPORT_STATES).order_by(
        "-created_at"
    )
    return {
        "batches": list(batches[:5]),
        "count": batches.count(),
        "list_url": _url("imports:list"),
        "new_url": _url("imports:new"),
    }


def producer_block(user, today: datetime.date) -> dict | None:
    """A producer's own products: counts and the ones that need something done."""
    if not _granted_by_role(user, caps.MANAGE_OWN_PRODUCER):
        return None
    producers = list(represented_producers(user).order_by("sort_key", "id"))
    entries = []
    for producer in producers:
        lines = product_lines(producer, today)
        entries.append(
            {
                "producer": producer,
                "products": len(lines),
                "valid": sum(1 for line in lines if line.status in (Status.ACTIVE, Status.EXPIRING)),
                "attention": [line for line in lines if line.tone in ("warn", "err")],
            }
        )
    return {"entries": entries, "url": reverse("portal:my_producer")}


def council_block(user) -> dict | None:
    """Council members: their assignments once the evaluation pages exist."""
    if not _granted_by_role(user, caps.SCORE_PRODUCT):
        return None
    return {"assignments_url": _url(COUNCIL_ASSIGNMENTS_URL)}


def home_blocks(user, today: datetime.date) -> dict:
    return {
        "producer_block": producer_block(user, today),
        "council_block": council_block(user),
        "unit_block": unit_block(user, today),
        "imports_block": imports_block(user),
    }
