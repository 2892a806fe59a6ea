"""Writes of the evaluation workflow: rounds, councils, dossier transitions, scores, decisions.

Every function is keyword-only with the acting user, runs in one transaction, checks the rule and
the actor's right first, changes the dossier's state only through `_advance` (the transition table
in `workflow.py`), writes one audit entry and tells the people concerned. Certificates are issued
only through `ocop.certification.services.certificate_issue`.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ocop.accounts.models import Role, RoleAssignment
from ocop.certification.services import certificate_issue
from ocop.core.audit import audit_log
from ocop.core.notices import notify
from ocop.evaluation import access
from ocop.evaluation.errors import EvaluationError
from ocop.evaluation.models import (
    Council,
    CouncilMember,
    CouncilRole,
    Decision,
    Dossier,
    DossierKind,
    DossierState,
    Level,
    Round,
    Rubric,
    RubricMode,
    Score,
    ScoreLine,
    ScoreState,
)
from ocop.evaluation.rubrics import rubric_in_force
from ocop.evaluation.scoring import council_result, leaves, sheet_total
from ocop.evaluation.workflow import TRANSITIONS
from ocop.rules.selectors import regime_at


def _today(on):
    return on or timezone.localdate()


def _advance(dossier: Dossier, name: str, target: str | None = None) -> str:
    """Move a dossier along `name`, in one statement only one request can win."""
    transition = TRANSITIONS[name]
    target = target or transition.target
    changed = Dossier.objects.filter(pk=dossier.pk, state__in=transition.sources).update(
        state=target, updated_at=timezone.now()
    )
    if not changed:
        current = Dossier.objects.filter(pk=dossier.pk).values_list("state", flat=True).first()
        label = DossierState(current).label if current else "?"
        raise EvaluationError(
            _("Không thể «%(move)s» khi hồ sơ đang ở trạng thái «%(state)s».")
            % {"move": transition.label, "state": label}
        )
    previous, dossier.state = dossier.state, target
    return previous


def _tell(
    dossier: Dossier, title: str, body: str, *, producer=True, commune=False, province=False, council=False
):
    recipients = []
    if producer:
        recipients += access.producer_users(dossier.producer)
    if commune:
        recipients += access.unit_officers(dossier.commune, Role.COMMUNE_OFFICER)
    if province:
        recipients += access.unit_officers(dossier.province, Role.PROVINCE_OFFICER)
    if council:
        recipients += access.council_users(dossier.council)
    extra = [dossier.producer.email] if producer and dossier.producer.email else []
    notify(
        recipients=recipients,
        title=title,
        body=body,
        link=f"/evaluation/dossiers/{dossier.pk}/",
        kind="evaluation.dossier",
        extra_emails=extra,
    )


# ---------------------------------------------------------------- rounds and councils


@transaction.atomic
def round_create(
    *,
    actor,
    name: str,
    year: int,
    registration_opens: datetime.date,
    registration_closes: datetime.date,
    scoring_opens: datetime.date,
    scoring_closes: datetime.date,
    province=None,
    level: str = Level.PROVINCE,
) -> Round:
    """Open a round: a province's (province officer of that province) or a central one (central
    office). Windows must be in order: registration, then scoring."""
    round_ = Round(
        name=name.strip(),
        level=level,
        province=province,
        year=year,
        registration_opens=registration_opens,
        registration_closes=registration_closes,
        scoring_opens=scoring_opens,
        scoring_closes=scoring_closes,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    access.require(access.can_manage_round(actor, round_))
    errors = []
    if not round_.name:
        errors.append(_("Thiếu tên đợt đánh giá."))
    if level == Level.PROVINCE and (province is None or province.level != "province"):
        errors.append(_("Đợt cấp tỉnh phải gắn với một tỉnh/thành phố."))
    if level == Level.CENTRAL and province is not None:
        errors.append(_("Đợt trung ương không gắn với tỉnh."))
    if registration_closes < registration_opens or scoring_closes < scoring_opens:
        errors.append(_("Ngày kết thúc phải sau ngày bắt đầu."))
    if scoring_opens < registration_opens:
        errors.append(_("Thời gian chấm điểm không được trước thời gian nhận hồ sơ."))
    if errors:
        raise EvaluationError(errors)
    round_.save()
    audit_log(actor=actor, action="evaluation.round_create", obj=round_, level=level, year=year)
    return round_


@transaction.atomic
def council_create(*, actor, round_: Round, name: str, members: list[tuple]) -> Council:
    """Form a round's council from (user, role) pairs: exactly one chair, at least three who
    score, each person once. Each member gets the council-member role on this council."""
    access.require(access.can_manage_round(actor, round_))
    roles = [role for _user, role in members]
    users = [user.pk for user, _role in members]
    errors = []
    if roles.count(CouncilRole.CHAIR) != 1:
        errors.append(_("Hội đồng phải có đúng một chủ tịch."))
    if sum(role != CouncilRole.ADVISOR for role in roles) < 3:
        errors.append(_("Hội đồng cần ít nhất ba người chấm điểm."))
    if len(set(users)) != len(users):
        errors.append(_("Mỗi người chỉ giữ một vị trí trong hội đồng."))
    if errors:
        raise EvaluationError(errors)
    council = Council.objects.create(round=round_, name=name.strip() or f"Hội đồng {round_.name}")
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Council)
    for user, role in members:
        CouncilMember.objects.create(council=council, user=user, role=role)
        RoleAssignment.objects.get_or_create(
            user=user, role=Role.COUNCIL_MEMBER, unit=None, scope_type=content_type, scope_id=str(council.pk)
        )
        user.__dict__.pop("_ocop_assignments", None)
    audit_log(
        actor=actor,
        action="evaluation.council_create",
        obj=council,
        members=[f"{u} ({CouncilRole(r).label})" for u, r in members],
    )
    return council


# ---------------------------------------------------------------- the producer's side


@transaction.atomic
def dossier_create(
    *, actor, round_: Round, product, kind: str = DossierKind.NEW, rubric_code: str = "", on=None
) -> Dossier:
    """Register a product for a round (draft). Only people acting for the product's producer, only
    in a provincial round of the producer's province, during its registration window, one open
    dossier per product and round; an upgrade or re-evaluation needs an earlier certificate."""
    access.require(access.can_act_for_producer(actor, product.producer))
    on = _today(on)
    errors = []
    if round_.level != Level.PROVINCE:
        errors.append(_("Chủ thể chỉ đăng ký vào đợt đánh giá cấp tỉnh."))
    elif round_.province_id != product.producer.province_id:
        errors.append(_("Đợt đánh giá này không thuộc tỉnh của chủ thể."))
    if not (round_.registration_opens <= on <= round_.registration_closes):
        errors.append(
            _("Đợt nhận hồ sơ từ %(opens)s đến %(closes)s; hôm nay (%(today)s) không trong thời hạn.")
            % {
                "opens": f"{round_.registration_opens:%d/%m/%Y}",
                "closes": f"{round_.registration_closes:%d/%m/%Y}",
                "today": f"{on:%d/%m/%Y}",
            }
        )
    if kind not in DossierKind.values:
        errors.append(_("Loại đăng ký không hợp lệ."))
    elif kind != DossierKind.NEW and not product.certificates.exists():
        errors.append(_("Nâng hạng hoặc đánh giá lại cần sản phẩm đã có giấy chứng nhận."))
    open_states = [DossierState.WITHDRAWN, DossierState.NOT_RECOGNISED, DossierState.RECOGNISED]
    if Dossier.objects.filter(round=round_, product=product).exclude(state__in=open_states).exists():
        errors.append(_("Sản phẩm đã có hồ sơ trong đợt này."))
    if errors:
        raise EvaluationError(errors)
    producer = product.producer
    dossier = Dossier.objects.create(
        round=round_,
        product=product,
        producer=producer,
        province=producer.province,
        commune=producer.commune,
        kind=kind,
        rubric_code=rubric_code,
    )
    audit_log(actor=actor, action="evaluation.dossier_create", obj=dossier, kind=kind, round=round_.name)
    return dossier


@transaction.atomic
def dossier_update(
    *, actor, dossier: Dossier, registration=None, self_assessment=None, samples=None
) -> Dossier:
    """The producer edits the registration form, self-assessment and samples while the dossier is
    a draft or returned for more documents."""
    access.require(access.can_act_for_producer(actor, dossier.producer))
    dossier = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
    if dossier.state not in (DossierState.DRAFT, DossierState.RETURNED):
        raise EvaluationError(_("Chỉ sửa được hồ sơ đang soạn hoặc được trả lại."))
    fields = []
    if registration is not None:
        dossier.registration, fields = dict(registration), [*fields, "registration"]
    if self_assessment is not None:
        dossier.self_assessment, fields = dict(self_assessment), [*fields, "self_assessment"]
    if samples is not None:
        dossier.samples, fields = samples, [*fields, "samples"]
    dossier.save(update_fields=[*fields, "updated_at"])
    audit_log(actor=actor, action="evaluation.dossier_update", obj=dossier, fields=fields)
    return dossier


def sheet_for(*, regime, product, rubric_code: str = "") -> Rubric:
    """The sheet in force for a product under a regime: the chosen sheet code if any, else the
    product's set in that regime's taxonomy."""
    if rubric_code:
        rubric = Rubric.objects.filter(code=rubric_code, regime=regime, is_current=True).first()
        if rubric is None:
            raise EvaluationError(
                _("Không có phiếu chấm «%(sheet)s» theo %(decision)s.")
                % {"sheet": rubric_code, "decision": regime.decision}
            )
        return rubric
    product_set = product.product_set
    if product_set is None or product_set.group.taxonomy_id != regime.taxonomy_id:
        raise EvaluationError(
            _("Hãy chọn phiếu chấm: bộ sản phẩm của sản phẩm không thuộc phân nhóm của %(decision)s.")
            % {"decision": regime.decision}
        )
    return rubric_in_force(regime=regime, product_set=product_set)


@transaction.atomic
def dossier_submit(*, actor, dossier: Dossier, on=None) -> Dossier:
    """Submit (or resubmit after a return). Inside the round's registration window only. Freezes
    the regime in force on the day and its sheet; the screening level follows that regime."""
    access.require(access.can_act_for_producer(actor, dossier.producer))
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("round", "product", "producer")
        .get(pk=dossier.pk)
    )
    on = _today(on)
    round_ = dossier.round
    if dossier.state == DossierState.DRAFT and not (
        round_.registration_opens <= on <= round_.registration_closes
    ):
        raise EvaluationError(
            _("Đã hết hạn nộp hồ sơ của đợt (nhận đến %(closes)s).")
            % {"closes": f"{round_.registration_closes:%d/%m/%Y}"}
        )
    if dossier.state == DossierState.DRAFT:
        regime = regime_at(on)
        dossier.regime = regime
        dossier.rubric = sheet_for(regime=regime, product=dossier.product, rubric_code=dossier.rubric_code)
        dossier.submitted_on = on
        dossier.screening_level = regime.screening_level
    if not (dossier.registration or {}).get("contact"):
        raise EvaluationError(_("Phiếu đăng ký chưa có người liên hệ."))
    previous = _advance(dossier, "submit")
    dossier.last_comment = ""
    dossier.save(
        update_fields=["regime", "rubric", "submitted_on", "screening_level", "last_comment", "updated_at"]
    )
    audit_log(
        actor=actor,
        action="evaluation.dossier_submit",
        obj=dossier,
        previous=previous,
        regime=dossier.regime.code,
        rubric=f"{dossier.rubric.code} v{dossier.rubric.version}",
        submitted_on=f"{dossier.submitted_on:%d/%m/%Y}",
    )
    _tell(
        dossier,
        f"Hồ sơ «{dossier.product.name}» đã được nộp",
        f"Hồ sơ chờ sàng lọc ({Level(dossier.screening_level).label}).",
        commune=dossier.screening_level == Level.COMMUNE,
        province=dossier.screening_level != Level.COMMUNE,
    )
    return dossier


@transaction.atomic
def dossier_withdraw(*, actor, dossier: Dossier) -> Dossier:
    access.require(access.can_act_for_producer(actor, dossier.producer))
    previous = _advance(dossier, "withdraw")
    audit_log(actor=actor, action="evaluation.dossier_withdraw", obj=dossier, previous=previous)
    return dossier


# ---------------------------------------------------------------- screening and completeness


@transaction.atomic
def dossier_screen(
    *,
    actor,
    dossier: Dossier,
    forward: bool,
    note: str,
    local_origin: bool | None = None,
    local_labour: bool | None = None,
    idea_origin: bool | None = None,
    local_identity: bool | None = None,
) -> Dossier:
    """Screening by the commune (or, under a regime that had it, the district): confirm local
    origin, local labour, idea origin and local identity, write the note, then forward to the
    province or return to the producer with the reasons (a return needs a note)."""
    access.require(access.can_screen(actor, dossier))
    checks = {
        "local_origin": local_origin,
        "local_labour": local_labour,
        "idea_origin": idea_origin,
        "local_identity": local_identity,
    }
    note = (note or "").strip()
    if forward and any(value is None for value in checks.values()):
        raise EvaluationError(
            _("Hãy xác nhận đủ bốn nội dung: nguồn gốc, lao động, ý tưởng và bản sắc địa phương.")
        )
    if not forward and not note:
        raise EvaluationError(_("Trả lại hồ sơ cần ghi rõ lý do."))
    previous = _advance(dossier, "screen_forward" if forward else "screen_return")
    for field, value in checks.items():
        setattr(dossier, field, value)
    dossier.screening_note = note
    dossier.last_comment = "" if forward else note
    dossier.save(update_fields=[*checks, "screening_note", "last_comment", "updated_at"])
    audit_log(
        actor=actor,
        action="evaluation.dossier_screen_forward" if forward else "evaluation.dossier_screen_return",
        obj=dossier,
        previous=previous,
        level=dossier.screening_level,
        note=note,
        **{k: v for k, v in checks.items() if v is not None},
    )
    if forward:
        _tell(dossier, f"Hồ sơ «{dossier.product.name}» đã qua sàng lọc", note, province=True)
    else:
        _tell(dossier, f"Hồ sơ «{dossier.product.name}» được trả lại", note)
    return dossier


@transaction.atomic
def dossier_check(*, actor, dossier: Dossier, complete: bool, note: str = "") -> Dossier:
    """The province secretariat checks completeness: accept, or return with the reasons."""
    access.require(access.can_manage_round(actor, dossier.round))
    note = (note or "").strip()
    if not complete and not note:
        raise EvaluationError(_("Trả lại hồ sơ cần ghi rõ cần bổ sung gì."))
    previous = _advance(dossier, "accept" if complete else "return")
    dossier.last_comment = "" if complete else note
    dossier.save(update_fields=["last_comment", "updated_at"])
    audit_log(
        actor=actor,
        action="evaluation.dossier_accept" if complete else "evaluation.dossier_return",
        obj=dossier,
        previous=previous,
        note=note,
    )
    if not complete:
        _tell(dossier, f"Hồ sơ «{dossier.product.name}» cần bổ sung", note)
    return dossier


@transaction.atomic
def dossier_assign(*, actor, dossier: Dossier, council: Council) -> Dossier:
    """Give an accepted dossier to a council of its round: every member who scores gets a blank sheet."""
    access.require(access.can_manage_round(actor, dossier.round))
    if council.round_id != dossier.round_id:
        raise EvaluationError(_("Hội đồng không thuộc đợt đánh giá của hồ sơ."))
    previous = _advance(dossier, "assign")
    dossier.council = council
    dossier.save(update_fields=["council", "updated_at"])
    Score.objects.bulk_create(
        [
            Score(dossier=dossier, member_id=member.user_id)
            for member in council.members.all()
            if member.scores
        ],
        ignore_conflicts=True,
    )
    audit_log(
        actor=actor, action="evaluation.dossier_assign", obj=dossier, previous=previous, council=council.name
    )
    _tell(
        dossier,
        f"Sản phẩm «{dossier.product.name}» được giao chấm điểm",
        f"Hội đồng: {council.name}.",
        producer=False,
        council=True,
    )
    return dossier


# ---------------------------------------------------------------- scoring


def _member_score(actor, score: Score) -> Score:
    score = (
        Score.objects.select_for_update(of=("self",))
        .select_related("dossier", "dossier__rubric", "dossier__round")
        .get(pk=score.pk)
    )
    if score.member_id != getattr(actor, "pk", None):
        access.require(False)
    if score.dossier.state != DossierState.SCORING:
        raise EvaluationError(_("Sản phẩm không còn trong thời gian chấm."))
    return score


def _editable_score(actor, score: Score) -> Score:
    """The member's own draft sheet of a product being scored, locked; refused once submitted
    (until the chair reopens it) or after a conflict-of-interest declaration."""
    score = _member_score(actor, score)
    if score.state == ScoreState.SUBMITTED:
        raise EvaluationError(_("Phiếu đã nộp không sửa được; đề nghị chủ tịch hội đồng mở lại nếu cần."))
    if score.state == ScoreState.RECUSED:
        raise EvaluationError(_("Thành viên đã khai xung đột lợi ích và không chấm sản phẩm này."))
    _require_scoring_window(score)
    return score


def _require_scoring_window(score: Score) -> None:
    """Sheets are written only inside the round's scoring window [scoring_opens, scoring_closes].
    After the window closes, only a sheet the chair explicitly reopened (`score_reopen`, audited
    with a reason) may still be corrected; before it opens nothing may be written."""
    round_ = score.dossier.round
    today = timezone.localdate()
    if today < round_.scoring_opens:
        raise EvaluationError(
            _("Chưa đến thời gian chấm điểm của đợt (chấm từ %(opens)s); phiếu chưa được lưu.")
            % {"opens": f"{round_.scoring_opens:%d/%m/%Y}"}
        )
    if today > round_.scoring_closes and not score.reopened:
        raise EvaluationError(
            _(
                "Đã hết thời gian chấm điểm của đợt (chấm đến %(closes)s); phiếu không được lưu. "
                "Chỉ chủ tịch hội đồng mở lại phiếu thì mới sửa được."
            )
            % {"closes": f"{round_.scoring_closes:%d/%m/%Y}"}
        )


@transaction.atomic
def score_save(
    *,
    actor,
    score: Score,
    choices: dict | None = None,
    parts: dict | None = None,
    comments: dict | None = None,
    knockouts: list | None = None,
    comment: str = "",
    no_conflict: bool = False,
    submit: bool = False,
) -> Score:
    """A member fills their own sheet (draft) and, with `submit`, hands it in. Rules: only their
    own sheet, only while the product is being scored, never after submitting (unless the chair
    reopens it); submitting needs the no-conflict declaration and every criterion answered."""
    score = _editable_score(actor, score)
    rubric = score.dossier.rubric
    result = sheet_total(rubric, choices=choices, parts=parts)
    allowed_knockouts = {c.number for c in rubric.criteria.exclude(knockout="")} | {
        k["code"] for k in rubric.sheet_knockouts
    }
    knockouts = [str(k) for k in (knockouts or [])]
    if set(knockouts) - allowed_knockouts:
        raise EvaluationError(_("Điều kiện loại không có trong phiếu chấm."))
    if submit:
        errors = []
        if not no_conflict:
            errors.append(_("Hãy cam kết không có xung đột lợi ích trước khi nộp phiếu."))
        if result.missing:
            errors.append(_("Chưa chấm: %(criteria)s.") % {"criteria": ", ".join(result.missing)})
        if errors:
            raise EvaluationError(errors)
    comments = {str(k): str(v) for k, v in (comments or {}).items() if v}
    if rubric.mode == RubricMode.CRITERIA:
        ScoreLine.objects.filter(score=score).delete()
        by_number = {c.number: c for c in leaves(rubric)}
        ScoreLine.objects.bulk_create(
            [
                ScoreLine(
                    score=score,
                    criterion=by_number[number],
                    option_id=int((choices or {})[number]),
                    points=points,
                    comment=comments.get(number, ""),
                )
                for number, points in result.points.items()
            ]
        )
    score.part_a, score.part_b, score.part_c = (result.parts.get(code) for code in "ABC")
    score.total = result.total
    score.knockouts = knockouts
    score.comment = comment
    score.no_conflict = no_conflict
    if submit:
        score.state, score.submitted_at = ScoreState.SUBMITTED, timezone.now()
    score.save()
    if submit:
        audit_log(
            actor=actor,
            action="evaluation.score_submit",
            obj=score.dossier,
            member=str(actor),
            total=str(score.total),
            knockouts=knockouts,
        )
    return score


@transaction.atomic
def score_upload(*, actor, score: Score, upload, submit: bool = False) -> Score:
    """A member's sheet scored offline and uploaded back (the .xlsx downloaded from their sheet).
    Read strictly (`offline_sheets.read_score_workbook`): another member's, dossier's or rubric
    version's sheet, a value that is not one of the criterion's points or outside the part's range,
    a missing or repeated row is refused with its cell, and nothing is saved. Then saved by
    `score_save` under the same rules as the page (own sheet, product being scored, blind, no
    change after submitting unless the chair reopens it)."""
    from ocop.evaluation.offline_sheets import read_score_workbook

    score = _editable_score(actor, score)
    filled = read_score_workbook(score, upload, submit=submit)
    score = score_save(actor=actor, score=score, submit=submit, **filled.as_arguments())
    audit_log(
        actor=actor,
        action="evaluation.score_upload",
        obj=score.dossier,
        member=str(actor),
        file=getattr(upload, "name", ""),
        total=f"{score.total:.2f}",
        submitted=submit,
    )
    return score


@transaction.atomic
def score_recuse(*, actor, score: Score, note: str) -> Score:
    """A member declares a conflict of interest: they do not score this product."""
    score = _member_score(actor, score)
    if score.state != ScoreState.DRAFT:
        raise EvaluationError(_("Chỉ khai xung đột lợi ích trước khi nộp phiếu."))
    if not (note or "").strip():
        raise EvaluationError(_("Hãy nêu xung đột lợi ích."))
    score.state, score.conflict_note = ScoreState.RECUSED, note.strip()
    score.save(update_fields=["state", "conflict_note", "updated_at"])
    audit_log(actor=actor, action="evaluation.score_recuse", obj=score.dossier, member=str(actor), note=note)
    return score


@transaction.atomic
def score_reopen(*, actor, score: Score, reason: str) -> Score:
    """The chair reopens a submitted sheet so the member can correct it (audited, with a reason)."""
    score = Score.objects.select_for_update(of=("self",)).select_related("dossier__council").get(pk=score.pk)
    access.require(access.is_chair(actor, score.dossier.council))
    if score.dossier.state != DossierState.SCORING or score.state != ScoreState.SUBMITTED:
        raise EvaluationError(_("Chỉ mở lại phiếu đã nộp của sản phẩm đang chấm."))
    if not (reason or "").strip():
        raise EvaluationError(_("Mở lại phiếu cần ghi lý do."))
    score.state, score.submitted_at = ScoreState.DRAFT, None
    score.reopened += 1
    score.save(update_fields=["state", "submitted_at", "reopened", "updated_at"])
    audit_log(
        actor=actor,
        action="evaluation.score_reopen",
        obj=score.dossier,
        member=str(score.member),
        reason=reason,
    )
    notify(
        recipients=[score.member],
        title=f"Phiếu chấm «{score.dossier.product.name}» được mở lại",
        body=reason,
        link=f"/evaluation/scores/{score.pk}/",
        kind="evaluation.score",
    )
    return score


def submitted_sheets(dossier: Dossier) -> list[dict]:
    sheets = []
    for score in (
        dossier.scores.filter(state=ScoreState.SUBMITTED)
        .select_related("member")
        .prefetch_related("lines__criterion")
    ):
        sheets.append(
            {
                "member": str(score.member),
                "total": score.total,
                "parts": {"A": score.part_a, "B": score.part_b, "C": score.part_c},
                "points": {line.criterion.number: line.points for line in score.lines.all()},
                "knockouts": list(score.knockouts),
            }
        )
    return sheets


@transaction.atomic
def dossier_close(*, actor, dossier: Dossier) -> Dossier:
    """The chair closes a product once every member has submitted or recused: the average, the
    band of the frozen regime, mandatory criteria and knock-outs, members far from the mean, and
    (province rounds) the potential-5★ mark at the regime's forward threshold."""
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("council", "regime", "rubric", "round")
        .get(pk=dossier.pk)
    )
    access.require(access.is_chair(actor, dossier.council))
    pending = dossier.scores.filter(state=ScoreState.DRAFT).count()
    if dossier.state == DossierState.SCORING and pending:
        raise EvaluationError(
            ngettext(
                "Còn %(count)d thành viên chưa nộp phiếu chấm.",
                "Còn %(count)d thành viên chưa nộp phiếu chấm.",
                pending,
            )
            % {"count": pending}
        )
    sheets = submitted_sheets(dossier)
    result = council_result(rubric=dossier.rubric, regime=dossier.regime, sheets=sheets)
    _advance(dossier, "close")
    dossier.score, dossier.stars = result.score, result.stars
    dossier.part_scores = {
        **{code: str(value) for code, value in result.parts.items()},
        "members": len(sheets),
        "band": result.band_stars,
        "outliers": result.outliers,
    }
    dossier.result_reasons = result.reasons
    dossier.potential_five_star = (
        dossier.round.level != Level.CENTRAL
        and not result.knocked_out
        and result.stars >= 5
        and result.score >= dossier.regime.forward_threshold
    )
    dossier.save(
        update_fields=["score", "stars", "part_scores", "result_reasons", "potential_five_star", "updated_at"]
    )
    audit_log(
        actor=actor,
        action="evaluation.dossier_close",
        obj=dossier,
        score=str(result.score),
        stars=result.stars,
        reasons=result.reasons,
        outliers=result.outliers,
    )
    _tell(
        dossier,
        f"Đã chấm xong «{dossier.product.name}»",
        f"Điểm trung bình {result.score}. " + " ".join(result.reasons),
        province=True,
    )
    return dossier


# ---------------------------------------------------------------- decisions


@transaction.atomic
def decision_issue(
    *,
    actor,
    round_: Round,
    number: str,
    date: datetime.date,
    signer: str,
    issuer_name: str,
    dossiers: list[Dossier],
) -> Decision:
    """Record a recognition decision on scored dossiers of one round. Each dossier reaching the
    regime's certified stars (and not knocked out) gets a certificate through the certification
    service — new, renewed, upgraded or downgraded follows from the product's previous one, which
    is superseded; a provincial decision certifies at most the regime's provincial stars (a 5★
    result is certified 4★ and stays potential 5★); a central decision certifies only 5★. The
    issuing level and unit follow the regime in force on the decision date (the certification
    service's rule). The others are not recognised, with the reasons shown to the producer."""
    access.require(access.can_manage_round(actor, round_))
    if not (number or "").strip() or not (signer or "").strip():
        raise EvaluationError(_("Quyết định cần số và người ký."))
    if not dossiers:
        raise EvaluationError(_("Quyết định phải có ít nhất một hồ sơ."))
    if any(d.round_id != round_.pk for d in dossiers):
        raise EvaluationError(_("Mọi hồ sơ của quyết định phải thuộc cùng đợt đánh giá."))
    decision = Decision.objects.create(
        round=round_,
        number=number.strip(),
        date=date,
        signer=signer.strip(),
        issuer_name=issuer_name.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    central = round_.level == Level.CENTRAL
    recognised = 0
    for dossier in dossiers:
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("regime", "product", "origin")
            .get(pk=dossier.pk)
        )
        regime = dossier.regime
        stars = dossier.stars or 0
        certify = stars if central else min(stars, regime.max_local_stars)
        reasons = list(dossier.result_reasons)
        if central and stars < 5:
            certify = 0
            reasons.append("Hội đồng trung ương không công nhận 5 sao; sản phẩm giữ hạng sao cấp tỉnh.")
        elif certify < regime.min_certified_stars and stars:
            reasons.append(f"Điểm {dossier.score} đạt {stars} sao, chưa đủ hạng được công nhận.")
        if certify >= regime.min_certified_stars:
            certificate = certificate_issue(
                actor=actor,
                product=dossier.product,
                stars=certify,
                decision_number=decision.number,
                decision_date=date,
                # A result certified below its band (potential 5★ at the province, a mandatory
                # criterion not met) keeps its score on the dossier, not on the certificate.
                score=dossier.score if regime.stars_for(dossier.score) == certify else None,
                issuer_name=issuer_name,
            )
            _advance(dossier, "decide", DossierState.RECOGNISED)
            dossier.certificate = certificate
            recognised += 1
        else:
            _advance(dossier, "decide", DossierState.NOT_RECOGNISED)
        dossier.decision = decision
        dossier.result_reasons = reasons
        dossier.save(update_fields=["certificate", "decision", "result_reasons", "updated_at"])
        if central and dossier.origin_id:
            Dossier.objects.filter(pk=dossier.origin_id).update(potential_five_star=False)
        _tell(
            dossier,
            f"Kết quả đánh giá «{dossier.product.name}»",
            (
                f"Được công nhận {certify} sao theo QĐ {decision.number}."
                if dossier.certificate_id
                else "Không được công nhận. "
            )
            + " ".join(reasons),
        )
    audit_log(
        actor=actor,
        action="evaluation.decision_issue",
        obj=decision,
        dossiers=len(dossiers),
        recognised=recognised,
        signer=signer,
    )
    return decision


@transaction.atomic
def dossier_forward(*, actor, dossier: Dossier, central_round: Round) -> Dossier:
    """Send a potential-5★ product to a central round: a new dossier there, already accepted, on
    the same frozen regime and sheet."""
    access.require(
        access.can_manage_round(actor, central_round) or access.can_manage_round(actor, dossier.round)
    )
    if central_round.level != Level.CENTRAL:
        raise EvaluationError(_("Chỉ chuyển lên đợt đánh giá trung ương."))
    if not dossier.potential_five_star or dossier.state != DossierState.RECOGNISED:
        raise EvaluationError(
            _("Chỉ sản phẩm tiềm năng 5 sao đã có quyết định cấp tỉnh mới được chuyển lên.")
        )
    if hasattr(dossier, "central_dossier"):
        raise EvaluationError(_("Sản phẩm đã được chuyển lên trung ương."))
    central = Dossier.objects.create(
        round=central_round,
        product=dossier.product,
        producer=dossier.producer,
        province=dossier.province,
        commune=dossier.commune,
        kind=DossierKind.UPGRADE,
        state=DossierState.ACCEPTED,
        regime=dossier.regime,
        rubric=dossier.rubric,
        submitted_on=dossier.submitted_on,
        registration=dossier.registration,
        self_assessment=dossier.self_assessment,
        screening_level=dossier.screening_level,
        origin=dossier,
    )
    audit_log(
        actor=actor,
        action="evaluation.dossier_forward",
        obj=central,
        origin=dossier.pk,
        score=str(dossier.score),
    )
    _tell(
        central, f"«{dossier.product.name}» được chuyển lên hội đồng trung ương", "Sản phẩm tiềm năng 5 sao."
    )
    return central


# ---------------------------------------------------------------- evidence


@transaction.atomic
def evidence_add(*, actor, dossier: Dossier, upload, title: str = "", criterion_number: str = ""):
    """Attach a document to a dossier (optionally to one criterion). Rules: only for the producer,
    while the dossier can be edited; pdf, png, jpeg, docx or xlsx judged from the content; at most
    10 MB; stored in private storage."""
    from ocop.evaluation.evidence import KINDS, MAX_BYTES, sniff_upload
    from ocop.evaluation.models import Evidence

    access.require(access.can_act_for_producer(actor, dossier.producer))
    if dossier.state not in (DossierState.DRAFT, DossierState.RETURNED):
        raise EvaluationError(_("Chỉ bổ sung tài liệu khi hồ sơ đang soạn hoặc được trả lại."))
    errors = []
    if upload.size > MAX_BYTES:
        errors.append(
            _("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB.")
            % {"size": upload.size // 1024 // 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    content_type = sniff_upload(upload)
    if content_type is None:
        errors.append(
            _("Chỉ nhận tệp PDF, ảnh PNG/JPEG, Word (.docx) hoặc Excel (.xlsx) — theo nội dung tệp.")
        )
    if (
        criterion_number
        and dossier.rubric_id
        and not dossier.rubric.criteria.filter(number=criterion_number).exists()
    ):
        errors.append(_("Phiếu chấm không có tiêu chí %(number)s.") % {"number": criterion_number})
    if errors:
        raise EvaluationError(errors)
    upload.name = f"hs{dossier.pk}{KINDS[content_type]}"
    evidence = Evidence.objects.create(
        dossier=dossier,
        criterion_number=criterion_number,
        title=(title or "").strip() or "Tài liệu minh chứng",
        file=upload,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_log(
        actor=actor,
        action="evaluation.evidence_add",
        obj=dossier,
        title=evidence.title,
        criterion=criterion_number,
    )
    return evidence


@transaction.atomic
def regime_confirm(*, actor, regime):
    """An administrator confirms a regime recorded as unverified (QĐ 26/2026): from then on it
    applies from its start date to dossiers submitted and decisions taken."""
    from ocop.rules.selectors import clear_cache

    if regime.verified:
        raise EvaluationError(_("Quy định này đã được xác nhận."))
    regime.verified = True
    regime.save(update_fields=["verified"])
    clear_cache()
    audit_log(actor=actor, action="rules.regime_confirm", obj=regime, code=regime.code)
    return regime
