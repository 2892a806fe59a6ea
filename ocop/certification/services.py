"""Writes on recognitions and certificates. Each checks its rule, saves and writes one audit entry.

The product's recognitions form one chain ordered by decision date: each certificate is
superseded by the next one (re-evaluation, upgrade, downgrade). Revocation is an event on one
certificate and does not change the chain.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ocop.certification.dates import add_months
from ocop.certification.facts import sync_facts
from ocop.certification.models import Certificate, IssuerLevel, Kind, RevocationGround, Status
from ocop.core.audit import audit_log
from ocop.rules.models import Regime
from ocop.rules.selectors import regime_at


def kind_between(previous_stars: int | None, stars: int) -> str:
    if previous_stars is None:
        return Kind.NEW
    if stars > previous_stars:
        return Kind.UPGRADED
    if stars < previous_stars:
        return Kind.DOWNGRADED
    return Kind.RENEWED


def certificate_dates(regime: Regime, decision_date: datetime.date, valid_until=None):
    """(valid_from, valid_until, notice_from) under `regime`: valid N months from the decision."""
    valid_until = valid_until or add_months(decision_date, regime.validity_months)
    return decision_date, valid_until, valid_until - datetime.timedelta(days=regime.notice_days)


def relink_chain(product) -> None:
    """Each recognition of `product` is superseded by the next one by decision date."""
    chain = list(product.certificates.order_by("decision_date", "id"))
    changed = []
    for current, following in zip(chain, [*chain[1:], None], strict=True):
        superseded_by = following.pk if following else None
        superseded_on = following.decision_date if following else None
        if (current.superseded_by_id, current.superseded_on) != (superseded_by, superseded_on):
            current.superseded_by_id, current.superseded_on = superseded_by, superseded_on
            changed.append(current)
    Certificate.objects.bulk_update(changed, ["superseded_by", "superseded_on"])


def relink_chains(product_ids) -> int:
    """`relink_chain` for many products at once (bulk imports): one read, one bulk update.

    Returns the number of certificates whose link changed."""
    product_ids = list(product_ids)
    chains: dict[int, list[Certificate]] = {}
    for start in range(0, len(product_ids), 500):
        rows = Certificate.objects.filter(product_id__in=product_ids[start : start + 500]).only(
            "id", "product_id", "decision_date", "superseded_by_id", "superseded_on"
        )
        for certificate in rows.order_by("product_id", "decision_date", "id"):
            chains.setdefault(certificate.product_id, []).append(certificate)
    changed = []
    for chain in chains.values():
        for current, following in zip(chain, [*chain[1:], None], strict=True):
            superseded_by = following.pk if following else None
            superseded_on = following.decision_date if following else None
            if (current.superseded_by_id, current.superseded_on) != (superseded_by, superseded_on):
                current.superseded_by_id, current.superseded_on = superseded_by, superseded_on
                changed.append(current)
    Certificate.objects.bulk_update(changed, ["superseded_by", "superseded_on"], batch_size=1000)
    return len(changed)


def validate_recognition(*, product, stars, decision_number, decision_date, regime, score=None) -> list[str]:
    """Every reason the recognition cannot be recorded, in Vietnamese (empty when it can)."""
    errors = []
    if stars is None or not (1 <= int(stars) <= 5):
        errors.append("Số sao phải từ 1 đến 5.")
    elif int(stars) < regime.min_certified_stars:
        errors.append(f"Chỉ sản phẩm đạt từ {regime.min_certified_stars} sao trở lên mới được công nhận.")
    if not (decision_number or "").strip():
        errors.append("Thiếu số quyết định công nhận.")
    if decision_date is None:
        errors.append("Thiếu ngày quyết định.")
    elif decision_date > timezone.localdate():
        errors.append("Ngày quyết định không được sau ngày hôm nay.")
    if score is not None and not (0 <= float(score) <= 100):
        errors.append("Điểm phải trong khoảng 0–100.")
    if (
        product is not None
        and product.pk
        and decision_number
        and decision_date
        and product.certificates.filter(
            decision_number=decision_number.strip(), decision_date=decision_date
        ).exists()
    ):
        errors.append("Sản phẩm đã có giấy chứng nhận theo quyết định này.")
    return errors


@transaction.atomic
def certificate_issue(
    *,
    actor,
    product,
    stars: int,
    decision_number: str,
    decision_date: datetime.date,
    score=None,
    kind: str | None = None,
    issuer_name: str = "",
    issuer_level: str | None = None,
    issuer_unit=None,
    valid_until: datetime.date | None = None,
) -> Certificate:
    """Record a recognition decision for a product (new, renewed, upgraded or downgraded).

    Rules: only 3★+ is certified (per regime); the regime in force on the decision date is frozen
    on the certificate; valid for the regime's months from the decision date; the kind follows from
    the previous recognition's stars unless the decision says otherwise; the previous one is
    superseded.
    """
    regime = regime_at(decision_date) if decision_date else None
    if regime is None:
        raise ValidationError("Chưa có quy định nào được nạp vào hệ thống.")
    errors = validate_recognition(
        product=product,
        stars=stars,
        decision_number=decision_number,
        decision_date=decision_date,
        regime=regime,
        score=score,
    )
    if errors:
        raise ValidationError(errors)
    previous = (
        product.certificates.filter(decision_date__lte=decision_date)
        .order_by("-decision_date", "-id")
        .first()
    )
    kind = kind or kind_between(previous.stars if previous else None, int(stars))
    valid_from, valid_until, notice_from = certificate_dates(regime, decision_date, valid_until)
    certificate = Certificate.objects.create(
        product=product,
        stars=int(stars),
        score=score,
        kind=kind,
        regime=regime,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        issuer_name=issuer_name,
        issuer_level=issuer_level or regime.certifier_level(int(stars)) or IssuerLevel.PROVINCE,
        issuer_unit=issuer_unit,
        valid_from=valid_from,
        valid_until=valid_until,
        notice_from=notice_from,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    relink_chain(product)
    sync_facts([product.pk])
    certificate.refresh_from_db()
    audit_log(
        actor=actor,
        action=f"certification.certificate_{kind}",
        obj=certificate,
        product=product.name,
        stars=int(stars),
        decision=f"{certificate.decision_number} ({decision_date:%d/%m/%Y})",
        valid_until=f"{valid_until:%d/%m/%Y}",
    )
    audit_log(actor=actor, action="registry.product_recognised", obj=product, certificate=str(certificate))
    return certificate


@transaction.atomic
def certificate_revoke(
    *,
    actor,
    certificate: Certificate,
    decision_number: str,
    revoked_on: datetime.date,
    ground: str,
    note: str = "",
) -> Certificate:
    """Revoke a certificate by decision of the certifying level, for one of the known grounds."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    errors = []
    if certificate.revoked_on:
        errors.append("Giấy chứng nhận này đã bị thu hồi.")
    if ground not in RevocationGround.values:
        errors.append("Lý do thu hồi không hợp lệ.")
    if not (decision_number or "").strip():
        errors.append("Thiếu số quyết định thu hồi.")
    if revoked_on is None:
        errors.append("Thiếu ngày thu hồi.")
    elif revoked_on < certificate.decision_date:
        errors.append("Ngày thu hồi không được trước ngày quyết định công nhận.")
    elif certificate.status_on(revoked_on) in (Status.SUPERSEDED,):
        errors.append("Giấy chứng nhận đã được thay thế bởi lần công nhận sau; hãy thu hồi giấy mới nhất.")
    if errors:
        raise ValidationError(errors)
    certificate.revoked_on = revoked_on
    certificate.revocation_decision = decision_number.strip()
    certificate.revocation_ground = ground
    certificate.revocation_note = note
    certificate.save(
        update_fields=["revoked_on", "revocation_decision", "revocation_ground", "revocation_note"]
    )
    audit_log(
        actor=actor,
        action="certification.certificate_revoke",
        obj=certificate,
        decision=certificate.revocation_decision,
        revoked_on=f"{revoked_on:%d/%m/%Y}",
        ground=RevocationGround(ground).label,
    )
    return certificate


def notify_expiring(*, today: datetime.date | None = None, actor=None) -> int:
    """Notify producer and province, once, for every certificate inside its notice window.

    Returns the number of certificates notified. Safe to run every day (and twice a day).
    """
    from ocop.certification.notices import send_expiry_notice
    from ocop.certification.selectors import status_q

    today = today or timezone.localdate()
    due = (
        Certificate.objects.filter(status_q(Status.EXPIRING, today), expiry_notice_sent_at__isnull=True)
        .select_related("product", "product__producer", "product__producer__province")
        .order_by("valid_until", "id")
    )
    sent = 0
    for certificate in due.iterator(chunk_size=500):
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
            if locked.expiry_notice_sent_at is not None:
                continue
            send_expiry_notice(certificate)
            locked.expiry_notice_sent_at = timezone.now()
            locked.save(update_fields=["expiry_notice_sent_at"])
            audit_log(
                actor=actor or "system",
                action="certification.expiry_notice",
                obj=locked,
                valid_until=f"{locked.valid_until:%d/%m/%Y}",
            )
            sent += 1
    return sent
