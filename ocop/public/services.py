"""Writes of the public side: recording QR scans. A scan is not an act of a person on the
registry, so it writes no audit entry; it keeps no personal data (no address, no cookie)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.public.models import DeviceClass, ScanEvent

BOTS = ("bot", "crawler", "spider", "preview", "facebookexternalhit", "slurp", "curl", "wget", "python")


def device_class(user_agent: str) -> str | None:
    """Phone, tablet or desktop from the User-Agent; None for robots (their visits are not scans)."""
    ua = (user_agent or "").lower()
    if any(word in ua for word in BOTS):
        return None
    if "ipad" in ua or "tablet" in ua or ("android" in ua and "mobile" not in ua):
        return DeviceClass.TABLET
    if "mobi" in ua or "iphone" in ua or "android" in ua:
        return DeviceClass.PHONE
    if "windows" in ua or "macintosh" in ua or "x11" in ua or "cros" in ua:
        return DeviceClass.DESKTOP
    return DeviceClass.OTHER


def scan_record(*, certificate, status: str, user_agent: str = "", province=None) -> ScanEvent | None:
    """Record one opening of a certificate's verification page (None for robots)."""
    kind = device_class(user_agent)
    if kind is None:
        return None
    return ScanEvent.objects.create(
        certificate=certificate, status=status, device_class=kind, province=province
    )


@transaction.atomic
def scan_set_place(*, scan_id: int, province) -> ScanEvent:
    """The visitor told where they scanned: a current province, once per scan."""
    if province is None or province.scheme != "current" or province.level != "province":
        raise ValidationError(_("Tỉnh/thành phố không hợp lệ."))
    updated = ScanEvent.objects.filter(pk=scan_id, province__isnull=True).update(province=province)
    if not updated:
        raise ValidationError(_("Lượt quét này đã có nơi quét."))
    return ScanEvent.objects.get(pk=scan_id)
