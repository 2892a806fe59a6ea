"""Pages of plans and targets: the scoped list, a plan with the progress of each target, forms to
create and edit plans and targets, the value entered by hand, and the Excel import.

Reads go through `selectors`; writes through `services`. A plan outside what the user may read
404s; an action on a plan whose unit is outside the user's EDIT_TARGETS scope 403s. They live in
`reporting` (an edge app) because progress is computed from the statistics (`reporting.progress`);
`programme` itself stays below and never imports reporting. URL namespace: "programme".
"""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import capability_required, has_capability, require_capability
from ocop.core.forms import add_service_errors
from ocop.core.templatetags.ocop_format import vn_number
from ocop.geo.models import AdminUnit
from ocop.programme import imports, services
from ocop.programme.models import Plan, Target
from ocop.programme.selectors import filter_plans, visible_plans
from ocop.registry.models import ProducerType
from ocop.reporting.progress import BEHIND, NO_DATA, NOT_REACHED, ON_TRACK, REACHED, plan_progress
from ocop.reporting.target_forms import (
    AsOfForm,
    DeleteForm,
    ImportForm,
    ManualValueForm,
    PlanFilterForm,
    PlanForm,
    TargetForm,
)

BADGES = {
    REACHED: "badge-ok",
    ON_TRACK: "badge-ok",
    BEHIND: "badge-warn",
    NOT_REACHED: "badge-err",
    NO_DATA: "",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_SESSION_KEY = "programme_import"


def _number(value, percent: bool) -> str:
    if value is None:
        return "—"
    decimals = 0 if float(value).is_integer() else (1 if percent else 2)
    return vn_number(value, decimals) + ("%" if percent else "")


def _producer_type_label(value: str) -> str:
    return str(ProducerType(value).label) if value in ProducerType.values else value


def _plan(request, pk) -> Plan:
    return get_object_or_404(visible_plans(request.user), pk=pk)


def _editable_plan(request, pk) -> Plan:
    plan = _plan(request, pk)
    require_capability(request.user, caps.EDIT_TARGETS, unit=plan.unit)
    return plan


def _target(plan, target_pk) -> Target:
    return get_object_or_404(Target, pk=target_pk, plan=plan)


# --- Plans ---------------------------------------------------------------------------------------


@access(capability=caps.VIEW_REPORTS)
@capability_required(caps.VIEW_REPORTS)
def plan_list(request):
    form = PlanFilterForm(request.GET or None, user=request.user)
    plans = visible_plans(request.user)
    if form.is_bound and form.is_valid():
        plans = filter_plans(plans, unit=form.cleaned_data["unit"], year=form.cleaned_data["year"])
    return render(
        request,
        "programme/plan_list.html",
        {"form": form, "plans": plans[:500], "can_edit": has_capability(request.user, caps.EDIT_TARGETS)},
    )


def _save_plan(request, form, plan=None):
    """Validate the form, check the chosen unit is in the user's scope (403), call the service.
    Returns the saved plan, or None when the form shows what is wrong."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    require_capability(request.user, caps.EDIT_TARGETS, unit=data["unit"])
    values = {
        "name": data["name"],
        "unit": data["unit"],
        "period_start": data["period_start"],
        "period_end": data["period_end"],
        "reference": data["reference"],
    }
    try:
        if plan is None:
            return services.plan_create(actor=request.user, **values)
        return services.plan_update(actor=request.user, plan=plan, **values)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@access(capability=caps.EDIT_TARGETS)
@capability_required(caps.EDIT_TARGETS)
def plan_create(request):
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST":
        plan = _save_plan(request, form)
        if plan is not None:
            messages.success(request, _("Đã tạo kế hoạch “%(name)s”.") % {"name": plan.name})
            return redirect("programme:plan_detail", pk=plan.pk)
    return render(request, "programme/plan_form.html", {"form": form, "plan": None})


@access(capability=caps.EDIT_TARGETS, object="plan")
@capability_required(caps.EDIT_TARGETS)
def plan_edit(request, pk):
    plan = _editable_plan(request, pk)
    form = PlanForm(request.POST or None, user=request.user, plan=plan)
    if request.method == "POST":
        if _save_plan(request, form, plan) is not None:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("programme:plan_detail", pk=plan.pk)
        plan.refresh_from_db()
    return render(request, "programme/plan_form.html", {"form": form, "plan": plan})


@access(capability=caps.EDIT_TARGETS, object="plan")
@capability_required(caps.EDIT_TARGETS)
def plan_delete(request, pk):
    plan = _editable_plan(request, pk)
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_delete(actor=request.user, plan=plan, confirm=form.cleaned_data["confirm"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã xóa kế hoạch “%(name)s”.") % {"name": plan.name})
            return redirect("programme:plan_list")
    return render(request, "programme/plan_delete.html", {"plan": plan, "form": form})


def _progress_rows(plan, as_of, can_edit, value_forms):
    rows = []
    for progress in plan_progress(plan, as_of=as_of):
        target = progress.target
        percent = target.is_percent
        form = None
        if can_edit and not target.computed:
            form = value_forms.get(target.pk) or ManualValueForm(
                initial={
                    "manual_value": ""
                    if target.manual_value is None
                    else _number(target.manual_value, False),
                    "manual_source": target.manual_source,
                },
                prefix=f"t{target.pk}",
            )
        rows.append(
            {
                "progress": progress,
                "target": target,
                "goal": _number(target.target_value, percent),
                "value": _number(progress.value, percent),
                "badge": BADGES[progress.status],
                "width": round(progress.percent, 1),
                "value_form": form,
                "producer_type": _producer_type_label(target.producer_type),
            }
        )
    return rows


def _render_detail(request, plan, *, add_form=None, value_forms=None, status=200):
    today = timezone.localdate()
    as_of_form = AsOfForm(request.GET if "as_of" in request.GET else None, initial={"as_of": today})
    as_of = as_of_form.date(today)
    can_edit = has_capability(request.user, caps.EDIT_TARGETS, unit=plan.unit)
    context = {
        "plan": plan,
        "as_of": as_of,
        "as_of_form": as_of_form,
        "rows": _progress_rows(plan, as_of, can_edit, value_forms or {}),
        "can_edit": can_edit,
        "add_form": (add_form or TargetForm(prefix="add")) if can_edit else None,
    }
    return render(request, "programme/plan_detail.html", context, status=status)


@access(capability=caps.VIEW_REPORTS, object="plan")
@capability_required(caps.VIEW_REPORTS)
def plan_detail(request, pk):
    return _render_detail(request, _plan(request, pk))


# --- Targets -------------------------------------------------------------------------------------


def _detail_url(plan, request) -> str:
    url = reverse("programme:plan_detail", args=[plan.pk])
    as_of = request.GET.get("as_of")
    return f"{url}?as_of={as_of}" if as_of else url


@access(capability=caps.EDIT_TARGETS, object="plan")
@require_POST
@capability_required(caps.EDIT_TARGETS)
def target_add(request, pk):
    plan = _editable_plan(request, pk)
    form = TargetForm(request.POST, prefix="add")
    if form.is_valid():
        try:
            target = services.target_add(actor=request.user, plan=plan, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm chỉ tiêu “%(name)s”.") % {"name": target.description})
            return redirect(_detail_url(plan, request))
    return _render_detail(request, plan, add_form=form)


@access(capability=caps.EDIT_TARGETS, object="plan", kwargs={"pk": "plan", "target_pk": "target"})
@capability_required(caps.EDIT_TARGETS)
def target_edit(request, pk, target_pk):
    plan = _editable_plan(request, pk)
    target = _target(plan, target_pk)
    if request.method == "POST":
        form = TargetForm(request.POST)
        if form.is_valid():
            try:
                services.target_update(actor=request.user, target=target, **form.values())
            except ValidationError as error:
                add_service_errors(form, error)
                target.refresh_from_db()
            else:
                messages.success(request, _("Đã lưu chỉ tiêu."))
                return redirect("programme:plan_detail", pk=plan.pk)
    else:
        form = TargetForm(
            initial={
                "kind": target.kind,
                "description": target.description,
                "target_value": _number(target.target_value, False),
                "stars": str(target.stars or ""),
                "producer_type": target.producer_type,
            }
        )
    return render(request, "programme/target_form.html", {"plan": plan, "target": target, "form": form})


@access(capability=caps.EDIT_TARGETS, object="plan", kwargs={"pk": "plan", "target_pk": "target"})
@require_POST
@capability_required(caps.EDIT_TARGETS)
def target_remove(request, pk, target_pk):
    plan = _editable_plan(request, pk)
    target = _target(plan, target_pk)
    services.target_remove(actor=request.user, target=target)
    messages.success(request, _("Đã xóa chỉ tiêu “%(name)s”.") % {"name": target.description})
    return redirect("programme:plan_detail", pk=plan.pk)


@access(capability=caps.EDIT_TARGETS, object="plan", kwargs={"pk": "plan", "target_pk": "target"})
@require_POST
@capability_required(caps.EDIT_TARGETS)
def target_value(request, pk, target_pk):
    plan = _editable_plan(request, pk)
    target = _target(plan, target_pk)
    form = ManualValueForm(request.POST, prefix=f"t{target.pk}")
    if form.is_valid():
        try:
            services.target_set_manual_value(
                actor=request.user,
                target=target,
                value=form.cleaned_data["manual_value"],
                source=form.cleaned_data["manual_source"],
            )
        except ValidationError as error:
            if target.computed:  # no value form on the page for it: say why at the top
                messages.error(request, " ".join(error.messages))
                return redirect(_detail_url(plan, request))
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Đã ghi kết quả của chỉ tiêu “%(name)s”.") % {"name": target.description}
            )
            return redirect(_detail_url(plan, request))
    return _render_detail(request, plan, value_forms={target.pk: form})


# --- Import --------------------------------------------------------------------------------------


def _units_allowed(user):
    return lambda unit: has_capability(user, caps.EDIT_TARGETS, unit=unit)


@access(capability=caps.EDIT_TARGETS)
@capability_required(caps.EDIT_TARGETS)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": imports.COLUMNS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = imports.validate(upload, units_allowed=_units_allowed(request.user))
        except imports.FileProblem as problem:
            context.update(problems=problem.problems, name=upload.name)
            return render(request, "programme/import.html", context)
        context.update(name=upload.name, problems=parsed.problems, parsed=parsed)
        if parsed.ok:
            token = secrets.token_urlsafe(16)
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "name": upload.name,
                "payload": parsed.to_payload(),
            }
            context.update(token=token, counts=_count_rows(imports.plan_counts(parsed)))
    return render(request, "programme/import.html", context)


def _count_rows(counts: dict) -> list[tuple[str, int]]:
    return [
        (imports.COUNT_LABELS[key], value) for key, value in counts.items() if key in imports.COUNT_LABELS
    ]


@access(capability=caps.EDIT_TARGETS)
@require_POST
@capability_required(caps.EDIT_TARGETS)
def import_confirm(request):
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or stored.get("token") != request.POST.get("token"):
        messages.error(request, _("Phiên nhập đã hết hạn hoặc đã được xác nhận: tải tệp lên lại."))
        return redirect("programme:import")
    parsed = imports.Parsed.from_payload(stored["payload"])
    allowed = _units_allowed(request.user)
    units = AdminUnit.objects.in_bulk([p.unit_id for p in parsed.plans])
    if not all(allowed(units[p.unit_id]) for p in parsed.plans):
        raise PermissionDenied
    try:
        counts = imports.write(parsed, actor=request.user, source=stored["name"])
    except ValidationError as error:
        messages.error(request, _("Không nhập được: %(reason)s") % {"reason": " ".join(error.messages)})
        return redirect("programme:import")
    del request.session[IMPORT_SESSION_KEY]
    summary = "; ".join(f"{label}: {value}" for label, value in _count_rows(counts))
    messages.success(
        request, _("Đã nhập tệp %(name)s — %(summary)s.") % {"name": stored["name"], "summary": summary}
    )
    return redirect("programme:plan_list")


@access(capability=caps.EDIT_TARGETS)
@capability_required(caps.EDIT_TARGETS)
def import_template(request):
    response = HttpResponse(imports.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-ke-hoach-chi-tieu-ocop.xlsx"'
    return response
