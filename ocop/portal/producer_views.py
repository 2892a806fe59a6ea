"""The producer's own area: their producer record, products, certificates and what to do next.

Everything starts from the producers the user holds MANAGE_OWN_PRODUCER on: a producer sees the
producers their role was granted on and nothing else (another producer's page is a 404, as if it
did not exist); a system administrator may open any producer's area to see what its owner sees.
"""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import capability_required, has_capability
from ocop.activities.selectors import visible_channels
from ocop.portal.producer_area import latest_certificate, next_step, product_history, product_lines
from ocop.registry.selectors import represented_producers, visible_producers, visible_products


@access(capability=caps.MANAGE_OWN_PRODUCER)
@capability_required(caps.MANAGE_OWN_PRODUCER)
def my_producer(request):
    return _producer_page(request, None)


@access(capability=caps.MANAGE_OWN_PRODUCER, object="producer")
@capability_required(caps.MANAGE_OWN_PRODUCER)
def my_producer_detail(request, pk: int):
    return _producer_page(request, pk)


def _producer_page(request, pk: int | None):
    producers = list(represented_producers(request.user).order_by("sort_key", "id"))
    if pk is not None:
        producer = get_object_or_404(visible_producers(request.user, caps.MANAGE_OWN_PRODUCER), pk=pk)
    else:
        producer = producers[0] if producers else None
    today = timezone.localdate()
    lines = product_lines(producer, today) if producer else []
    # The producer's sales channels (ocop.activities): kept by the producer itself, shown on the
    # public product pages.
    channels = (
        visible_channels(request.user).filter(producer=producer).order_by("kind", "platform", "id")
        if producer
        else []
    )
    return render(
        request,
        "portal/my_producer.html",
        {
            "producer": producer,
            "producers": producers,
            "lines": lines,
            "channels": channels,
            "can_edit_channels": has_capability(request.user, caps.EDIT_SALES_CHANNELS),
            "attention": [line for line in lines if line.tone in ("warn", "err")],
            "today": today,
        },
    )


@access(capability=caps.MANAGE_OWN_PRODUCER, object="product")
@capability_required(caps.MANAGE_OWN_PRODUCER)
def my_product(request, pk: int):
    product = get_object_or_404(visible_products(request.user, caps.MANAGE_OWN_PRODUCER), pk=pk)
    today = timezone.localdate()
    status, tone, advice = next_step(latest_certificate(product, today), today)
    return render(
        request,
        "portal/my_product.html",
        {
            "product": product,
            "certificates": product_history(product, today),
            "status": status,
            "tone": tone,
            "advice": advice,
            "today": today,
        },
    )
