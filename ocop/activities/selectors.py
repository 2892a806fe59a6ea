"""Reads of activity records, always scoped to what the user may see.

- Records placed in a unit (points of sale, events, classes, funding, craft villages,
  commendations) are seen where the user holds the capability on their province or commune.
- Records about a producer (sales channels, support, value chains, training participations) are
  seen where the user may see the producer — including a producer's own account for its channels.

For the public site: `channels_for_product(product)`, `channels_for_producer(producer)`,
`public_points_of_sale()` and `closed_points_of_sale()` (no user: what anyone may see — running
channels, open points of sale, and which points have closed).
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from ocop.accounts import capabilities as caps
from ocop.accounts.permissions import Scope, scope_for
from ocop.activities.models import (
    Commendation,
    CraftVillage,
    Funding,
    PointOfSale,
    PointStatus,
    SalesChannel,
    Support,
    TradeEvent,
    TrainingClass,
    TrainingParticipant,
    ValueChain,
)
from ocop.registry.models import Producer
from ocop.registry.selectors import producer_scope_q

PLACE_RELATED = ("province", "commune", "legacy_province", "legacy_district", "legacy_commune")


def located_q(scope: Scope, prefix: str = "") -> Q:
    """Records placed in a unit inside `scope` (current province or commune; legacy addresses follow
    from them). A scope of objects only (a producer's account) sees none of them."""
    if scope.national:
        return Q()
    q = Q(pk__in=[])
    if scope.province_ids:
        q |= Q(**{f"{prefix}province_id__in": list(scope.province_ids)})
    if scope.commune_ids:
        q |= Q(**{f"{prefix}commune_id__in": list(scope.commune_ids)})
    return q


def _located(model, user, capability):
    return model.objects.filter(located_q(scope_for(user, capability))).select_related(*PLACE_RELATED)


def _about_producer(model, user, capability):
    return model.objects.filter(producer_scope_q(scope_for(user, capability), "producer__")).select_related(
        "producer", "producer__province", "producer__legacy_province"
    )


def visible_channels(user, capability: str = caps.VIEW_ACTIVITIES):
    return _about_producer(SalesChannel, user, capability).select_related("product")


def editable_channels(user):
    """Channels the user may change: an official's in their units, a producer's own."""
    return visible_channels(user, caps.EDIT_SALES_CHANNELS)


def channel_producers(user):
    """Producers whose channels the user may record."""
    return Producer.objects.filter(producer_scope_q(scope_for(user, caps.EDIT_SALES_CHANNELS)))


def visible_points_of_sale(user, capability: str = caps.VIEW_ACTIVITIES):
    return _located(PointOfSale, user, capability).select_related("operator_producer")


def visible_events(user, capability: str = caps.VIEW_ACTIVITIES):
    return _located(TradeEvent, user, capability).select_related("host_province")


def visible_classes(user, capability: str = caps.VIEW_ACTIVITIES):
    return _located(TrainingClass, user, capability)


def visible_participants(user, capability: str = caps.VIEW_ACTIVITIES):
    scope = scope_for(user, capability)
    return TrainingParticipant.objects.filter(located_q(scope, "training_class__")).select_related(
        "producer", "training_class"
    )


def visible_funding(user, capability: str = caps.VIEW_ACTIVITIES):
    return _located(Funding, user, capability)


def visible_supports(user, capability: str = caps.VIEW_ACTIVITIES):
    return _about_producer(Support, user, capability).select_related("product")


def visible_value_chains(user, capability: str = caps.VIEW_ACTIVITIES):
    return _about_producer(ValueChain, user, capability)


def visible_craft_villages(user, capability: str = caps.VIEW_ACTIVITIES):
    return _located(CraftVillage, user, capability)


def visible_commendations(user, capability: str = caps.VIEW_ACTIVITIES):
    return _located(Commendation, user, capability).select_related("producer")


def active_q(on: datetime.date, start: str = "started_on", end: str = "ended_on") -> Q:
    """Running on `on`: started (or start unknown) and not ended before."""
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": on})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on})
    )


# --- public ----------------------------------------------------------------------------------------


def channels_for_product(product, on: datetime.date | None = None):
    """Where a product can be bought, for its public page: the channels running on `on` (today) that
    name this product or all products of its producer, e-commerce first."""
    on = on or timezone.localdate()
    return (
        SalesChannel.objects.filter(
            Q(product=product) | Q(product__isnull=True, producer_id=product.producer_id), active_q(on)
        )
        .select_related("product")
        .order_by("kind", "platform", "retailer", "country", "id")
    )


def channels_for_producer(producer, on: datetime.date | None = None):
    """The producer's channels running on `on` (today), whole-shop and per-product ones, for its
    public page; e-commerce first."""
    on = on or timezone.localdate()
    return (
        SalesChannel.objects.filter(producer_id=producer.pk)
        .filter(active_q(on))
        .select_related("product")
        .order_by("kind", "platform", "retailer", "country", "id")
    )


def public_points_of_sale(on: datetime.date | None = None):
    """Points of sale and showrooms open on `on` (today), for the public directory, with their place
    (both schemes) and the products they carry prefetched."""
    on = on or timezone.localdate()
    return (
        PointOfSale.objects.filter(status=PointStatus.ACTIVE)
        .filter(active_q(on, "opened_on", "closed_on"))
        .select_related(*PLACE_RELATED)
        .prefetch_related("products")
        .order_by("province__sort_key", "name", "id")
    )


def closed_points_of_sale(on: datetime.date | None = None):
    """Points of sale and showrooms closed on `on` (today): status closed, or a closing date before
    it. The public page of such a point says it has closed instead of vanishing."""
    on = on or timezone.localdate()
    return (
        PointOfSale.objects.filter(Q(status=PointStatus.CLOSED) | Q(closed_on__lt=on))
        .select_related(*PLACE_RELATED)
        .order_by("province__sort_key", "name", "id")
    )
