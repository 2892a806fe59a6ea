def navigation(request):
    """Navigation entries for the current user's roles (filled by ocop.accounts.navigation)."""
    from ocop.accounts.navigation import menu_for

    return {"nav_items": menu_for(getattr(request, "user", None), getattr(request, "path", None))}
