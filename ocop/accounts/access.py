"""Who may open a URL, declared beside the view.

Every view reachable from the URL configuration carries one `@access(...)` declaration. The
permission matrix (`ocop/portal/tests/test_permission_matrix.py`) walks `get_resolver()`, fails for
any URL without one, and requests every URL as every role, with an object inside and one outside
the role's scope, checking the answer against the declaration. The declaration does not enforce
anything by itself: the view still checks (`capability_required`, `require_capability`, scoped
selectors); the matrix proves that the check and the declaration agree.

    @access(public=True)                                        # anyone, signed in or not
    @access(login=True)                                         # any signed-in user
    @access(capability=caps.VIEW_REGISTRY)                      # holds the capability somewhere
    @access(capability=caps.VIEW_REGISTRY, object="producer")   # ... on the producer the URL names
    @access(capability=caps.EDIT_REGISTRY, object="product", kwargs={"pk": "product"})
    @access(capability=caps.VIEW_REGISTRY, also=(caps.MANAGE_OWN_PRODUCER,), object="certificate_code")

`object` names a kind of object the matrix knows how to create inside and outside a scope (see
`OBJECT_KINDS` in the matrix test); `kwargs` maps URL keyword arguments to kinds when they are not
just `pk`; `query` maps query parameters to kinds (an API that takes `?unit=`); `example` gives
fixed URL arguments (e.g. `{"kind": "products"}`); `also` names further capabilities that open the
view too, each in its own scope (officials who see a certificate, and its producer's account).
"""

from dataclasses import dataclass, field

from ocop.accounts.capabilities import ACCESS_ADMIN

ATTRIBUTE = "ocop_access"


@dataclass(frozen=True)
class Access:
    public: bool = False
    login: bool = False
    capability: str | None = None
    also: tuple[str, ...] = ()  # further capabilities that open the view, each in its own scope
    object: str | None = None
    kwargs: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)  # query parameter → object kind (e.g. {"unit": "unit"})
    example: dict = field(default_factory=dict)
    admin_site: bool = False  # Django's admin: refusals go to the admin's own login page
    note: str = ""

    def __post_init__(self):
        modes = [self.public, self.login, self.capability is not None]
        if sum(bool(m) for m in modes) != 1:
            raise ValueError("access(): give exactly one of public=, login=, capability=")
        if self.object and not self.capability:
            raise ValueError("access(object=...) needs capability=: a scope belongs to a capability")
        if self.also and not self.capability:
            raise ValueError("access(also=...) needs capability=")

    def capabilities(self) -> list[str]:
        """Every capability that opens the view (none for public= and login=)."""
        return [self.capability, *self.also] if self.capability else []

    def url_kinds(self) -> dict[str, str]:
        """URL keyword argument → object kind."""
        if self.kwargs:
            return dict(self.kwargs)
        if self.query:
            return {}
        return {"pk": self.object} if self.object else {}

    def kinds(self) -> list[str]:
        """Every object kind the URL names, in its path or its query."""
        return [*self.url_kinds().values(), *self.query.values()]


def access(**declaration):
    """Declare who may open the decorated view (function, Django class-based view or DRF view).
    Works in any order with other decorators that use functools.wraps."""
    declared = Access(**declaration)

    def decorate(view):
        setattr(view, ATTRIBUTE, declared)
        return view

    return decorate


def declared_access(callback) -> Access | None:
    """The declaration of a resolved URL callback (function view or `as_view()` of a class)."""
    for candidate in (
        callback,
        getattr(callback, "view_class", None),
        getattr(callback, "cls", None),
        getattr(callback, "__wrapped__", None),
    ):
        found = getattr(candidate, ATTRIBUTE, None)
        if found is not None:
            return found
    return None


# Single URLs of others' views, declared by URL name.
NAMED: dict[str, Access] = {
    "admin:login": Access(public=True, note="the admin's sign-in page"),
    "admin:logout": Access(public=True, note="POST only; signing out needs no right"),
}

# Whole included URL sets that are not our views, declared by namespace.
NAMESPACES: dict[str, Access] = {
    "admin": Access(capability=ACCESS_ADMIN, admin_site=True, note="Django admin: system administrators"),
}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str  # the URL pattern, for messages
    callback: object
    defaults: dict
    access: Access | None


def walk_urls(resolver=None, namespace: str = "", prefix: str = "", inherited: Access | None = None):
    """Every URL of the configuration with its declared access (None when undeclared)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            declared = NAMESPACES.get(entry.namespace, inherited)
            yield from walk_urls(entry, inner, pattern, declared)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}".strip(":") if entry.name else ""
            yield Route(
                name=name,
                pattern=pattern,
                callback=entry.callback,
                defaults=dict(entry.default_args),
                access=NAMED.get(name) or declared_access(entry.callback) or inherited,
            )
