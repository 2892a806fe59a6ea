"""Places of the statistics: which one a user may see, and turning what a user typed ("Long An",
"80", "dbscl", "toàn quốc") into one."""

from django.utils.translation import gettext as _

from ocop.accounts import capabilities as caps
from ocop.accounts.permissions import has_capability, scope_for
from ocop.core import vntext
from ocop.geo.models import AdminUnit, Region
from ocop.reporting.stats import Place

COUNTRY_WORDS = {"vn", "viet nam", "toan quoc", "ca nuoc", "country", "national"}


def may_view(user, place: Place) -> bool:
    """The one rule for statistics, reports and their API: a unit (of either scheme) needs
    VIEW_REPORTS on it; a region or the whole country needs VIEW_REPORTS nationally."""
    if place.unit is not None:
        return has_capability(user, caps.VIEW_REPORTS, unit=place.unit)
    return scope_for(user, caps.VIEW_REPORTS).national


class PlaceError(ValueError):
    """The text names no place, or several; the message says which, in the active language (the
    commands run under the default one, Vietnamese). A geo resolver's own message stays as it is."""


def _region(text: str) -> Region | None:
    folded = vntext.fold(text).removeprefix("vung ").strip()
    for region in Region.objects.all():
        if folded in {region.code, vntext.fold(region.name)}:
            return region
    return None


def place_from_text(text: str, scheme: str = "current", legacy_option: str = "--scheme legacy") -> Place:
    """A unit (name or official code) of `scheme`, a region of `scheme`, or the country.
    `legacy_option` is how the caller asks for the former scheme, named when a former unit is
    typed in the current one: the commands' `--scheme legacy`, the API's `scheme=legacy`."""
    if scheme not in ("current", "legacy"):
        raise PlaceError(_("Hệ thống đơn vị hành chính phải là 'current' (hiện hành) hoặc 'legacy' (cũ)."))
    text = (text or "").strip()
    if not text or vntext.fold(text) in COUNTRY_WORDS:
        return Place(scheme=scheme)
    if region := _region(text):
        return Place(scheme=scheme, region=region)
    if text.isdigit():
        # Codes are written zero-padded: 2 digits a province, 3 a district, 5 a commune.
        level = "province" if len(text) <= 2 else ("district" if len(text) == 3 else "commune")
        unit = AdminUnit.objects.filter(scheme=scheme, level=level, code=int(text)).first()
        if unit is None:
            if scheme == "legacy":
                raise PlaceError(_("Không có đơn vị mã %(code)s trong hệ thống cũ.") % {"code": text})
            raise PlaceError(_("Không có đơn vị mã %(code)s trong hệ thống hiện hành.") % {"code": text})
        return Place(scheme=scheme, unit=unit)
    from ocop.geo.resolver import resolve

    resolution = resolve(text)
    if resolution.status == "unknown":
        raise PlaceError(resolution.message or _("Không tìm thấy đơn vị '%(text)s'.") % {"text": text})
    units: dict[int, AdminUnit] = {}
    for match in resolution.matches:
        if match.unit.scheme == scheme:
            units[match.unit.pk] = match.unit
            continue
        # The same unit in both schemes (Cao Bằng) is one match whose counterpart has its name.
        for counterpart in (*match.successors, *match.predecessors):
            if vntext.fold(counterpart.unit.short_name) == vntext.fold(match.unit.short_name):
                units[counterpart.unit.pk] = counterpart.unit
    if len(units) == 1:
        return Place(scheme=scheme, unit=next(iter(units.values())))
    if not units:
        other = resolution.matches[0].unit
        hint = ", ".join(c.unit.label for c in resolution.matches[0].successors) or ""
        values = {"text": text, "unit": other.label}
        if scheme == "legacy":
            message = _("'%(text)s' là %(unit)s, không thuộc hệ thống cũ.") % values
        else:
            message = _("'%(text)s' là %(unit)s, không thuộc hệ thống hiện hành.") % values
        if hint:
            message += " " + _("Đơn vị hiện hành tương ứng: %(units)s.") % {"units": hint}
        if scheme == "current":
            message += " " + _("Dùng %(option)s để thống kê theo địa giới cũ.") % {"option": legacy_option}
        raise PlaceError(message)
    names = "; ".join(u.label for u in units.values())
    raise PlaceError(
        _("'%(text)s' ứng với nhiều đơn vị: %(units)s. Hãy ghi rõ hơn (ví dụ kèm mã).")
        % {"text": text, "units": names}
    )
