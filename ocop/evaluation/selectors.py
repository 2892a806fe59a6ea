"""Reads of the evaluation app, each scoped to what the user may see."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from ocop.accounts.capabilities import (
    LINK_PRODUCER_ACCOUNTS,
    MANAGE_EVALUATION,
    SCORE_PRODUCT,
    SCREEN_DOSSIER,
    SUBMIT_DOSSIER,
)
from ocop.accounts.permissions import scope_for, unit_q
from ocop.evaluation.models import (
    Dossier,
    DossierState,
    Level,
    ProducerInvitation,
    ProducerSignup,
    Round,
    Rubric,
    Score,
)
from ocop.geo.models import AdminUnit
from ocop.registry.models import Producer, Product
from ocop.registry.selectors import visible_producers


def _units(scope):
    # A subquery: filtering through unit_q's joins directly would repeat rows.
    return AdminUnit.objects.filter(unit_q(scope)).values("pk")


def producers_of(user):
    """Producers `user` acts for (through the producer role on that producer)."""
    scope = scope_for(user, SUBMIT_DOSSIER)
    if scope.national:
        return Producer.objects.all()
    content_type = ContentType.objects.get_for_model(Producer).pk
    ids = [int(pk) for ct, pk in scope.objects if ct == content_type]
    return Producer.objects.filter(pk__in=ids)


def dossiers_of_producer(user):
    return Dossier.objects.filter(producer__in=producers_of(user)).select_related("round", "product")


def products_of_producer(user):
    return Product.objects.filter(producer__in=producers_of(user)).select_related("producer", "product_set")


def open_rounds_for(producer, on):
    return Round.objects.filter(
        level=Level.PROVINCE,
        province_id=producer.province_id,
        registration_opens__lte=on,
        registration_closes__gte=on,
    )


def dossiers_to_screen(user):
    """Dossiers of the communes in the user's screening scope (commune screening)."""
    scope = scope_for(user, SCREEN_DOSSIER)
    if scope.empty:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(commune__in=_units(scope), screening_level=Level.COMMUNE)
        .exclude(state=DossierState.DRAFT)
        .select_related("round", "product", "producer")
    )


def managed_rounds(user):
    scope = scope_for(user, MANAGE_EVALUATION)
    if scope.national:
        return Round.objects.all()
    if scope.empty:
        return Round.objects.none()
    return Round.objects.filter(level=Level.PROVINCE, province__in=_units(scope))


def managed_dossiers(user):
    return Dossier.objects.filter(round__in=managed_rounds(user)).select_related(
        "round", "product", "producer"
    )


def assignments_of(user):
    """The sheets of the products assigned to `user` as a council member."""
    if scope_for(user, SCORE_PRODUCT).empty:
        return Score.objects.none()
    return Score.objects.filter(member=user).select_related(
        "dossier__product", "dossier__round", "dossier__rubric"
    )


def visible_scores(score: Score):
    """Other members' sheets of the same dossier, visible to a member only once their own is in
    (blind scoring): [] before that."""
    if score.state == "draft":
        return Score.objects.none()
    return score.dossier.scores.exclude(pk=score.pk).filter(~Q(state="draft")).select_related("member")


def current_rubrics():
    return Rubric.objects.filter(is_current=True).select_related("regime", "product_set")


def signups_for(user):
    """Sign-ups an official may decide: of their province (province officer), or naming their
    commune (commune officer)."""
    scope = scope_for(user, LINK_PRODUCER_ACCOUNTS)
    if scope.empty:
        return ProducerSignup.objects.none()
    if scope.national:
        found = ProducerSignup.objects.all()
    else:
        units = _units(scope)
        found = ProducerSignup.objects.filter(Q(province__in=units) | Q(commune__in=units))
    return found.select_related("user", "province", "commune", "producer")


def linkable_producers(user):
    """Producers an official may link people to (approve, invite): those of their unit."""
    return visible_producers(user, LINK_PRODUCER_ACCOUNTS)


def invitations_for(user):
    return ProducerInvitation.objects.filter(
        producer__in=linkable_producers(user).values("pk")
    ).select_related("producer", "invited_by", "user")
