"""Officials' (and producers', for their channels) pages on activity records: for each kind in
`activity_pages.PAGES` a list with filters in either scheme and xlsx/csv export, create, edit,
delete and a staged xlsx import; the participants of a training class.

Built per kind so every URL carries its own access declaration. Reads go through the scoped
selectors, writes through the services; a record outside what the user may change is a 404.
"""

import io
import uuid
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import capability_required, has_capability
from ocop.activities import imports, selectors, services
from ocop.activities.models import ParticipantKind, TrainingParticipant
from ocop.core.forms import add_service_errors
from ocop.core.spreadsheets import SheetColumn, render_csv, render_xlsx
from ocop.office.activity_pages import PAGES, ActivityFilterForm, ActivityForm, Page
from ocop.office.registry_views import paginate
from ocop.registry.selectors import visible_producers

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "activity_imports"


def url_name(page: Page, action: str) -> str:
    return f"activities:{page.slug.replace('-', '_')}_{action}"


# --- export --------------------------------------------------------------------------------------


def export(page: Page, records, fmt: str) -> HttpResponse:
    """The filtered list as xlsx or csv, the list's columns, through the one spreadsheet writer
    (`ocop.core.spreadsheets`: formulas neutralised)."""
    columns = [SheetColumn(str(c.label)) for c in page.columns]
    rows = ([_cell(c.value(obj)) for c in page.columns] for obj in records)
    if fmt == "csv":
        response = HttpResponse(render_csv(columns, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(render_xlsx(columns, rows, title=str(page.title)[:31]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{page.slug}.{fmt}"'
    return response


def _cell(value):
    return value if isinstance(value, int | float | str) or value is None else str(value)


# --- views per kind ------------------------------------------------------------------------------


def _editable(page: Page, user):
    return page.visible(user, page.edit_capability)


def make_list(page: Page):
    @access(capability=caps.VIEW_ACTIVITIES)
    @capability_required(caps.VIEW_ACTIVITIES)
    def view(request):
        form = ActivityFilterForm(request.GET or None, user=request.user, page=page)
        records = page.records(request.user)
        if form.is_bound and form.is_valid():
            records = form.apply(records)
        if request.GET.get("format") in ("xlsx", "csv"):
            return export(page, records, request.GET["format"])
        listing, querystring = paginate(request, records)
        editable = set(
            _editable(page, request.user).filter(pk__in=[o.pk for o in listing]).values_list("pk", flat=True)
        )
        rows = [
            {"obj": o, "cells": [c.value(o) for c in page.columns], "editable": o.pk in editable}
            for o in listing
        ]
        return render(
            request,
            "activities/list.html",
            {
                "page_info": page,
                "form": form,
                "page": listing,
                "rows": rows,
                "querystring": querystring,
                "headers": [c.label for c in page.columns],
                "can_create": has_capability(request.user, page.edit_capability),
                "urls": _urls(page),
            },
        )

    return view


def _urls(page: Page) -> dict:
    names = ("list", "create", "import")
    return {name: reverse(url_name(page, name)) for name in names}


def _save(request, page: Page, form, obj=None):
    """Run the service; a record that ends up outside the user's scope is refused (rolled back)."""
    values = form.service_fields()
    m2m = {name: values.pop(name) for name in page.m2m if name in values}
    try:
        with transaction.atomic():
            if obj is None:
                record = page.create(actor=request.user, **values, **m2m)
            else:
                record = page.update(actor=request.user, **{page.instance: obj}, **values, **m2m)
            if not _editable(page, request.user).filter(pk=record.pk).exists():
                raise PermissionDenied
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    return record


def make_create(page: Page):
    @access(capability=page.edit_capability)
    @capability_required(page.edit_capability)
    def view(request):
        form = ActivityForm(request.POST or None, user=request.user, page=page)
        if request.method == "POST" and form.is_valid() and _save(request, page, form):
            messages.success(request, _("Đã lưu %(what)s.") % {"what": page.singular})
            return redirect(url_name(page, "list"))
        return render(
            request,
            "activities/form.html",
            {"page_info": page, "form": form, "obj": None, "urls": _urls(page)},
        )

    return view


def make_edit(page: Page):
    @access(capability=page.edit_capability, object=page.object_kind)
    @capability_required(page.edit_capability)
    def view(request, pk: int):
        obj = get_object_or_404(_editable(page, request.user), pk=pk)
        if request.method == "POST":
            form = ActivityForm(request.POST, user=request.user, page=page)
            if form.is_valid() and _save(request, page, form, obj):
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect(url_name(page, "list"))
            obj.refresh_from_db()
        else:
            form = ActivityForm(initial=ActivityForm.initial_for(obj, page), user=request.user, page=page)
        context = {"page_info": page, "form": form, "obj": obj, "urls": _urls(page)}
        context["delete_url"] = reverse(url_name(page, "delete"), args=[obj.pk])
        if page.slug == "classes":
            context["participants_url"] = reverse("activities:class_participants", args=[obj.pk])
        return render(request, "activities/form.html", context)

    return view


def make_delete(page: Page):
    @access(capability=page.edit_capability, object=page.object_kind)
    @capability_required(page.edit_capability)
    def view(request, pk: int):
        obj = get_object_or_404(_editable(page, request.user), pk=pk)
        if request.method == "POST":
            page.delete(actor=request.user, **{page.instance: obj})
            messages.success(request, _("Đã xoá %(what)s.") % {"what": page.singular})
            return redirect(url_name(page, "list"))
        return render(request, "activities/delete.html", {"page_info": page, "obj": obj, "urls": _urls(page)})

    return view


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp"), help_text=gettext_lazy("Excel (.xlsx) hoặc CSV (.csv), tối đa 5 MB.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp lớn hơn 5 MB."))
        return upload


def make_import(page: Page, kind: str):
    """Upload → every row checked (problems by row and column, nothing written) → confirm → all rows
    written in one transaction, or none."""

    @access(capability=imports.CAPABILITY[kind])
    @capability_required(imports.CAPABILITY[kind])
    def view(request):
        staged = request.session.get(SESSION_KEY, {})
        form, result, token = UploadForm(), None, ""
        if request.method == "POST" and request.POST.get("token"):
            token = request.POST["token"]
            entry = staged.get(token)
            if entry is None or entry["kind"] != kind:
                messages.error(request, _("Tệp đã hết hạn: hãy tải lên lại."))
                return redirect(request.path)
            with default_storage.open(entry["path"], "rb") as source:
                result = imports.run(
                    kind, source, name=entry["name"], actor=request.user, scope_user=request.user, commit=True
                )
            if result.ok:
                default_storage.delete(entry["path"])
                staged.pop(token, None)
                request.session[SESSION_KEY] = staged
                messages.success(request, _("Đã nhập %(n)s dòng.") % {"n": result.written})
                return redirect(url_name(page, "list") if page else "activities:index")
            token = ""
        elif request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                data = upload.read()
                result = imports.run(
                    kind, io.BytesIO(data), name=upload.name, actor=request.user, scope_user=request.user
                )
                if result.ok and result.rows:
                    token = uuid.uuid4().hex
                    path = default_storage.save(
                        f"imports/activities/{token}{Path(upload.name).suffix.lower()}", ContentFile(data)
                    )
                    staged[token] = {"kind": kind, "path": path, "name": upload.name}
                    request.session[SESSION_KEY] = staged
        if request.GET.get("template"):
            response = HttpResponse(imports.template_xlsx(kind), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="mau-{kind}.xlsx"'
            return response
        return render(
            request,
            "activities/import.html",
            {
                "spec": imports.SPECS[kind],
                "page_info": page,
                "form": form,
                "result": result,
                "token": token,
                "problems": [p.describe() for p in result.problems] if result else [],
            },
        )

    return view


# --- the hub and the participants of a class ------------------------------------------------------


@access(capability=caps.VIEW_ACTIVITIES)
@capability_required(caps.VIEW_ACTIVITIES)
def index(request):
    entries = [
        {
            "page": page,
            "url": reverse(url_name(page, "list")),
            "count": page.visible(request.user).count(),
        }
        for page in PAGES.values()
    ]
    return render(
        request,
        "activities/index.html",
        {
            "entries": entries,
            "participants_import": has_capability(request.user, caps.EDIT_ACTIVITIES),
        },
    )


class ParticipantForm(forms.Form):
    producers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Chủ thể tham dự"), queryset=None, required=False
    )
    name = forms.CharField(label=gettext_lazy("Họ tên cán bộ"), required=False, max_length=150)
    organisation = forms.CharField(label=gettext_lazy("Đơn vị công tác"), required=False, max_length=255)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producers"].queryset = visible_producers(user, caps.EDIT_ACTIVITIES).order_by("sort_key")


@access(capability=caps.VIEW_ACTIVITIES, object="training_class")
@capability_required(caps.VIEW_ACTIVITIES)
def class_participants(request, pk: int):
    training = get_object_or_404(selectors.visible_classes(request.user), pk=pk)
    can_edit = selectors.visible_classes(request.user, caps.EDIT_ACTIVITIES).filter(pk=pk).exists()
    form = ParticipantForm(user=request.user)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action")
        participant = None
        if request.POST.get("participant"):
            participant = get_object_or_404(training.participants, pk=request.POST["participant"])
        try:
            if action == "attendance" and participant:
                services.participant_set_attendance(
                    actor=request.user, participant=participant, attended=not participant.attended
                )
            elif action == "remove" and participant:
                services.participant_remove(actor=request.user, participant=participant)
            else:
                form = ParticipantForm(request.POST, user=request.user)
                if form.is_valid():
                    rows = [
                        {"kind": ParticipantKind.PRODUCER, "producer": p}
                        for p in form.cleaned_data["producers"]
                    ]
                    if form.cleaned_data["name"]:
                        rows.append(
                            {
                                "kind": ParticipantKind.OFFICIAL,
                                "name": form.cleaned_data["name"],
                                "organisation": form.cleaned_data["organisation"],
                            }
                        )
                    if rows:
                        services.participants_add(actor=request.user, training=training, participants=rows)
                    form = ParticipantForm(user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not form.errors:
                return redirect("activities:class_participants", pk=training.pk)
    participants = TrainingParticipant.objects.filter(training_class=training).select_related("producer")
    return render(
        request,
        "activities/participants.html",
        {"training": training, "participants": participants, "form": form, "can_edit": can_edit},
    )
