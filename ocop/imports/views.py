"""Pages of staged imports (upload → validation in the background → preview → confirm → result),
the template downloads and the product-list exports. Thin: the work is in `imports`, `exports`
and `tasks`."""

import zipfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import capability_required
from ocop.core.tabular import Limits
from ocop.imports import exports, imports, services
from ocop.imports.models import ImportBatch
from ocop.imports.problems import problem_kinds
from ocop.imports.selectors import visible_batches

EXTENSIONS = (".xlsx", ".csv")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại danh sách"), choices=ImportBatch.Kind.choices)
    file = forms.FileField(
        label=gettext_lazy("Tệp"),
        help_text=lazy(
            lambda: (
                _("Excel (.xlsx) hoặc CSV (.csv), tối đa %(mb)s MB.")
                % {"mb": settings.IMPORT_MAX_FILE_BYTES // (1024 * 1024)}
            ),
            str,
        )(),
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
        if upload.size > settings.IMPORT_MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Tệp lớn hơn %(mb)s MB: hãy chia nhỏ tệp.")
                % {"mb": settings.IMPORT_MAX_FILE_BYTES // (1024 * 1024)}
            )
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
    return visible_batches(user)


def _batch(request, pk) -> ImportBatch:
    services.batches_time_out()
    return get_object_or_404(_own_batches(request.user), pk=pk)


@access(capability=caps.EDIT_REGISTRY)
@capability_required(caps.EDIT_REGISTRY)
def batch_list(request):
    services.batches_time_out()
    # The stored problems and results can be megabytes per batch: the list needs neither.
    batches = _own_batches(request.user).defer("errors", "result").select_related("created_by")[:100]
    return render(request, "imports/list.html", {"batches": batches})


@access(capability=caps.EDIT_REGISTRY)
@capability_required(caps.EDIT_REGISTRY)
def batch_new(request):
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            batch = services.batch_upload(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                keep_valid=form.cleaned_data["keep_valid"],
            )
            return redirect("imports:detail", pk=batch.pk)
    else:
        form = UploadForm(initial={"kind": request.GET.get("kind", ImportBatch.Kind.PRODUCTS)})
    limits = Limits.from_settings()
    return render(request, "imports/new.html", {"form": form, "limits": limits.describe()})


# Problems shown on the batch page; all of them are in the .xlsx download.
PROBLEMS_SHOWN = 300


@access(capability=caps.EDIT_REGISTRY, object="import_batch")
@capability_required(caps.EDIT_REGISTRY)
def batch_detail(request, pk):
    batch = _batch(request, pk)
    result = batch.result or {}
    counts = result.get("counts") or result.get("planned") or {}
    warnings = result.get("warnings", [])
    context = {
        "batch": batch,
        "running": batch.working,
        "counts": [(imports.COUNT_LABELS[k], v) for k, v in counts.items() if k in imports.COUNT_LABELS],
        "errors_shown": batch.errors[:PROBLEMS_SHOWN],
        "error_count": len(batch.errors),
        "error_kinds": problem_kinds(batch.errors),
        "warnings": warnings[:PROBLEMS_SHOWN],
        "warning_count": len(warnings),
        "preview": result.get("preview", []),
        "imported": batch.state == ImportBatch.State.IMPORTED,
        "can_confirm": batch.state == ImportBatch.State.VALIDATED,
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
            "done": not batch.working,
        }
    )


@access(capability=caps.EDIT_REGISTRY, object="import_batch")
@require_POST
@capability_required(caps.EDIT_REGISTRY)
def batch_confirm(request, pk):
    batch = _batch(request, pk)
    try:
        services.batch_confirm(
            actor=request.user, batch=batch, keep_valid=bool(request.POST.get("keep_valid"))
        )
    except services.BatchError as error:
        messages.error(request, str(error))
    return redirect("imports:detail", pk=batch.pk)


@access(capability=caps.EDIT_REGISTRY, object="import_batch")
@capability_required(caps.EDIT_REGISTRY)
def batch_errors(request, pk):
    """Every problem of the batch as an .xlsx (the page shows the first few hundred)."""
    batch = _batch(request, pk)
    content = exports.problems_xlsx(batch.errors, title=batch.original_name)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="loi-nhap-{batch.pk}.xlsx"'
    return response


@access(capability=caps.EDIT_REGISTRY, object="import_batch")
@capability_required(caps.EDIT_REGISTRY)
def batch_file(request, pk):
    """The uploaded file, to its uploader (and system administrators) only; never by a public URL."""
    batch = _batch(request, pk)
    if not batch.file.name:
        raise Http404
    try:
        handle = batch.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=batch.original_name)


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
