"""API permissions read the view's `@access(capability=...)` declaration, so the declaration the
permission matrix checks is also the one the API enforces."""

from rest_framework import permissions

from ocop.accounts.access import declared_access
from ocop.accounts.permissions import has_capability


class DeclaredCapability(permissions.BasePermission):
    """The declared capability held somewhere (reads); a write needs the view's
    `write_capability` somewhere. Whether it holds on the object is the view's job (404/403)."""

    message = "Bạn không có quyền này."

    def has_permission(self, request, view):
        capability = declared_access(type(view)).capability
        if request.method not in permissions.SAFE_METHODS:
            capability = getattr(view, "write_capability", None) or capability
        return has_capability(request.user, capability)
