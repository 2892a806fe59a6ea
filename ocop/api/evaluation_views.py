"""API v1 of the evaluation workflow: the same scoped selectors and transition services as the
pages (`ocop.evaluation`). Endpoints are split by audience, like the pages, so each declares one
capability: the producer submits, the commune screens, the province (or the central office for a
central round) checks, assigns, forwards and decides, a council member fills their own sheet."""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import has_capability
from ocop.evaluation import selectors, services
from ocop.evaluation.models import (
    Council,
    CouncilRole,
    Decision,
    Dossier,
    Level,
    Round,
    Rubric,
    SignupState,
)
from ocop.evaluation.workflow import allowed_moves
from ocop.rules.models import Regime


def capability(name):
    class HasCapability(permissions.BasePermission):
        message = f"Cần quyền {name}."

        def has_permission(self, request, view):
            return has_capability(request.user, name)

    return HasCapability


def call(service, **kwargs):
    """Run a service; its domain errors become 400, a refusal 403."""
    try:
        return service(**kwargs)
    except PermissionDenied:
        raise
    except DjangoValidationError as error:
        raise ValidationError({"errors": error.messages}) from error


# ----------------------------------------------------------------- serializers


class RegimeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Regime
        fields = [
            "code", "name", "decision", "valid_from", "valid_to", "part_a_max", "part_b_max", "part_c_max",
            "star_thresholds", "min_certified_stars", "certifiers", "scoring_councils", "screening_level",
            "forward_threshold", "validity_months", "notice_days", "rounds_per_year", "verified", "note",
        ]  # fmt: skip


class RubricSerializer(serializers.ModelSerializer):
    regime = serializers.CharField(source="regime.code")
    product_set = serializers.CharField(source="product_set.code")
    parts = serializers.SerializerMethodField()

    class Meta:
        model = Rubric
        fields = ["code", "version", "name", "mode", "regime", "product_set", "parts", "sheet_knockouts"]

    def get_parts(self, rubric) -> list[dict]:
        return [{"code": p.code, "name": p.name, "max": p.max_points} for p in rubric.parts.all()]


class RoundSerializer(serializers.ModelSerializer):
    province = serializers.IntegerField(source="province.code", allow_null=True, required=False)

    class Meta:
        model = Round
        fields = [
            "id", "name", "level", "province", "year", "registration_opens", "registration_closes",
            "scoring_opens", "scoring_closes",
        ]  # fmt: skip


class DossierSerializer(serializers.ModelSerializer):
    product = serializers.CharField(source="product.name")
    producer = serializers.CharField(source="producer.name")
    regime = serializers.CharField(source="regime.code", allow_null=True)
    rubric = serializers.CharField(source="rubric.code", allow_null=True)
    moves = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = [
            "id", "round", "product", "producer", "kind", "state", "regime", "rubric", "submitted_on",
            "screening_level", "score", "stars", "result_reasons", "potential_five_star", "certificate",
            "last_comment", "moves",
        ]  # fmt: skip

    def get_moves(self, dossier) -> list[str]:
        return [move.name for move in allowed_moves(dossier.state)]


class CouncilSerializer(serializers.ModelSerializer):
    members = serializers.SerializerMethodField()

    class Meta:
        model = Council
        fields = ["id", "round", "name", "members"]

    def get_members(self, council) -> list[dict]:
        return [{"user": m.user.username, "role": m.role} for m in council.members.select_related("user")]


class DecisionSerializer(serializers.ModelSerializer):
    dossiers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "round", "number", "date", "signer", "issuer_name", "dossiers"]


class ScoreSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    dossier = serializers.IntegerField()
    state = serializers.CharField()
    parts = serializers.DictField(required=False)
    total = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    knockouts = serializers.ListField(child=serializers.CharField(), required=False)
    others = serializers.ListField(child=serializers.DictField(), required=False)


# ----------------------------------------------------------------- reference


@access(public=True)
class RegimeList(APIView):
    """The versions of the rulebook as data (QĐ 26/2026 is listed with `verified: false`)."""

    serializer_class = RegimeSerializer
    permission_classes = [permissions.AllowAny]

    def get(self, request):
        return Response(RegimeSerializer(Regime.objects.order_by("valid_from"), many=True).data)


@access(public=True)
class RubricList(APIView):
    """Current scoring sheets (`?regime=` to narrow)."""

    serializer_class = RubricSerializer
    permission_classes = [permissions.AllowAny]

    def get(self, request):
        rubrics = selectors.current_rubrics().prefetch_related("parts")
        if request.query_params.get("regime"):
            rubrics = rubrics.filter(regime__code=request.query_params["regime"])
        return Response(RubricSerializer(rubrics, many=True).data)


# ----------------------------------------------------------------- rounds, councils, decisions


@access(capability=caps.MANAGE_EVALUATION)
class RoundList(APIView):
    """Rounds the caller runs; POST opens one (`round_create`)."""

    serializer_class = RoundSerializer
    permission_classes = [capability(caps.MANAGE_EVALUATION)]

    def get(self, request):
        return Response(
            RoundSerializer(selectors.managed_rounds(request.user).select_related("province"), many=True).data
        )

    def post(self, request):
        from ocop.geo.models import AdminUnit

        data = request.data
        try:
            dates = {
                key: datetime.date.fromisoformat(str(data.get(key)))
                for key in ("registration_opens", "registration_closes", "scoring_opens", "scoring_closes")
            }
        except ValueError as error:
            raise ValidationError({"errors": [_("Ngày phải có dạng YYYY-MM-DD.")]}) from error
        province = None
        if data.get("province"):
            province = get_object_or_404(AdminUnit, scheme="current", level="province", code=data["province"])
        round_ = call(
            services.round_create,
            actor=request.user,
            name=str(data.get("name", "")),
            year=int(data.get("year") or dates["registration_opens"].year),
            level=data.get("level", Level.PROVINCE),
            province=province,
            **dates,
        )
        return Response(RoundSerializer(round_).data, status=status.HTTP_201_CREATED)


@access(capability=caps.MANAGE_EVALUATION)
class CouncilList(APIView):
    """Councils of the caller's rounds; POST forms one:
    {round, name, chair, secretary, members: [usernames]}."""

    serializer_class = CouncilSerializer
    permission_classes = [capability(caps.MANAGE_EVALUATION)]

    def get(self, request):
        councils = Council.objects.filter(round__in=selectors.managed_rounds(request.user))
        return Response(CouncilSerializer(councils, many=True).data)

    def post(self, request):
        from ocop.accounts.models import User

        data = request.data
        round_ = get_object_or_404(selectors.managed_rounds(request.user), pk=data.get("round"))

        def user(name):
            return get_object_or_404(User, username=name)

        members = [(user(data["chair"]), CouncilRole.CHAIR)] if data.get("chair") else []
        if data.get("secretary"):
            members.append((user(data["secretary"]), CouncilRole.SECRETARY))
        members += [(user(name), CouncilRole.MEMBER) for name in data.get("members", [])]
        council = call(
            services.council_create,
            actor=request.user,
            round_=round_,
            name=str(data.get("name", "")),
            members=members,
        )
        return Response(CouncilSerializer(council).data, status=status.HTTP_201_CREATED)


@access(capability=caps.MANAGE_EVALUATION)
class DecisionList(APIView):
    """Recognition decisions of the caller's rounds; POST issues one:
    {round, number, date, signer, issuer_name, dossiers: [ids]} (certificates through the
    certification service)."""

    serializer_class = DecisionSerializer
    permission_classes = [capability(caps.MANAGE_EVALUATION)]

    def get(self, request):
        decisions = Decision.objects.filter(round__in=selectors.managed_rounds(request.user))
        return Response(DecisionSerializer(decisions, many=True).data)

    def post(self, request):
        data = request.data
        round_ = get_object_or_404(selectors.managed_rounds(request.user), pk=data.get("round"))
        try:
            date = datetime.date.fromisoformat(str(data.get("date")))
        except ValueError as error:
            raise ValidationError({"errors": [_("Ngày quyết định phải có dạng YYYY-MM-DD.")]}) from error
        decision = call(
            services.decision_issue,
            actor=request.user,
            round_=round_,
            number=str(data.get("number", "")),
            date=date,
            signer=str(data.get("signer", "")),
            issuer_name=str(data.get("issuer_name", "")),
            dossiers=list(round_.dossiers.filter(pk__in=data.get("dossiers", []))),
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


# ----------------------------------------------------------------- dossiers


@access(login=True)
class DossierList(APIView):
    """Dossiers the caller may see: their producer's, their commune's, their rounds', those
    assigned to them. POST (producer) registers a product: {round, product, kind, rubric_code}."""

    serializer_class = DossierSerializer

    def get(self, request):
        user = request.user
        ids = set(selectors.dossiers_of_producer(user).values_list("pk", flat=True))
        ids |= set(selectors.dossiers_to_screen(user).values_list("pk", flat=True))
        ids |= set(selectors.managed_dossiers(user).values_list("pk", flat=True))
        ids |= set(selectors.assignments_of(user).values_list("dossier_id", flat=True))
        dossiers = Dossier.objects.filter(pk__in=ids).select_related(
            "product", "producer", "regime", "rubric"
        )
        if request.query_params.get("round"):
            dossiers = dossiers.filter(round_id=request.query_params["round"])
        return Response(DossierSerializer(dossiers.order_by("-id"), many=True).data)

    def post(self, request):
        data = request.data
        product = get_object_or_404(selectors.products_of_producer(request.user), pk=data.get("product"))
        round_ = get_object_or_404(Round, pk=data.get("round"))
        dossier = call(
            services.dossier_create,
            actor=request.user,
            round_=round_,
            product=product,
            kind=data.get("kind", "new"),
            rubric_code=str(data.get("rubric_code", "")),
        )
        return Response(DossierSerializer(dossier).data, status=status.HTTP_201_CREATED)


@access(capability=caps.SUBMIT_DOSSIER, object="dossier")
class DossierSubmit(APIView):
    """Producer: update the registration form / self-assessment and submit: {registration,
    self_assessment, submit: true}."""

    serializer_class = DossierSerializer
    permission_classes = [capability(caps.SUBMIT_DOSSIER)]

    def post(self, request, pk):
        dossier = get_object_or_404(selectors.dossiers_of_producer(request.user), pk=pk)
        data = request.data
        if "registration" in data or "self_assessment" in data:
            dossier = call(
                services.dossier_update,
                actor=request.user,
                dossier=dossier,
                registration=data.get("registration"),
                self_assessment=data.get("self_assessment"),
            )
        if data.get("submit"):
            dossier = call(services.dossier_submit, actor=request.user, dossier=dossier)
        return Response(DossierSerializer(dossier).data)


@access(capability=caps.SCREEN_DOSSIER, object="dossier")
class DossierScreen(APIView):
    """Commune: {forward: true|false, note, local_origin, local_labour, idea_origin, local_identity}."""

    serializer_class = DossierSerializer
    permission_classes = [capability(caps.SCREEN_DOSSIER)]

    def post(self, request, pk):
        dossier = get_object_or_404(selectors.dossiers_to_screen(request.user), pk=pk)
        data = request.data
        dossier = call(
            services.dossier_screen,
            actor=request.user,
            dossier=dossier,
            forward=bool(data.get("forward")),
            note=str(data.get("note", "")),
            **{k: data.get(k) for k in ("local_origin", "local_labour", "idea_origin", "local_identity")},
        )
        return Response(DossierSerializer(dossier).data)


@access(capability=caps.MANAGE_EVALUATION, object="dossier")
class DossierProvince(APIView):
    """Province (or central office): {move: accept|return|assign|forward|screen_forward|screen_return,
    note, council, central_round, …}. Only the moves the transition table allows now succeed."""

    serializer_class = DossierSerializer
    permission_classes = [capability(caps.MANAGE_EVALUATION)]

    def post(self, request, pk):
        dossier = get_object_or_404(selectors.managed_dossiers(request.user), pk=pk)
        data, move = request.data, request.data.get("move")
        if move in ("accept", "return"):
            dossier = call(
                services.dossier_check,
                actor=request.user,
                dossier=dossier,
                complete=move == "accept",
                note=str(data.get("note", "")),
            )
        elif move == "assign":
            council = get_object_or_404(dossier.round.councils, pk=data.get("council"))
            dossier = call(services.dossier_assign, actor=request.user, dossier=dossier, council=council)
        elif move == "forward":
            central = get_object_or_404(Round, pk=data.get("central_round"), level=Level.CENTRAL)
            dossier = call(
                services.dossier_forward, actor=request.user, dossier=dossier, central_round=central
            )
        elif move in ("screen_forward", "screen_return"):
            dossier = call(
                services.dossier_screen,
                actor=request.user,
                dossier=dossier,
                forward=move == "screen_forward",
                note=str(data.get("note", "")),
                **{k: data.get(k) for k in ("local_origin", "local_labour", "idea_origin", "local_identity")},
            )
        else:
            raise ValidationError({"move": [_("Thao tác không hợp lệ.")]})
        return Response(DossierSerializer(dossier).data)


# ----------------------------------------------------------------- scores


@access(capability=caps.SCORE_PRODUCT)
class ScoreList(APIView):
    """The caller's own sheets (council member)."""

    serializer_class = ScoreSerializer
    permission_classes = [capability(caps.SCORE_PRODUCT)]

    @extend_schema(operation_id="v1_scores_list", responses=ScoreSerializer(many=True))
    def get(self, request):
        scores = selectors.assignments_of(request.user)
        return Response(
            [
                {
                    "id": s.pk,
                    "dossier": s.dossier_id,
                    "product": s.dossier.product.name,
                    "state": s.state,
                    "total": s.total,
                }
                for s in scores
            ]
        )


@access(capability=caps.SCORE_PRODUCT, object="score")
class ScoreDetail(APIView):
    """GET the caller's sheet (and, once it is submitted, the others' totals); PUT fills it:
    {choices: {number: option id} | parts: {A, B, C}, comments, knockouts, comment, no_conflict,
    submit}; POST {action: close} (chair) closes the product."""

    serializer_class = ScoreSerializer
    permission_classes = [capability(caps.SCORE_PRODUCT)]

    def _score(self, request, pk):
        return get_object_or_404(selectors.assignments_of(request.user), pk=pk)

    def _data(self, score):
        return {
            "id": score.pk,
            "dossier": score.dossier_id,
            "state": score.state,
            "parts": {"A": score.part_a, "B": score.part_b, "C": score.part_c},
            "total": score.total,
            "knockouts": score.knockouts,
            "others": [
                {"member": str(o.member), "state": o.state, "total": o.total}
                for o in selectors.visible_scores(score)
            ],
        }

    def get(self, request, pk):
        return Response(self._data(self._score(request, pk)))

    def put(self, request, pk):
        score = self._score(request, pk)
        data = request.data
        score = call(
            services.score_save,
            actor=request.user,
            score=score,
            choices=data.get("choices"),
            parts=data.get("parts"),
            comments=data.get("comments"),
            knockouts=data.get("knockouts"),
            comment=str(data.get("comment", "")),
            no_conflict=bool(data.get("no_conflict")),
            submit=bool(data.get("submit")),
        )
        return Response(self._data(score))

    def post(self, request, pk):
        score = self._score(request, pk)
        if request.data.get("action") != "close":
            raise ValidationError({"action": [_("Chỉ có thao tác close.")]})
        dossier = call(services.dossier_close, actor=request.user, dossier=score.dossier)
        return Response(DossierSerializer(dossier).data)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SheetUploadSerializer(serializers.Serializer):
    sheet = serializers.FileField()
    submit = serializers.BooleanField(required=False, default=False)


@access(capability=caps.SCORE_PRODUCT, object="score")
class ScoreSheetFile(APIView):
    """The caller's own sheet offline: GET downloads it as .xlsx (with the current draft); POST
    (multipart: `sheet` = the filled workbook, `submit` = true to hand it in) uploads it back
    through `score_upload`, the same strict reading and rules as the page."""

    permission_classes = [capability(caps.SCORE_PRODUCT)]
    parser_classes = [MultiPartParser, FormParser]

    def _score(self, request, pk):
        return get_object_or_404(selectors.assignments_of(request.user), pk=pk)

    @extend_schema(operation_id="v1_scores_sheet_download", responses={(200, XLSX): bytes})
    def get(self, request, pk):
        from ocop.evaluation.offline_sheets import score_workbook

        score = self._score(request, pk)
        if score.dossier.rubric_id is None:
            raise ValidationError({"errors": [_("Hồ sơ chưa có phiếu chấm.")]})
        response = HttpResponse(score_workbook(score), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="phieu-cham-ho-so-{score.dossier_id}-phieu-{score.pk}.xlsx"'
        )
        return response

    @extend_schema(
        operation_id="v1_scores_sheet_upload",
        request={"multipart/form-data": SheetUploadSerializer},
        responses=ScoreSerializer,
    )
    def post(self, request, pk):
        score = self._score(request, pk)
        upload = request.FILES.get("sheet")
        if upload is None:
            raise ValidationError({"sheet": [_("Hãy gửi tệp phiếu chấm (.xlsx) đã ghi điểm.")]})
        submit = str(request.data.get("submit", "")).lower() in ("1", "true", "on", "yes")
        score = call(services.score_upload, actor=request.user, score=score, upload=upload, submit=submit)
        return Response(ScoreDetail()._data(score))


# ----------------------------------------------------------------- producer accounts


class SignupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(source="user.username")
    producer_name = serializers.CharField()
    producer_type = serializers.CharField()
    tax_code = serializers.CharField()
    province = serializers.CharField(source="province.name")
    commune = serializers.CharField(source="commune.name", allow_null=True, default=None)
    contact_name = serializers.CharField()
    phone = serializers.CharField()
    state = serializers.CharField()
    producer = serializers.IntegerField(source="producer_id", allow_null=True)
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class SignupDecisionSerializer(serializers.Serializer):
    signup = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["approve", "refuse"])
    producer = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


@access(capability=caps.LINK_PRODUCER_ACCOUNTS)
class SignupList(APIView):
    """Producer sign-ups the caller may decide (their province, or naming their commune): GET lists
    the pending ones (`?state=` for others); POST {signup, action: approve, producer?} approves —
    linking the account to an existing producer of the sign-up's province or creating it — or
    {signup, action: refuse, note} refuses (`signup_approve`, `signup_reject`)."""

    serializer_class = SignupSerializer
    permission_classes = [capability(caps.LINK_PRODUCER_ACCOUNTS)]

    @extend_schema(operation_id="v1_signups_list", responses=SignupSerializer(many=True))
    def get(self, request):
        state = request.query_params.get("state", SignupState.PENDING)
        signups = selectors.signups_for(request.user).filter(state=state).order_by("created_at")
        return Response(SignupSerializer(signups, many=True).data)

    @extend_schema(
        operation_id="v1_signups_decide", request=SignupDecisionSerializer, responses=SignupSerializer
    )
    def post(self, request):
        from ocop.evaluation.signups import signup_approve, signup_reject

        form = SignupDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        signup = get_object_or_404(selectors.signups_for(request.user), pk=data["signup"])
        if data["action"] == "approve":
            producer = None
            if data.get("producer"):
                # The service says why a producer of another province cannot be linked.
                producer = get_object_or_404(selectors.linkable_producers(request.user), pk=data["producer"])
            signup = call(signup_approve, actor=request.user, signup=signup, producer=producer)
        else:
            signup = call(signup_reject, actor=request.user, signup=signup, note=data.get("note", ""))
        signup = selectors.signups_for(request.user).get(pk=signup.pk)
        return Response(SignupSerializer(signup).data)


class InvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    producer = serializers.IntegerField(source="producer_id")
    producer_name = serializers.CharField(source="producer.name", read_only=True)
    email = serializers.EmailField()
    expires_at = serializers.DateTimeField(read_only=True)
    accepted = serializers.SerializerMethodField()

    def get_accepted(self, invitation) -> bool:
        return invitation.user_id is not None


@access(capability=caps.LINK_PRODUCER_ACCOUNTS)
class InvitationList(APIView):
    """Invitations to act for a producer of the caller's unit: GET lists those sent; POST
    {producer, email} sends one by e-mail (`invitation_send`; the link is valid for a limited time)."""

    serializer_class = InvitationSerializer
    permission_classes = [capability(caps.LINK_PRODUCER_ACCOUNTS)]

    @extend_schema(operation_id="v1_invitations_list", responses=InvitationSerializer(many=True))
    def get(self, request):
        invitations = selectors.invitations_for(request.user).order_by("-pk")[:200]
        return Response(InvitationSerializer(invitations, many=True).data)

    @extend_schema(
        operation_id="v1_invitations_create", request=InvitationSerializer, responses=InvitationSerializer
    )
    def post(self, request):
        from ocop.evaluation.signups import invitation_send

        form = InvitationSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        producer = get_object_or_404(
            selectors.linkable_producers(request.user), pk=form.validated_data["producer_id"]
        )
        invitation = call(
            invitation_send,
            actor=request.user,
            producer=producer,
            email=form.validated_data["email"],
            site_url=request.build_absolute_uri("/"),
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)
