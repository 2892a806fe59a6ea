"""Repeated failed sign-ins lock the account and the address for a while (django-axes).

Axes counts failures per user name and per client address (`AXES_LOCKOUT_PARAMETERS`); at
`LOGIN_FAILURE_LIMIT` failures within the cool-off, sign-in is refused for `LOGIN_LOCKOUT_MINUTES`
for that account from anywhere and for that address with any account. A success resets the count.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ocop.accounts.forms import LoginForm


def lockout_message() -> str:
    return _(
        "Đăng nhập sai quá nhiều lần: tài khoản hoặc địa chỉ máy của bạn tạm bị khóa %(minutes)s phút. "
        "Vui lòng thử lại sau hoặc liên hệ quản trị hệ thống."
    ) % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}


class LoginLockoutBackend(AxesStandaloneBackend):
    """Axes' check before the password backends. A sign-in without an HTTP request (a management
    command, a test client's `login()`) has no address to lock and is not counted."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """429 with the Vietnamese message: JSON for the API, the sign-in page otherwise."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    # An unbound form: binding it would run authenticate() again and count one more failure.
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    form.cleaned_data = {}
    form.add_error(None, message)
    return render(
        request, "accounts/login.html", {"form": form, "next": request.POST.get("next", "")}, status=429
    )
