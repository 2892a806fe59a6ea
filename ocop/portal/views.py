from django.shortcuts import render
from django.utils import timezone

from ocop.accounts.access import access
from ocop.accounts.navigation import menu_for
from ocop.accounts.selectors import roles_of_user
from ocop.portal.home_blocks import home_blocks


@access(public=True)
def home(request):
    context = {}
    if request.user.is_authenticated:
        context["role_lines"] = roles_of_user(request.user)
        context["quick_links"] = [item for item in menu_for(request.user) if item["name"] != "portal:home"]
        context.update(home_blocks(request.user, timezone.localdate()))
    return render(request, "portal/home.html", context)
