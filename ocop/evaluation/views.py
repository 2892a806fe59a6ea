"""Pages of the evaluation workflow, by audience: the producer, the commune, the province (and the
central office for 5★ rounds), the council member. Views parse input and call the services; each
page offers only the moves the transition table allows now."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.models import User
from ocop.accounts.permissions import capability_required, scope_for
from ocop.core.templatetags.ocop_format import vn_number
from ocop.evaluation import access as rules_of_access
from ocop.evaluation import selectors, services
from ocop.evaluation.errors import EvaluationError
from ocop.evaluation.models import (
    CouncilRole,
    Decision,
    Dossier,
    DossierKind,
    DossierState,
    Evidence,
    Level,
    Round,
    RubricMode,
    Score,
    ScoreState,
)
from ocop.evaluation.rubrics import check_rubric_text, rubric_in_force, rubric_load
from ocop.evaluation.scoring import sheet_total
from ocop.evaluation.workflow import allowed_moves
from ocop.rules.models import ProductSet, Regime
from ocop.rules.selectors import regime_at

SCREEN_FIELDS = [
    ("local_origin", _lazy("Nguyên liệu, nguồn gốc tại địa phương")),
    ("local_labour", _lazy("Sử dụng lao động địa phương")),
    ("idea_origin", _lazy("Ý tưởng sản phẩm của địa phương")),
    ("local_identity", _lazy("Mang bản sắc, lợi thế của địa phương")),
]


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


def _flash(request, error: ValidationError) -> None:
    for message in _errors(error):
        messages.error(request, message)


def prospective_rubric(dossier: Dossier):
    """The frozen sheet, or for a draft the sheet it would be frozen on if submitted today."""
    if dossier.rubric_id:
        return dossier.rubric
    try:
        return services.sheet_for(
            regime=regime_at(timezone.localdate()), product=dossier.product, rubric_code=dossier.rubric_code
        )
    except EvaluationError:
        return None


def sheet_context(rubric, choices=None, parts=None):
    """Criteria grouped by part and group for the sheet templates, with the live total."""
    if rubric is None:
        return {}
    try:
        total = sheet_total(rubric, choices=choices, parts=parts)
    except EvaluationError:
        total = sheet_total(rubric)
    regime = rubric.regime
    criteria = list(rubric.criteria.select_related("part").prefetch_related("options"))
    layout = []
    for part in rubric.parts.all():
        groups = []
        for criterion in criteria:
            if criterion.part_id != part.pk:
                continue
            if not groups or groups[-1]["number"] != criterion.group_number:
                groups.append(
                    {"number": criterion.group_number, "name": criterion.group_name, "criteria": []}
                )
            groups[-1]["criteria"].append(criterion)
        layout.append({"part": part, "groups": groups, "value": (parts or {}).get(part.code, "")})
    return {
        "rubric": rubric,
        "layout": layout,
        "choices": {str(k): str(v) for k, v in (choices or {}).items()},
        "total": total,
        "would_be": regime.stars_for(total.total),
        "thresholds": regime.star_thresholds,
    }


# ------------------------------------------------------------------ producer


class RegisterForm(forms.Form):
    round = forms.ModelChoiceField(label=_lazy("Đợt đánh giá"), queryset=Round.objects.none())
    product = forms.ModelChoiceField(label=_lazy("Sản phẩm"), queryset=None)
    kind = forms.ChoiceField(label=_lazy("Loại đăng ký"), choices=DossierKind.choices)
    rubric_code = forms.CharField(label=_lazy("Mã phiếu chấm (nếu chọn phiếu riêng)"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        producers = selectors.producers_of(user)
        self.fields["product"].queryset = selectors.products_of_producer(user)
        rounds = Round.objects.none()
        for producer in producers[:20]:
            rounds = rounds | selectors.open_rounds_for(producer, today)
        self.fields["round"].queryset = rounds


@access(capability=caps.SUBMIT_DOSSIER)
@capability_required(caps.SUBMIT_DOSSIER)
def my_dossiers(request):
    if scope_for(request.user, caps.SUBMIT_DOSSIER).empty:
        raise PermissionDenied
    form = RegisterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_create(
                actor=request.user,
                round_=form.cleaned_data["round"],
                product=form.cleaned_data["product"],
                kind=form.cleaned_data["kind"],
                rubric_code=form.cleaned_data["rubric_code"].strip(),
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(
                request, _("Đã tạo hồ sơ. Hãy điền phiếu đăng ký, tự đánh giá và tải minh chứng.")
            )
            return redirect("evaluation:my_dossier", pk=dossier.pk)
    dossiers = selectors.dossiers_of_producer(request.user).order_by("-created_at")
    return render(request, "evaluation/my_dossiers.html", {"dossiers": dossiers, "form": form})


def _my_dossier(request, pk) -> Dossier:
    return get_object_or_404(selectors.dossiers_of_producer(request.user), pk=pk)


@access(capability=caps.SUBMIT_DOSSIER, object="dossier")
@capability_required(caps.SUBMIT_DOSSIER)
def my_dossier(request, pk):
    dossier = _my_dossier(request, pk)
    rubric = prospective_rubric(dossier)
    assessment = dossier.self_assessment or {}
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "evidence":
                upload = request.FILES.get("file")
                if upload is None:
                    raise EvaluationError(_("Hãy chọn tệp."))
                services.evidence_add(
                    actor=request.user,
                    dossier=dossier,
                    upload=upload,
                    title=request.POST.get("title", ""),
                    criterion_number=request.POST.get("criterion", ""),
                )
                messages.success(request, _("Đã tải lên tài liệu minh chứng."))
            elif action == "withdraw":
                services.dossier_withdraw(actor=request.user, dossier=dossier)
                messages.success(request, _("Đã rút hồ sơ."))
            else:
                choices = {k[2:]: v for k, v in request.POST.items() if k.startswith("c_") and v}
                parts = {code: request.POST.get(f"part_{code}", "") for code in "ABC"}
                if rubric is not None:
                    sheet_total(rubric, choices=choices, parts=parts)  # refuses impossible answers
                services.dossier_update(
                    actor=request.user,
                    dossier=dossier,
                    registration={
                        "contact": request.POST.get("contact", "").strip(),
                        "phone": request.POST.get("phone", "").strip(),
                        "description": request.POST.get("description", "").strip(),
                        "answer": request.POST.get("answer", "").strip(),
                    },
                    self_assessment={"choices": choices, "parts": parts},
                    samples=request.POST.get("samples", ""),
                )
                if action == "submit":
                    services.dossier_submit(actor=request.user, dossier=dossier)
                    messages.success(request, _("Đã nộp hồ sơ."))
                else:
                    messages.success(request, _("Đã lưu hồ sơ."))
        except ValidationError as error:
            _flash(request, error)
        return redirect("evaluation:my_dossier", pk=dossier.pk)
    context = {
        "dossier": dossier,
        "editable": dossier.state in (DossierState.DRAFT, DossierState.RETURNED),
        "evidence": dossier.evidence.all(),
        "moves": allowed_moves(dossier.state),
        **sheet_context(rubric, assessment.get("choices"), assessment.get("parts")),
    }
    return render(request, "evaluation/my_dossier.html", context)


def _send_evidence(dossier: Dossier, file_id):
    evidence = get_object_or_404(Evidence, dossier=dossier, pk=file_id)
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = f'attachment; filename="{evidence.file.name.rsplit("/", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _evidence_list(request, dossier: Dossier, back: str):
    if request.GET.get("file"):
        return _send_evidence(dossier, request.GET["file"])
    return render(
        request,
        "evaluation/evidence_list.html",
        {"dossier": dossier, "evidence": dossier.evidence.all(), "back": back},
    )


@access(capability=caps.SUBMIT_DOSSIER, object="dossier")
@capability_required(caps.SUBMIT_DOSSIER)
def my_evidence(request, pk):
    dossier = _my_dossier(request, pk)
    return _evidence_list(request, dossier, "evaluation:my_dossier")


@access(public=True)
def simulator(request):
    """Self-assessment simulator: any sheet, a live total and the star it would give."""
    regimes = Regime.objects.filter(verified=True).exclude(part_a_max=None).order_by("-valid_from")
    regime = regimes.filter(code=request.GET.get("regime")).first() or regime_at(timezone.localdate())
    sets = ProductSet.objects.filter(group__taxonomy=regime.taxonomy).select_related("group")
    rubric = None
    code = request.GET.get("rubric", "")
    product_set = sets.filter(code=request.GET.get("set")).first()
    from ocop.evaluation.models import Rubric

    if code:
        rubric = Rubric.objects.filter(code=code, is_current=True).first()
    elif product_set:
        rubric = rubric_in_force(regime=regime, product_set=product_set)
    choices = {k[2:]: v for k, v in request.GET.items() if k.startswith("c_") and v}
    parts = {c: request.GET.get(f"part_{c}", "") for c in "ABC"}
    context = {
        "regimes": regimes,
        "regime": regime,
        "sets": sets,
        "product_set": product_set,
        "sheets": Rubric.objects.filter(is_current=True, regime=regime).order_by("name"),
        **sheet_context(rubric, choices, parts),
    }
    return render(request, "evaluation/simulator.html", context)


# ------------------------------------------------------------------ commune screening


@access(capability=caps.SCREEN_DOSSIER)
@capability_required(caps.SCREEN_DOSSIER)
def screening_list(request):
    dossiers = selectors.dossiers_to_screen(request.user).order_by("state", "-submitted_on")
    return render(request, "evaluation/screening_list.html", {"dossiers": dossiers})


@access(capability=caps.SCREEN_DOSSIER, object="dossier")
@capability_required(caps.SCREEN_DOSSIER)
def screen(request, pk):
    dossier = get_object_or_404(selectors.dossiers_to_screen(request.user), pk=pk)
    if request.method == "POST":
        flag = {"yes": True, "no": False}
        try:
            services.dossier_screen(
                actor=request.user,
                dossier=dossier,
                forward=request.POST.get("action") == "forward",
                note=request.POST.get("note", ""),
                **{
                    name: flag.get(request.POST.get(name, ""))
                    for name in ("local_origin", "local_labour", "idea_origin", "local_identity")
                },
            )
            messages.success(request, _("Đã ghi kết quả sàng lọc."))
            return redirect("evaluation:screening")
        except ValidationError as error:
            _flash(request, error)
    return render(
        request,
        "evaluation/screen.html",
        {
            "dossier": dossier,
            "moves": allowed_moves(dossier.state),
            "evidence": dossier.evidence.all(),
            "screen_fields": SCREEN_FIELDS,
        },
    )


@access(capability=caps.SCREEN_DOSSIER, object="dossier")
@capability_required(caps.SCREEN_DOSSIER)
def screen_evidence(request, pk):
    dossier = get_object_or_404(selectors.dossiers_to_screen(request.user), pk=pk)
    return _evidence_list(request, dossier, "evaluation:screen")


# ------------------------------------------------------------------ province / central office


class RoundForm(forms.Form):
    name = forms.CharField(label=_lazy("Tên đợt"), max_length=200)
    year = forms.IntegerField(label=_lazy("Năm"), min_value=2018, max_value=2100)
    level = forms.ChoiceField(
        label=_lazy("Cấp"),
        choices=[(Level.PROVINCE, Level.PROVINCE.label), (Level.CENTRAL, Level.CENTRAL.label)],
    )
    province = forms.ModelChoiceField(label=_lazy("Tỉnh/thành phố"), queryset=None, required=False)
    registration_opens = forms.DateField(
        label=_lazy("Nhận hồ sơ từ"), widget=forms.DateInput(attrs={"type": "date"})
    )
    registration_closes = forms.DateField(
        label=_lazy("Nhận hồ sơ đến"), widget=forms.DateInput(attrs={"type": "date"})
    )
    scoring_opens = forms.DateField(
        label=_lazy("Chấm điểm từ"), widget=forms.DateInput(attrs={"type": "date"})
    )
    scoring_closes = forms.DateField(
        label=_lazy("Chấm điểm đến"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from ocop.accounts.permissions import units_in_scope
        from ocop.geo.models import AdminUnit

        self.fields["province"].queryset = units_in_scope(
            user, caps.MANAGE_EVALUATION, AdminUnit.objects.filter(scheme="current", level="province")
        ).order_by("code")


@access(capability=caps.MANAGE_EVALUATION)
@capability_required(caps.MANAGE_EVALUATION)
def round_list(request):
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.round_create(
                actor=request.user,
                name=data["name"],
                year=data["year"],
                level=data["level"],
                province=data["province"] if data["level"] == Level.PROVINCE else None,
                registration_opens=data["registration_opens"],
                registration_closes=data["registration_closes"],
                scoring_opens=data["scoring_opens"],
                scoring_closes=data["scoring_closes"],
            )
            return redirect("evaluation:round", pk=round_.pk)
        except PermissionDenied:
            form.add_error("province", _("Bạn không quản lý đợt đánh giá ở đây."))
        except ValidationError as error:
            form.add_error(None, _errors(error))
    rounds = selectors.managed_rounds(request.user).select_related("province")
    return render(request, "evaluation/round_list.html", {"rounds": rounds, "form": form})


@access(capability=caps.MANAGE_EVALUATION, object="round")
@capability_required(caps.MANAGE_EVALUATION)
def round_detail(request, pk):
    round_ = get_object_or_404(selectors.managed_rounds(request.user), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "council":
                members = []
                for key, role in (("chair", CouncilRole.CHAIR), ("secretary", CouncilRole.SECRETARY)):
                    if request.POST.get(key):
                        members.append((_user(request.POST[key]), role))
                for name in request.POST.get("members", "").replace(",", " ").split():
                    members.append((_user(name), CouncilRole.MEMBER))
                services.council_create(
                    actor=request.user, round_=round_, name=request.POST.get("name", ""), members=members
                )
                messages.success(request, _("Đã lập hội đồng."))
            elif action == "decision":
                ids = request.POST.getlist("dossier")
                services.decision_issue(
                    actor=request.user,
                    round_=round_,
                    number=request.POST.get("number", ""),
                    date=datetime.date.fromisoformat(
                        request.POST.get("date") or timezone.localdate().isoformat()
                    ),
                    signer=request.POST.get("signer", ""),
                    issuer_name=request.POST.get("issuer_name", ""),
                    dossiers=list(round_.dossiers.filter(pk__in=ids, state=DossierState.SCORED)),
                )
                messages.success(request, _("Đã ban hành quyết định công nhận."))
        except (ValidationError, ValueError) as error:
            _flash(request, error if isinstance(error, ValidationError) else EvaluationError(str(error)))
        return redirect("evaluation:round", pk=round_.pk)
    dossiers = round_.dossiers.select_related("product", "producer", "council").order_by(
        "state", "product__name"
    )
    return render(
        request,
        "evaluation/round_detail.html",
        {
            "round": round_,
            "dossiers": dossiers,
            "councils": round_.councils.prefetch_related("members__user"),
            "decisions": round_.decisions.all(),
            "scored": [d for d in dossiers if d.state == DossierState.SCORED],
            "central_rounds": Round.objects.filter(level=Level.CENTRAL).order_by("-year")[:5],
        },
    )


def _user(username: str) -> User:
    user = User.objects.filter(username=username.strip()).first()
    if user is None:
        raise EvaluationError(_("Không có tài khoản «%(name)s».") % {"name": username})
    return user


@access(capability=caps.MANAGE_EVALUATION, object="dossier")
@capability_required(caps.MANAGE_EVALUATION)
def dossier_detail(request, pk):
    dossier = get_object_or_404(selectors.managed_dossiers(request.user), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        note = request.POST.get("note", "")
        try:
            if action in ("accept", "return"):
                services.dossier_check(
                    actor=request.user, dossier=dossier, complete=action == "accept", note=note
                )
            elif action in ("screen_forward", "screen_return"):
                flag = {"yes": True, "no": False}
                services.dossier_screen(
                    actor=request.user,
                    dossier=dossier,
                    forward=action == "screen_forward",
                    note=note,
                    **{
                        name: flag.get(request.POST.get(name, ""))
                        for name in ("local_origin", "local_labour", "idea_origin", "local_identity")
                    },
                )
            elif action == "assign":
                council = get_object_or_404(dossier.round.councils, pk=request.POST.get("council"))
                services.dossier_assign(actor=request.user, dossier=dossier, council=council)
            elif action == "forward":
                central = get_object_or_404(Round, pk=request.POST.get("central_round"), level=Level.CENTRAL)
                services.dossier_forward(actor=request.user, dossier=dossier, central_round=central)
            messages.success(request, _("Đã cập nhật hồ sơ."))
        except PermissionDenied:
            messages.error(request, _("Bạn không có quyền thực hiện thao tác này."))
        except ValidationError as error:
            _flash(request, error)
        return redirect("evaluation:dossier", pk=dossier.pk)
    closed = dossier.state in (DossierState.SCORED, DossierState.RECOGNISED, DossierState.NOT_RECOGNISED)
    return render(
        request,
        "evaluation/dossier_detail.html",
        {
            "dossier": dossier,
            "moves": [m for m in allowed_moves(dossier.state) if m.actor in ("province", "screener")],
            "can_screen": rules_of_access.can_screen(request.user, dossier),
            "screen_fields": SCREEN_FIELDS,
            "councils": dossier.round.councils.all(),
            "scores": dossier.scores.select_related("member") if closed else [],
            "evidence": dossier.evidence.all(),
            "central_rounds": Round.objects.filter(level=Level.CENTRAL).order_by("-year")[:5],
        },
    )


@access(capability=caps.MANAGE_EVALUATION, object="dossier")
@capability_required(caps.MANAGE_EVALUATION)
def dossier_evidence(request, pk):
    dossier = get_object_or_404(selectors.managed_dossiers(request.user), pk=pk)
    return _evidence_list(request, dossier, "evaluation:dossier")


# ------------------------------------------------------------------ council member


@access(capability=caps.SCORE_PRODUCT)
@capability_required(caps.SCORE_PRODUCT)
def assignments(request):
    scores = selectors.assignments_of(request.user).order_by("state", "dossier__product__name")
    return render(request, "evaluation/assignments.html", {"scores": scores})


def _my_score(request, pk) -> Score:
    return get_object_or_404(selectors.assignments_of(request.user), pk=pk)


@access(capability=caps.SCORE_PRODUCT, object="score")
@capability_required(caps.SCORE_PRODUCT)
def score_sheet(request, pk):
    score = _my_score(request, pk)
    dossier = score.dossier
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "recuse":
                services.score_recuse(
                    actor=request.user, score=score, note=request.POST.get("conflict_note", "")
                )
            elif action == "reopen":
                other = get_object_or_404(dossier.scores, pk=request.POST.get("score"))
                services.score_reopen(actor=request.user, score=other, reason=request.POST.get("reason", ""))
            elif action == "close":
                services.dossier_close(actor=request.user, dossier=dossier)
                messages.success(request, _("Đã kết thúc chấm sản phẩm."))
            elif action in ("upload", "upload_submit"):
                upload = request.FILES.get("sheet")
                if upload is None:
                    raise EvaluationError(_("Hãy chọn tệp phiếu chấm (.xlsx) đã ghi điểm."))
                score = services.score_upload(
                    actor=request.user, score=score, upload=upload, submit=action == "upload_submit"
                )
                done = (
                    _("Đã nhận phiếu chấm từ tệp và nộp phiếu, tổng điểm %(total)s.")
                    if action == "upload_submit"
                    else _("Đã nhận phiếu chấm từ tệp (lưu nháp), tổng điểm %(total)s.")
                )
                messages.success(request, done % {"total": vn_number(score.total, 2)})
            else:
                services.score_save(
                    actor=request.user,
                    score=score,
                    choices={k[2:]: v for k, v in request.POST.items() if k.startswith("c_") and v},
                    parts={c: request.POST.get(f"part_{c}", "") for c in "ABC"},
                    comments={k[8:]: v for k, v in request.POST.items() if k.startswith("comment_")},
                    knockouts=request.POST.getlist("knockout"),
                    comment=request.POST.get("comment", ""),
                    no_conflict=request.POST.get("no_conflict") == "on",
                    submit=action == "submit",
                )
                messages.success(
                    request, _("Đã nộp phiếu chấm.") if action == "submit" else _("Đã lưu nháp.")
                )
        except PermissionDenied:
            messages.error(request, _("Chỉ chủ tịch hội đồng được thực hiện thao tác này."))
        except ValidationError as error:
            _flash(request, error)
        return redirect("evaluation:score", pk=score.pk)
    lines = {line.criterion.number: line for line in score.lines.select_related("criterion")}
    choices = {number: line.option_id for number, line in lines.items()}
    parts = {"A": score.part_a or "", "B": score.part_b or "", "C": score.part_c or ""}
    seat = rules_of_access.seat(request.user, dossier.council)
    context = {
        "score": score,
        "dossier": dossier,
        "editable": score.state == ScoreState.DRAFT and dossier.state == DossierState.SCORING,
        "comments": {number: line.comment for number, line in lines.items()},
        "others": selectors.visible_scores(score),
        "is_chair": seat is not None and seat.role == CouncilRole.CHAIR,
        "evidence": dossier.evidence.all(),
        **sheet_context(dossier.rubric, choices, parts),
    }
    if dossier.rubric and dossier.rubric.mode == RubricMode.CRITERIA:
        context["knockout_criteria"] = dossier.rubric.criteria.exclude(knockout="")
    return render(request, "evaluation/score_sheet.html", context)


@access(capability=caps.SCORE_PRODUCT, object="score")
@capability_required(caps.SCORE_PRODUCT)
def score_workbook(request, pk):
    """The member's own sheet as .xlsx, with their current draft, to score offline and upload back
    on the sheet page."""
    from ocop.evaluation.offline_sheets import score_workbook as workbook

    score = _my_score(request, pk)
    if score.dossier.rubric_id is None:
        messages.error(request, _("Hồ sơ chưa có phiếu chấm."))
        return redirect("evaluation:score", pk=score.pk)
    response = HttpResponse(
        workbook(score), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="phieu-cham-ho-so-{score.dossier_id}-phieu-{score.pk}.xlsx"'
    )
    return response


@access(capability=caps.SCORE_PRODUCT, object="score")
@capability_required(caps.SCORE_PRODUCT)
def score_evidence(request, pk):
    score = _my_score(request, pk)
    return _evidence_list(request, score.dossier, "evaluation:score")


# ------------------------------------------------------------------ sheets (rubrics)


@access(public=True)
def rubric_list(request):
    return render(request, "evaluation/rubric_list.html", {"rubrics": selectors.current_rubrics()})


@access(capability=caps.ACCESS_ADMIN)
@capability_required(caps.ACCESS_ADMIN)
def rubric_upload(request):
    results = []
    if request.method == "POST":
        for upload in request.FILES.getlist("files"):
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                results.append(
                    {"set": upload.name, "loaded": False, "problems": [_("Tệp không phải UTF-8.")]}
                )
                continue
            if request.POST.get("check_only"):
                checked = check_rubric_text(text)
                results.append(
                    {"set": checked.label, "loaded": False, "checked": True, "problems": checked.problems}
                )
            else:
                results.append(rubric_load(actor=request.user, text=text, label=upload.name).as_json())
    return render(request, "evaluation/rubric_upload.html", {"results": results})


@access(public=True, example={"regime": "148-1489-2025", "set_code": "honey_farm", "fmt": "xlsx"})
def blank_sheet(request, regime, set_code, fmt):
    from ocop.evaluation.documents import blank_sheet_pdf, blank_sheet_xlsx

    regime_obj = get_object_or_404(Regime, code=regime)
    product_set = get_object_or_404(ProductSet, group__taxonomy=regime_obj.taxonomy, code=set_code)
    rubric = rubric_in_force(regime=regime_obj, product_set=product_set, code=request.GET.get("sheet", ""))
    if fmt == "xlsx":
        content, mime = (
            blank_sheet_xlsx(rubric),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "pdf":
        content, mime = blank_sheet_pdf(rubric), "application/pdf"
    else:
        raise Http404
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="phieu-cham-{rubric.code}.{fmt}"'
    return response


@access(capability=caps.MANAGE_EVALUATION, object="round", example={"fmt": "xlsx"})
@capability_required(caps.MANAGE_EVALUATION)
def round_summary(request, pk, fmt):
    from ocop.evaluation.documents import summary_pdf, summary_xlsx

    round_ = get_object_or_404(selectors.managed_rounds(request.user), pk=pk)
    if fmt == "xlsx":
        content, mime = (
            summary_xlsx(round_),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "pdf":
        content, mime = summary_pdf(round_), "application/pdf"
    else:
        raise Http404
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-tong-hop-diem-{round_.pk}.{fmt}"'
    return response


@access(capability=caps.MANAGE_EVALUATION, object="decision")
@capability_required(caps.MANAGE_EVALUATION)
def decision_docx(request, pk):
    from ocop.evaluation.documents import decision_document

    decision = get_object_or_404(
        Decision.objects.filter(round__in=selectors.managed_rounds(request.user)), pk=pk
    )
    response = HttpResponse(
        decision_document(decision),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="quyet-dinh-{decision.pk}.docx"'
    return response


@access(capability=caps.ACCESS_ADMIN, example={"code": "26-2026"})
@capability_required(caps.ACCESS_ADMIN)
@require_POST
def regime_confirm(request, code):
    services.regime_confirm(actor=request.user, regime=get_object_or_404(Regime, code=code))
    messages.success(request, _("Đã xác nhận quy định."))
    return redirect("evaluation:rubrics")


# ------------------------------------------------------------------ producer accounts


@access(public=True)
def signup(request):
    from ocop.evaluation.signups import signup_request
    from ocop.geo.models import AdminUnit
    from ocop.registry.models import ProducerType

    provinces = AdminUnit.objects.filter(scheme="current", level="province").order_by("sort_key")
    # Every current commune, each marked with its province; a line of script narrows the list.
    communes = AdminUnit.objects.filter(scheme="current", level="commune").order_by("sort_key")
    errors, done = [], False
    if request.method == "POST":
        data = request.POST
        province = provinces.filter(pk=data.get("province") or 0).first()
        commune = communes.filter(pk=data.get("commune") or 0).first()
        try:
            signup_request(
                username=data.get("username", ""),
                password=data.get("password", ""),
                email=data.get("email", ""),
                contact_name=data.get("contact_name", ""),
                phone=data.get("phone", ""),
                producer_name=data.get("producer_name", ""),
                producer_type=data.get("producer_type", ""),
                tax_code=data.get("tax_code", ""),
                province=province,
                commune=commune,
            )
            done = True
        except ValidationError as error:
            errors = _errors(error)
    return render(
        request,
        "evaluation/signup.html",
        {
            "provinces": provinces,
            "communes": communes.only("pk", "name", "province_id"),
            "types": ProducerType.choices,
            "errors": errors,
            "done": done,
            "data": request.POST,
        },
    )


@access(capability=caps.LINK_PRODUCER_ACCOUNTS)
@capability_required(caps.LINK_PRODUCER_ACCOUNTS)
def signup_list(request):
    from ocop.evaluation.signups import signup_approve, signup_reject

    signups = selectors.signups_for(request.user)
    if request.method == "POST":
        item = get_object_or_404(signups, pk=request.POST.get("signup"))
        try:
            if request.POST.get("action") == "approve":
                producer = None
                if request.POST.get("producer"):
                    # The service says why a producer of another province cannot be linked.
                    producer = get_object_or_404(
                        selectors.linkable_producers(request.user), pk=request.POST["producer"]
                    )
                signup_approve(actor=request.user, signup=item, producer=producer)
                messages.success(request, _("Đã duyệt và gắn tài khoản với chủ thể."))
            else:
                signup_reject(actor=request.user, signup=item, note=request.POST.get("note", ""))
                messages.success(request, _("Đã từ chối."))
        except ValidationError as error:
            _flash(request, error)
        return redirect("evaluation:signups")
    return render(request, "evaluation/signup_list.html", {"signups": signups})


class InvitationForm(forms.Form):
    producer = forms.ModelChoiceField(label=_lazy("Chủ thể"), queryset=None)
    email = forms.EmailField(label=_lazy("Thư điện tử của người được mời"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = selectors.linkable_producers(user).order_by("name")


@access(capability=caps.LINK_PRODUCER_ACCOUNTS)
@capability_required(caps.LINK_PRODUCER_ACCOUNTS)
def invitations(request):
    """Invite a person by e-mail to act for a producer of the official's unit; the invitations sent."""
    from ocop.evaluation.signups import invitation_send

    form = InvitationForm(
        request.POST or None, user=request.user, initial={"producer": request.GET.get("producer")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_send(
                actor=request.user,
                producer=form.cleaned_data["producer"],
                email=form.cleaned_data["email"],
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(
                request,
                _("Đã gửi lời mời tới %(email)s (dùng được đến %(expires)s).")
                % {
                    "email": invitation.email,
                    "expires": f"{timezone.localtime(invitation.expires_at):%d/%m/%Y}",
                },
            )
            return redirect("evaluation:invitations")
    return render(
        request,
        "evaluation/invitations.html",
        {
            "form": form,
            "invitations": selectors.invitations_for(request.user)[:200],
            "now": timezone.now(),
        },
    )


@access(public=True, example={"token": "khong-hop-le"})
def invitation_accept(request, token):
    """The invitee sets a username and password; the account then acts for the producer."""
    from ocop.evaluation.signups import invitation_accept as accept
    from ocop.evaluation.signups import invitation_from_token

    errors, invitation = [], None
    try:
        invitation = invitation_from_token(token)
    except ValidationError as error:
        errors = _errors(error)
    if invitation is not None and request.method == "POST":
        if request.POST.get("password") != request.POST.get("password2"):
            errors = [_("Hai lần nhập mật khẩu không khớp.")]
        else:
            try:
                accept(
                    token=token,
                    username=request.POST.get("username", ""),
                    password=request.POST.get("password", ""),
                    full_name=request.POST.get("full_name", ""),
                    phone=request.POST.get("phone", ""),
                )
            except ValidationError as error:
                errors = _errors(error)
            else:
                messages.success(
                    request,
                    _("Đã kích hoạt tài khoản. Hãy đăng nhập bằng tên đăng nhập và mật khẩu vừa đặt."),
                )
                return redirect("accounts:login")
    return render(
        request,
        "evaluation/invitation_accept.html",
        {"invitation": invitation, "errors": errors, "data": request.POST},
    )
