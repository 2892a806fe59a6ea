"""Navigation by role: each entry is shown only to users holding its capability."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

NAV = [
    # (url name, label, capability or None for any signed-in user)
    ("portal:home", _("Trang chủ"), None),
    ("geo:province_list", _("Đơn vị hành chính"), None),
]


def menu_for(user):
    if user is None or not user.is_authenticated:
        return []
    from ocop.accounts.permissions import has_capability

    return [
        {"url": reverse(name), "label": label}
        for name, label, capability in NAV
        if capability is None or has_capability(user, capability)
    ]
