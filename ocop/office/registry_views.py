"""Officials' pages for producers and products: lists with filters, details, create and edit.

Reads go through the scoped selectors; writes through the services. A page about one object
404s when the object is outside what the user may see; an action on it 403s when the user may
not act on the producer's province. Certificate columns (stars, status) come from the
certification selectors: these pages are the edge where the two apps meet.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import capability_required, has_capability, require_capability
from ocop.certification.models import Certificate, Status
from ocop.certification.selectors import current_certificate, history, status_q
from ocop.core.forms import add_service_errors
from ocop.office.registry_forms import (
    ProducerFilterForm,
    ProducerForm,
    ProductFilterForm,
    ProductForm,
)
from ocop.registry import services
from ocop.registry.models import Product
from ocop.registry.selectors import visible_producers, visible_products

PAGE_SIZE = 50
# A product's status today is that of its latest recognition, which is never superseded nor
# decided after today (pending): those are not offered.
PRODUCT_STATUS_CHOICES = [
    *((value, label) for value, label in Status.choices if value not in (Status.SUPERSEDED, Status.PENDING)),
    ("valid", gettext_lazy("Còn hiệu lực (kể cả sắp hết hạn)")),
]


def paginate(request, queryset):
    """One page of 50 and the querystring of the current filters (without the page number)."""
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


def _certificates_of_product():
    return Certificate.objects.filter(product=OuterRef("pk")).order_by("-decision_date", "-id")


def with_certificate_columns(products, today):
    """Annotate each product with its latest recognition and its current (valid today) stars."""
    certificates = _certificates_of_product()
    return products.annotate(
        latest_certificate_id=Subquery(certificates.filter(valid_from__lte=today).values("pk")[:1]),
        current_stars=Subquery(certificates.filter(status_q("valid", today)).values("stars")[:1]),
    )


def attach_latest_certificates(products, today) -> None:
    """Load the latest certificate of each product on a page in one query, with its status."""
    found = Certificate.objects.in_bulk(
        [p.latest_certificate_id for p in products if p.latest_certificate_id]
    )
    for product in products:
        product.latest_certificate = found.get(product.latest_certificate_id)
        product.certificate_status = (
            product.latest_certificate.status_on(today) if product.latest_certificate else ""
        )


# --- Producers -----------------------------------------------------------------------------------


@access(capability=caps.VIEW_REGISTRY)
@capability_required(caps.VIEW_REGISTRY)
def producer_list(request):
    today = timezone.localdate()
    form = ProducerFilterForm(request.GET or None, user=request.user)
    producers = visible_producers(request.user)
    if form.is_bound and form.is_valid():
        producers = form.apply(producers)
    valid_now = Certificate.objects.filter(status_q("valid", today), product=OuterRef("pk"))
    products = Product.objects.filter(producer=OuterRef("pk")).order_by().values("producer")
    producers = producers.annotate(
        product_count=Subquery(products.annotate(n=Count("pk")).values("n")[:1]),
        certified_count=Subquery(products.filter(Exists(valid_now)).annotate(n=Count("pk")).values("n")[:1]),
    ).order_by("sort_key", "id")
    page, querystring = paginate(request, producers)
    return render(
        request,
        "registry/producer_list.html",
        {
            "form": form,
            "page": page,
            "querystring": querystring,
            "can_create": has_capability(request.user, caps.EDIT_REGISTRY),
        },
    )


@access(capability=caps.VIEW_REGISTRY, object="producer")
@capability_required(caps.VIEW_REGISTRY)
def producer_detail(request, pk: int):
    producer = get_object_or_404(visible_producers(request.user), pk=pk)
    today = timezone.localdate()
    products = with_certificate_columns(
        visible_products(request.user).filter(producer=producer), today
    ).order_by("sort_key", "id")
    products = list(products)
    attach_latest_certificates(products, today)
    can_edit = has_capability(request.user, caps.EDIT_REGISTRY, unit=producer.province)
    return render(
        request,
        "registry/producer_detail.html",
        {"producer": producer, "products": products, "can_edit": can_edit, "today": today},
    )


def _producer_duplicates(form) -> list:
    """The existing producers a rejected create looks like (the service refuses them by name)."""
    data = form.cleaned_data
    try:
        tax_code = services.normalise_tax_code(data.get("tax_code", ""))
    except ValidationError:
        return []
    return services.producer_duplicates(
        name=data.get("name", ""),
        tax_code=tax_code,
        commune=data.get("commune"),
        province=data.get("province"),
    )


@access(capability=caps.EDIT_REGISTRY)
@capability_required(caps.EDIT_REGISTRY)
def producer_create(request):
    duplicates = []
    show_allow = request.method == "POST" and "allow_duplicate" in request.POST
    if request.method == "POST":
        form = ProducerForm(request.POST, user=request.user, show_allow_duplicate=True)
        if form.is_valid():
            require_capability(request.user, caps.EDIT_REGISTRY, unit=form.cleaned_data["province"])
            try:
                producer = services.producer_create(
                    actor=request.user,
                    allow_duplicate=form.cleaned_data.get("allow_duplicate", False),
                    **form.service_fields(),
                )
            except ValidationError as error:
                # The service's "duplicate" refusal is a single error on the name.
                if set(getattr(error, "error_dict", {})) == {"name"}:
                    duplicates = _producer_duplicates(form)
                add_service_errors(form, error)
                show_allow = show_allow or bool(duplicates)
            else:
                messages.success(request, _("Đã tạo chủ thể %(name)s.") % {"name": producer.name})
                return redirect("registry:producer_detail", pk=producer.pk)
        if not show_allow:
            del form.fields["allow_duplicate"]
    else:
        form = ProducerForm(user=request.user)
    visible = set(
        visible_producers(request.user)
        .filter(pk__in=[d.producer.pk for d in duplicates])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "registry/producer_form.html",
        {"form": form, "duplicates": duplicates, "visible_duplicates": visible, "producer": None},
    )


@access(capability=caps.EDIT_REGISTRY, object="producer")
@capability_required(caps.VIEW_REGISTRY)
def producer_update(request, pk: int):
    producer = get_object_or_404(visible_producers(request.user), pk=pk)
    require_capability(request.user, caps.EDIT_REGISTRY, unit=producer.province)
    if request.method == "POST":
        form = ProducerForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.producer_update(actor=request.user, producer=producer, **form.service_fields())
            except ValidationError as error:
                add_service_errors(form, error)
                producer.refresh_from_db()
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("registry:producer_detail", pk=producer.pk)
    else:
        form = ProducerForm(initial=ProducerForm.initial_for(producer), user=request.user)
    return render(request, "registry/producer_form.html", {"form": form, "producer": producer})


# --- Products ------------------------------------------------------------------------------------


@access(capability=caps.VIEW_REGISTRY)
@capability_required(caps.VIEW_REGISTRY)
def product_list(request):
    today = timezone.localdate()
    form = ProductFilterForm(request.GET or None, user=request.user, status_choices=PRODUCT_STATUS_CHOICES)
    products = with_certificate_columns(visible_products(request.user), today)
    if form.is_bound and form.is_valid():
        products = form.apply(products)
        if stars := form.cleaned_data.get("stars"):
            products = products.filter(current_stars=int(stars))
        if status := form.cleaned_data.get("status"):
            # The status of the product is that of its latest recognition.
            in_status = Certificate.objects.filter(
                status_q(status, today), pk=OuterRef("latest_certificate_id")
            )
            products = products.filter(Exists(in_status))
    page, querystring = paginate(request, products.order_by("sort_key", "id"))
    attach_latest_certificates(page.object_list, today)
    return render(
        request,
        "registry/product_list.html",
        {
            "form": form,
            "page": page,
            "querystring": querystring,
            "can_create": has_capability(request.user, caps.EDIT_REGISTRY),
        },
    )


@access(capability=caps.VIEW_REGISTRY, object="product")
@capability_required(caps.VIEW_REGISTRY)
def product_detail(request, pk: int):
    product = get_object_or_404(visible_products(request.user), pk=pk)
    today = timezone.localdate()
    certificates = list(history(product))
    for certificate in certificates:
        certificate.status = certificate.status_on(today)
    province = product.producer.province
    current = current_certificate(product, today)
    if current:
        current.status_today = current.status_on(today)
    return render(
        request,
        "registry/product_detail.html",
        {
            "product": product,
            "current": current,
            "certificates": certificates,
            "today": today,
            "can_edit": has_capability(request.user, caps.EDIT_REGISTRY, unit=province),
            "can_issue": has_capability(request.user, caps.ISSUE_CERTIFICATE, unit=province),
        },
    )


@access(capability=caps.EDIT_REGISTRY)
@capability_required(caps.EDIT_REGISTRY)
def product_create(request):
    if request.method == "POST":
        form = ProductForm(request.POST, user=request.user)
        if form.is_valid():
            require_capability(request.user, caps.EDIT_REGISTRY, unit=form.cleaned_data["producer"].province)
            try:
                product = services.product_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Đã tạo sản phẩm %(name)s.") % {"name": product.name})
                return redirect("registry:product_detail", pk=product.pk)
    else:
        initial = {}
        producer_pk = request.GET.get("producer", "")
        if producer_pk.isdigit():
            initial["producer"] = int(producer_pk)
        form = ProductForm(initial=initial, user=request.user)
    return render(request, "registry/product_form.html", {"form": form, "product": None})


@access(capability=caps.EDIT_REGISTRY, object="product")
@capability_required(caps.VIEW_REGISTRY)
def product_update(request, pk: int):
    product = get_object_or_404(visible_products(request.user), pk=pk)
    require_capability(request.user, caps.EDIT_REGISTRY, unit=product.producer.province)
    if request.method == "POST":
        form = ProductForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.product_update(actor=request.user, product=product, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
                product.refresh_from_db()
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("registry:product_detail", pk=product.pk)
    else:
        form = ProductForm(initial=ProductForm.initial_for(product), user=request.user)
    return render(request, "registry/product_form.html", {"form": form, "product": product})
