"""Writes on recognitions and certificates. Each checks its rule, saves and writes one audit entry.

The product's recognitions form one chain ordered by decision date: each certificate is
superseded by the next one (re-evaluation, upgrade, downgrade). Revocation is an event on one
certificate and does not change the chain.
"""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.certification.errors import CertificationError
from ocop.certification.facts import sync_facts
from ocop.certification.models import Certificate, RevocationGround, Status, new_public_code
from ocop.certification.recognitions import (
    Recognition,
    certificate_dates,
    kind_between,
    resolve_recognitions,
)
from ocop.certification.signals import certificates_recorded
from ocop.core.audit import audit_log
from ocop.core.bulk import field_defaults, ids_q, insert_rows

__all__ = [
    "CertificationError",
    "Recognition",
    "certificate_dates",
    "certificate_issue",
    "certificate_revoke",
    "certificates_issue_bulk",
    "kind_between",
    "notify_expiring",
    "relink_chain",
    "relink_chains",
]


def relink_chain(product) -> None:
    """Each recognition of `product` is superseded by the next one by decision date."""
    relink_chains([product.pk])


def relink_chains(product_ids) -> int:
    """Each recognition of each product is superseded by the next one by decision date (one read,
    one bulk update). Returns the number of certificates whose link changed."""
    return _relink(product_ids)[0]


def _relink(product_ids) -> tuple[int, dict[tuple[int, datetime.date], int]]:
    """`relink_chains`, also returning each certificate's id by (product, decision date) — the
    key the database keeps unique."""
    product_ids = sorted(set(product_ids))
    ids: dict[tuple[int, datetime.date], int] = {}
    changed = []
    for start in range(0, len(product_ids), 500):
        rows = (
            Certificate.objects.filter(ids_q("product_id", product_ids[start : start + 500]))
            .order_by("product_id", "decision_date", "id")
            .values_list("id", "product_id", "decision_date", "superseded_by_id", "superseded_on")
        )
        following = None
        for pk, product_id, decision_date, superseded_by, superseded_on in reversed(list(rows)):
            ids[(product_id, decision_date)] = pk
            if following is not None and following[1] != product_id:
                following = None
            expected = (following[0], following[2]) if following else (None, None)
            if (superseded_by, superseded_on) != expected:
                changed.append(Certificate(pk=pk, superseded_by_id=expected[0], superseded_on=expected[1]))
            following = (pk, product_id, decision_date)
    Certificate.objects.bulk_update(changed, ["superseded_by", "superseded_on"], batch_size=1000)
    return len(changed), ids


# The columns the writer fills from a checked recognition, in the order `_rows` yields them; the
# others start as the model's defaults (the chain's links and the copied facts are set after).
WRITTEN = (
    "product_id",
    "stars",
    "score",
    "kind",
    "regime_id",
    "decision_number",
    "decision_date",
    "issuer_name",
    "issuer_level",
    "issuer_unit_id",
    "valid_from",
    "valid_until",
    "notice_from",
    "created_by_id",
    "public_code",
    "created_at",
)


def _rows(actor, recognitions, resolved, product_ids: set, kept: list | None):
    """One row of values (WRITTEN, then the defaults) per checked recognition; fills
    `product_ids`, and `kept` with each row's values by column when the caller wants objects."""
    created_by = actor.pk if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    defaults = field_defaults(Certificate, WRITTEN)  # the chain's links and copies: set after
    constant = tuple(defaults.values())
    names = (*WRITTEN, *defaults)
    for rec, res in zip(recognitions, resolved, strict=True):
        if res is None:
            continue
        product_ids.add(rec.product_id)
        row = (
            rec.product_id,
            res.stars,
            res.score,
            res.kind,
            res.regime.pk,
            res.decision_number,
            res.decision_date,
            rec.issuer_name or "",
            res.issuer_level,
            res.issuer_unit_id,
            res.valid_from,
            res.valid_until,
            res.notice_from,
            created_by,
            new_public_code(),
            now,
            *constant,
        )
        if kept is not None:
            kept.append(dict(zip(names, row, strict=True)))
        yield row


CONFLICT = _("Sản phẩm vừa được ghi nhận một quyết định khác cùng ngày; hãy tải lại trang và kiểm tra.")


def _check_one_valid_a_day() -> None:
    """On PostgreSQL, check now (not at commit) the deferred constraint that refuses two
    certificates of a product valid on the same day, so a conflict surfaces inside the service."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS certification_one_valid_a_day IMMEDIATE")
            cursor.execute("SET CONSTRAINTS certification_one_valid_a_day DEFERRED")


@transaction.atomic
def certificates_issue_bulk(
    *,
    actor,
    recognitions: Iterable[Recognition],
    skip_invalid: bool = False,
    today: datetime.date | None = None,
    audit_action: str | None = "certification.certificates_issue_bulk",
    audit_details: dict | None = None,
    returning: bool = True,
) -> list[Certificate]:
    """Record many recognition decisions: each is checked by the same validator as
    `certificate_issue` (`check_recognition`, in decision-date order per product, with the product
    rows locked); only the writes are batched — one bulk insert, the chains relinked, the copied
    columns synced, one audit entry (`audit_action`, None when the caller writes its own).

    Refused recognitions raise CertificationError (`errors_by_index` by position) and nothing is
    written, unless `skip_invalid`, which records the others. Returns the new certificates in the
    order given (the refused ones left out); with `returning=False` an empty list, the rows
    written without building an object each (bulk imports)."""
    recognitions = list(recognitions)
    resolved, errors = resolve_recognitions(recognitions, today=today, lock=True)
    if errors and not skip_invalid:
        messages = [
            _("Quyết định %(number)s: %(message)s")
            % {"number": recognitions[i].decision_number, "message": m}
            for i in sorted(errors)
            for field_messages in errors[i].values()
            for m in field_messages
        ]
        raise CertificationError(messages, errors_by_index=errors)
    certificates = _write(actor, recognitions, resolved, returning=returning)
    if audit_action:
        written = [rec for rec, res in zip(recognitions, resolved, strict=True) if res is not None]
        audit_log(
            actor=actor,
            action=audit_action,
            certificates=len(written),
            products=len({rec.product_id for rec in written}),
            refused=len(errors),
            **(audit_details or {}),
        )
    return certificates


def _write(actor, recognitions, resolved, *, returning: bool = True) -> list[Certificate]:
    """The batched writes of checked recognitions: insert (plain rows, one prepared statement
    per batch), relink the chains, sync the copies. The certificates are built as objects only
    when `returning`: an import of 20,000 rows needs none of them."""
    product_ids: set[int] = set()
    kept: list[dict] | None = [] if returning else None
    rows = _rows(actor, recognitions, resolved, product_ids, kept)
    try:
        with transaction.atomic():
            insert_rows(Certificate, (*WRITTEN, *field_defaults(Certificate, WRITTEN)), rows)
            _changed, ids = _relink(product_ids)
            _check_one_valid_a_day()
    except IntegrityError:
        raise CertificationError(CONFLICT, code="conflict") from None
    certificates = []
    for values in kept or ():
        certificate = Certificate(**values)
        certificate.pk = ids[(certificate.product_id, certificate.decision_date)]
        certificate._state.adding, certificate._state.db = False, connection.alias
        certificates.append(certificate)
    sync_facts(sorted(product_ids))
    certificates_recorded.send(sender=Certificate, product_ids=sorted(product_ids))
    return certificates


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

    Rules (`ocop.certification.recognitions`): the stars are certified under the regime in force
    on the decision date, which is frozen on the certificate; the score is inside their band;
    valid for the regime's months; the issuing level and unit follow from the regime and where the
    producer is; the kind follows from the previous recognition unless the decision says so, and
    must agree with it; the previous one is superseded. The product row is locked while issuing,
    so decisions recorded at the same time are chained one after the other.
    """
    recognition = Recognition(
        product=product,
        stars=stars,
        decision_number=decision_number,
        decision_date=decision_date,
        score=score,
        kind=kind,
        issuer_name=issuer_name,
        issuer_level=issuer_level,
        issuer_unit=issuer_unit,
        valid_until=valid_until,
    )
    resolved, errors = resolve_recognitions([recognition], lock=True)
    if errors:
        raise CertificationError(errors[0])
    (certificate,) = _write(actor, [recognition], resolved)
    certificate.refresh_from_db()
    audit_log(
        actor=actor,
        action=f"certification.certificate_{certificate.kind}",
        obj=certificate,
        product=product.name,
        stars=certificate.stars,
        decision=f"{certificate.decision_number} ({decision_date:%d/%m/%Y})",
        valid_until=f"{certificate.valid_until:%d/%m/%Y}",
    )
    audit_log(actor=actor, action="registry.product_recognised", obj=product, certificate=str(certificate))
    return certificate


def revocation_problems(certificate: Certificate, *, decision_number, revoked_on, ground) -> dict:
    """Why `certificate` cannot be revoked so (by field; empty when it can): once, for one of the
    known grounds, by a numbered decision dated on or after the recognition and before the
    certificate was superseded (revoke the latest one)."""
    errors: dict[str, list[str]] = {}
    if certificate.revoked_on:
        errors.setdefault("__all__", []).append(_("Giấy chứng nhận này đã bị thu hồi."))
    if ground not in RevocationGround.values:
        errors.setdefault("ground", []).append(_("Lý do thu hồi không hợp lệ."))
    if not (decision_number or "").strip():
        errors.setdefault("decision_number", []).append(_("Thiếu số quyết định thu hồi."))
    if revoked_on is None:
        errors.setdefault("revoked_on", []).append(_("Thiếu ngày thu hồi."))
    elif revoked_on < certificate.decision_date:
        errors.setdefault("revoked_on", []).append(
            _("Ngày thu hồi không được trước ngày quyết định công nhận.")
        )
    elif certificate.status_on(revoked_on) == Status.SUPERSEDED:
        errors.setdefault("revoked_on", []).append(
            _("Giấy chứng nhận đã được thay thế bởi lần công nhận sau; hãy thu hồi giấy mới nhất.")
        )
    return errors


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
    """Revoke a certificate by decision of the certifying level, for one of the known grounds
    (`revocation_problems`). The row is locked: two revocations at once record one."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    errors = revocation_problems(
        certificate, decision_number=decision_number, revoked_on=revoked_on, ground=ground
    )
    if errors:
        raise CertificationError(errors)
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
        ground=str(RevocationGround(ground).label),
    )
    return certificate


def notify_expiring(*, today: datetime.date | None = None, actor=None) -> int:
    """Notify producer and province, once, for every certificate inside its notice window.

    Returns the number of certificates notified. Safe to run every day (and twice a day).
    """
    from ocop.certification.models import status_q
    from ocop.certification.notices import send_expiry_notice

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
