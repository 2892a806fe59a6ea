"""Navigation by role: each entry declares the capability it needs, and is shown only to users
holding it somewhere. Entries whose page does not exist yet (an app still being built) are skipped.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ocop.accounts import capabilities as caps

PUBLIC = "public"  # shown to everyone, signed in or not
SIGNED_IN = None  # shown to any signed-in user


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    capability: str | None = SIGNED_IN


NAV = [
    NavEntry("portal:home", _("Trang chủ"), PUBLIC),
    NavEntry("portal:my_producer", _("Chủ thể của tôi"), caps.MANAGE_OWN_PRODUCER),
    NavEntry("registry:product_list", _("Sản phẩm"), caps.VIEW_REGISTRY),
    NavEntry("registry:producer_list", _("Chủ thể"), caps.VIEW_REGISTRY),
    NavEntry("certification:certificate_list", _("Giấy chứng nhận"), caps.VIEW_REGISTRY),
    NavEntry("imports:list", _("Nhập dữ liệu"), caps.EDIT_REGISTRY),
    NavEntry("activities:index", _("Hoạt động"), caps.VIEW_ACTIVITIES),
    NavEntry("evaluation:my_dossiers", _("Hồ sơ đánh giá"), caps.SUBMIT_DOSSIER),
    NavEntry("evaluation:screening", _("Sàng lọc hồ sơ"), caps.SCREEN_DOSSIER),
    NavEntry("evaluation:rounds", _("Đánh giá, phân hạng"), caps.MANAGE_EVALUATION),
    NavEntry("evaluation:signups", _("Tài khoản chủ thể"), caps.LINK_PRODUCER_ACCOUNTS),
    NavEntry("evaluation:assignments", _("Chấm điểm"), caps.SCORE_PRODUCT),
    NavEntry("reporting:dashboard", _("Thống kê"), caps.VIEW_REPORTS),
    NavEntry("programme:plan_list", _("Chỉ tiêu"), caps.VIEW_REPORTS),
    NavEntry("reports:report", _("Báo cáo"), caps.VIEW_REPORTS),
    NavEntry("geo:province_list", _("Đơn vị hành chính"), SIGNED_IN),
    NavEntry("admin:index", _("Quản trị hệ thống"), caps.ACCESS_ADMIN),
]


def _allowed(user, capability) -> bool:
    if capability == PUBLIC:
        return True
    if user is None or not user.is_authenticated:
        return False
    if capability is SIGNED_IN:
        return True
    from ocop.accounts.permissions import has_capability

    return has_capability(user, capability)


def menu_for(user, path: str | None = None) -> list[dict]:
    """Entries for `user`: [{"url", "label", "active"}]; `active` marks the section `path` is in."""
    items = []
    for entry in NAV:
        if not _allowed(user, entry.capability):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        active = path is not None and (path == url if url == "/" else path.startswith(url))
        items.append({"url": url, "label": entry.label, "active": active, "name": entry.url_name})
    return items
