from django.shortcuts import render

from ocop.accounts.access import access
from ocop.accounts.navigation import menu_for
from ocop.accounts.selectors import roles_of_user


@access(public=True)
def home(request):
    context = {}
    if request.user.is_authenticated:
        context["role_lines"] = roles_of_user(request.user)
        context["quick_links"] = [item for item in menu_for(request.user) if item["name"] != "portal:home"]
    return render(request, "portal/home.html", context)
