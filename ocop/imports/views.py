"""Pages of staged imports (upload → validation in the background → preview → confirm → result),
the template downloads and the product-list exports. Thin: the work is in `imports`, `exports`
and `tasks`."""

import zipfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import capability_required
from ocop.imports import exports, imports, tasks
from ocop.imports.models import ImportBatch

EXTENSIONS = (".xlsx", ".csv")
MAX_UPLOAD = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại danh sách"), choices=ImportBatch.Kind.choices)
    file = forms.FileField(
        label=gettext_lazy("Tệp"), help_text=gettext_lazy("Excel (.xlsx) hoặc CSV (.csv), tối đa 20 MB.")
    )
    keep_valid = forms.BooleanField(
        label=gettext_lazy("Nếu có dòng lỗi, vẫn nhập các dòng hợp lệ"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in EXTENSIONS:
            raise forms.ValidationError(
                _("Tệp “%(name)s” không đúng định dạng: chỉ nhận .xlsx hoặc .csv.") % {"name": upload.name}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": upload.name})
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))
        if suffix == ".xlsx":
            upload.seek(0)
            if not zipfile.is_zipfile(upload):
                raise forms.ValidationError(
                    _("Không đọc được tệp Excel “%(name)s”: tệp hỏng hoặc không phải .xlsx.")
                    % {"name": upload.name}
                )
            upload.seek(0)
        return upload


def _own_batches(user):
    batches = ImportBatch.objects.all()
    return batches if user.is_superuser else batches.filter(created_by=user)


def _batch(request, pk) -> ImportBatch:
    return get_object_or_404(_own_batches(request.user), pk=pk)


@access(capability=caps.EDIT_REGISTRY)
@capability_required(caps.EDIT_REGISTRY)
def batch_list(request):
    batches = _own_batches(request.user).select_related("created_by")[:100]
    return render(request, "imports/list.html", {"batches": batches})


@access(capability=caps.EDIT_REGISTRY)
@capability_required(caps.EDIT_REGISTRY)
def batch_new(request):
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            batch = ImportBatch.objects.create(
                kind=form.cleaned_data["kind"],
                file=upload,
                original_name=upload.name,
                keep_valid=form.cleaned_data["keep_valid"],
                created_by=request.user,
            )
            tasks.validate_batch.enqueue(batch.pk)
            return redirect("imports:detail", pk=batch.pk)
    else:
        form = UploadForm(initial={"kind": request.GET.get("kind", ImportBatch.Kind.PRODUCTS)})
    return render(request, "imports/new.html", {"form": form})


RUNNING = (ImportBatch.State.UPLOADED, ImportBatch.State.VALIDATING, ImportBatch.State.IMPORTING)


@access(capability=caps.EDIT_REGISTRY, object="import_batch")
@capability_required(caps.EDIT_REGISTRY)
def batch_detail(request, pk):
    batch = _batch(request, pk)
    result = batch.result or {}
    counts = result.get("counts") or result.get("planned") or {}
    context = {
        "batch": batch,
        "running": batch.state in RUNNING,
        "counts": [(imports.COUNT_LABELS[k], v) for k, v in counts.items() if k in imports.COUNT_LABELS],
        "warnings": result.get("warnings", []),
        "preview": result.get("preview", []),
        "imported": batch.state == ImportBatch.State.IMPORTED,
    }
    return render(request, "imports/detail.html", context)


@access(capability=caps.EDIT_REGISTRY, object="import_batch")
@capability_required(caps.EDIT_REGISTRY)
def batch_progress(request, pk):
    batch = _batch(request, pk)
    return JsonResponse(
        {
            "state": batch.state,
            "state_display": batch.get_state_display(),
            "processed": batch.processed_rows,
            "total": batch.total_rows,
            "percent": batch.progress_pct,
            "done": batch.state not in RUNNING,
        }
    )


@access(capability=caps.EDIT_REGISTRY, object="import_batch")
@require_POST
@capability_required(caps.EDIT_REGISTRY)
def batch_confirm(request, pk):
    batch = _batch(request, pk)
    if batch.state != ImportBatch.State.VALIDATED:
        messages.error(request, _("Lần nhập này không ở trạng thái chờ xác nhận."))
        return redirect("imports:detail", pk=batch.pk)
    keep_valid = bool(request.POST.get("keep_valid"))
    if batch.error_rows and not keep_valid:
        messages.error(
            request,
            _("Tệp còn %(n)s dòng lỗi: sửa tệp rồi tải lên lại, hoặc chọn chỉ nhập các dòng hợp lệ.")
            % {"n": batch.error_rows},
        )
        return redirect("imports:detail", pk=batch.pk)
    batch.keep_valid = keep_valid
    batch.state = ImportBatch.State.IMPORTING
    batch.processed_rows = 0
    batch.save(update_fields=["keep_valid", "state", "processed_rows", "updated_at"])
    tasks.import_batch.enqueue(batch.pk)
    return redirect("imports:detail", pk=batch.pk)


@access(capability=caps.EDIT_REGISTRY, example={"kind": "products"})
@capability_required(caps.EDIT_REGISTRY)
def template_download(request, kind):
    if kind not in imports.COLUMNS:
        raise Http404
    name = "mau-danh-sach-san-pham-ocop.xlsx" if kind == imports.PRODUCTS else "mau-danh-sach-chu-the.xlsx"
    response = HttpResponse(exports.template_xlsx(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@access(capability=caps.VIEW_REGISTRY)
@capability_required(caps.VIEW_REGISTRY)
def export_products(request, fmt):
    queryset = exports.export_products_for(request.user, request.GET)
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "xlsx":
        response = HttpResponse(exports.write_xlsx(queryset), content_type=XLSX)
    else:
        response = HttpResponse(exports.write_csv(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="san-pham-ocop-{stamp}.{fmt}"'
    return response
