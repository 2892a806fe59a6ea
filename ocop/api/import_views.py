"""Staged imports in the API: upload a list, follow its validation, read its problems, confirm.

The same form checks the file as on the page (`ocop.imports.views.UploadForm`) and the same
services store it and move the batch (`ocop.imports.services`): confirming is one transition that
only one request can win. A batch is visible to its uploader only (and system administrators).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.api.pagination import Pagination
from ocop.api.permissions import DeclaredCapability
from ocop.api.registry_serializers import ErrorSerializer
from ocop.imports import services
from ocop.imports.models import ImportBatch
from ocop.imports.selectors import visible_batches
from ocop.imports.views import UploadForm

NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="Không có, hoặc không phải lần nhập của bạn")}


def own_batches(user):
    # The stored problems and results can be megabytes: only the detail and problems read them.
    return visible_batches(user).defer("errors", "result")


class BatchSerializer(serializers.ModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    percent = serializers.IntegerField(source="progress_pct", read_only=True, help_text="Tiến độ, 0–100")
    done = serializers.SerializerMethodField(help_text="Đã xong bước đang chạy (kiểm tra hoặc nhập)")

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "kind",
            "original_name",
            "state",
            "state_display",
            "keep_valid",
            "total_rows",
            "processed_rows",
            "error_rows",
            "percent",
            "done",
            "message",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_done(self, batch) -> bool:
        return not batch.working


class BatchDetailSerializer(BatchSerializer):
    counts = serializers.SerializerMethodField(help_text="Số bản ghi dự kiến (sau kiểm tra) hoặc đã nhập")
    problem_count = serializers.SerializerMethodField(help_text="Số lỗi (xem /problems/)")

    class Meta(BatchSerializer.Meta):
        fields = [*BatchSerializer.Meta.fields, "counts", "problem_count"]
        read_only_fields = fields

    def get_counts(self, batch) -> dict[str, int]:
        result = batch.result or {}
        return result.get("counts") or result.get("planned") or {}

    def get_problem_count(self, batch) -> int:
        return len(batch.errors or [])


class ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="Số dòng trong tệp")
    column = serializers.CharField(allow_blank=True, help_text="Cột")
    value = serializers.CharField(allow_blank=True, help_text="Giá trị trong ô")
    message = serializers.CharField(help_text="Lỗi, bằng tiếng Việt")


@access(capability=caps.EDIT_REGISTRY)
class BatchList(generics.ListAPIView):
    """Các lần nhập danh sách của bạn, mới nhất trước; tải tệp lên để bắt đầu một lần nhập."""

    serializer_class = BatchSerializer
    permission_classes = [DeclaredCapability]
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return ImportBatch.objects.none()
        services.batches_time_out()
        return own_batches(self.request.user).order_by("-created_at", "-id")

    @extend_schema(
        summary="Tải lên danh sách sản phẩm hoặc chủ thể (.xlsx, .csv)",
        request=inline_serializer(
            "BatchUpload",
            {
                "kind": serializers.ChoiceField(choices=ImportBatch.Kind.choices, help_text="Loại danh sách"),
                "file": serializers.FileField(help_text="Tệp .xlsx hoặc .csv"),
                "keep_valid": serializers.BooleanField(
                    required=False, help_text="Nếu có dòng lỗi, vẫn nhập các dòng hợp lệ"
                ),
            },
        ),
        responses={201: BatchSerializer, 400: OpenApiResponse(ErrorSerializer, description="Tệp bị từ chối")},
    )
    def post(self, request):
        form = UploadForm(request.data, request.FILES)
        if not form.is_valid():
            raise ValidationError({field: list(messages) for field, messages in form.errors.items()})
        batch = services.batch_upload(
            actor=request.user,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            keep_valid=form.cleaned_data["keep_valid"],
        )
        return Response(BatchSerializer(batch).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Trạng thái và tiến độ của một lần nhập", responses={200: BatchDetailSerializer, **NOT_FOUND}
)
@access(capability=caps.EDIT_REGISTRY, object="import_batch")
class BatchDetail(generics.RetrieveAPIView):
    """Một lần nhập: trạng thái, tiến độ (số dòng đã xử lý), số lỗi, số bản ghi dự kiến hoặc đã nhập."""

    serializer_class = BatchDetailSerializer
    permission_classes = [DeclaredCapability]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ImportBatch.objects.none()
        services.batches_time_out()
        return own_batches(self.request.user).defer(None)


@extend_schema(
    summary="Các lỗi của một lần nhập",
    parameters=[OpenApiParameter("limit", int), OpenApiParameter("offset", int)],
    responses={200: ProblemSerializer(many=True), **NOT_FOUND},
)
@access(capability=caps.EDIT_REGISTRY, object="import_batch")
class BatchProblems(APIView):
    """Từng lỗi của tệp (dòng, cột, giá trị, lỗi), theo trang."""

    permission_classes = [DeclaredCapability]

    def get(self, request, pk: int):
        batch = get_object_or_404(own_batches(request.user).defer(None), pk=pk)
        paginator = Pagination()
        page = paginator.paginate_queryset(list(batch.errors or []), request, view=self)
        return paginator.get_paginated_response(ProblemSerializer(page, many=True).data)


@access(capability=caps.EDIT_REGISTRY, object="import_batch")
class BatchConfirm(APIView):
    """Xác nhận nhập một lần nhập đã kiểm tra xong: chỉ một yêu cầu thành công, việc nhập chạy nền."""

    permission_classes = [DeclaredCapability]

    @extend_schema(
        summary="Xác nhận nhập",
        request=inline_serializer(
            "BatchConfirm",
            {"keep_valid": serializers.BooleanField(required=False, help_text="Chỉ nhập các dòng hợp lệ")},
        ),
        responses={
            202: BatchSerializer,
            400: OpenApiResponse(
                ErrorSerializer, description="Chưa kiểm tra xong, đã xác nhận, hoặc còn lỗi"
            ),
            **NOT_FOUND,
        },
    )
    def post(self, request, pk: int):
        batch = get_object_or_404(own_batches(request.user), pk=pk)
        keep_valid = serializers.BooleanField().to_internal_value(request.data.get("keep_valid", False))
        try:
            services.batch_confirm(actor=request.user, batch=batch, keep_valid=keep_valid)
        except services.BatchError as error:
            raise ValidationError({"non_field_errors": [str(error)]}) from None
        batch = own_batches(request.user).get(pk=pk)
        return Response(BatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)
