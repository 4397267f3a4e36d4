"""The import job's page (state, progress, preview, confirm, result) and its API.

Only those who may import a job's kind see it (`jobs_visible_to`): anyone else gets 404,
as for a record outside their scope.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from infogov.core.importing import Problem, discover_importers
from infogov.core.imports import confirm_import, jobs_visible_to, kinds_for, start_import
from infogov.core.models import ImportJob
from infogov.core.spreadsheets import spreadsheet_response
from infogov.core.uploads import SPREADSHEETS, check_upload, max_upload_mb, validate_spreadsheet

PROBLEMS_SHOWN = 500


def _job(request: HttpRequest, pk: int) -> ImportJob:
    try:
        return jobs_visible_to(request.user).get(pk=pk)
    except ImportJob.DoesNotExist:
        raise Http404("No import found") from None


def _problems(job: ImportJob) -> list[str]:
    return [str(Problem(row, column, message)) for row, column, message in job.problems]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="What does the file hold?", widget=forms.RadioSelect)
    file = forms.FileField(label="Spreadsheet (.xlsx or .csv)")

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "Use the headings of an export, in row 1 of the first sheet. "
            f"At most {max_upload_mb()} MB."
        )
        importers = discover_importers()
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (k, importers[k].title or k.capitalize()) for k in kinds
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        validate_spreadsheet(upload)
        return upload


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a register: the file is checked (at once when small, else in the background)
    and its page shows what would change before anything is saved."""
    kinds = kinds_for(request.user)
    if not kinds:
        raise PermissionDenied("Only the IG manager may import a whole register.")
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, kinds=kinds)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            job = start_import(
                acting_user=request.user,
                kind=form.cleaned_data["kind"],
                data=upload.read(),
                filename=upload.name,
            )
            return HttpResponseRedirect(job.get_absolute_url())
        return render(request, "core/import_upload.html", {"form": form}, status=400)
    form = ImportForm(initial={"kind": request.GET.get("kind", kinds[0])}, kinds=kinds)
    return render(request, "core/import_upload.html", {"form": form})


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the job's page. POST: confirm a checked file, to be written."""
    job = _job(request, pk)
    if request.method == "POST":
        try:
            job = confirm_import(job, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return render(request, "core/import_job.html", _context(job), status=400)
        if job.state == ImportJob.State.DONE:
            messages.success(
                request,
                f"Imported {job.filename}: {job.added} added, {job.changed} changed, "
                f"{job.unchanged} unchanged.",
            )
        return HttpResponseRedirect(job.get_absolute_url())
    return render(request, "core/import_job.html", _context(job))


def _context(job: ImportJob) -> dict[str, Any]:
    problems = _problems(job)
    return {
        "job": job,
        "problems": problems[:PROBLEMS_SHOWN],
        "more_problems": max(0, len(problems) - PROBLEMS_SHOWN),
        "added_rows": job.preview.get("added", []),
        "changed_rows": job.preview.get("changed", []),
    }


@login_required
def import_job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's state, polled by its page (htmx) until the pass has finished."""
    job = _job(request, pk)
    if request.headers.get("HX-Request") != "true":
        return HttpResponseRedirect(job.get_absolute_url())
    if job.finished:
        return HttpResponse(headers={"HX-Refresh": "true"})
    return render(request, "core/_import_progress.html", {"job": job})


@login_required
def export_register(request: HttpRequest, kind: str) -> HttpResponseBase:
    """A whole register in the import's own headings (so it re-imports unchanged)."""
    importers = discover_importers()
    if kind not in importers:
        raise Http404("No such register")
    if not importers[kind].may_export(request.user):
        raise PermissionDenied(
            "The whole-register export is for those who may read every record; "
            "use Download on the list for your records."
        )
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    importer = importers[kind]()
    return spreadsheet_response(kind, fmt, importer.headings, importer.export_rows(), title=kind)


# --- API -----------------------------------------------------------------------------


class ImportJobSerializer(serializers.ModelSerializer):
    requested_by: serializers.Field = serializers.StringRelatedField()
    problems = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "filename",
            "requested_by",
            "created_at",
            "confirmed",
            "state",
            "started_at",
            "finished_at",
            "row_count",
            "rows_done",
            "added",
            "changed",
            "unchanged",
            "problems",
        ]
        read_only_fields = fields

    def get_problems(self, obj: ImportJob) -> list[str]:
        return _problems(obj)


class ImportUploadSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=30)
    file = serializers.FileField()
    confirm = serializers.BooleanField(
        default=False,
        help_text="Write the file as soon as it is checked (no preview); false: check only, "
        "then POST …/confirm/.",
    )


class ImportJobViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ImportJob]
):
    """Spreadsheet imports: upload (checked, then written once confirmed), follow, confirm."""

    serializer_class = ImportJobSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.MultiPartParser, parsers.FormParser]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return ImportJob.objects.none()
        return jobs_visible_to(self.request.user)

    @extend_schema(request=ImportUploadSerializer, responses={202: ImportJobSerializer})
    def create(self, request: Request) -> Response:
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        data = file.read()
        problem = check_upload(data, file.name, SPREADSHEETS)
        if problem:
            raise serializers.ValidationError({"file": [problem]})
        job = start_import(
            acting_user=request.user,
            kind=upload.validated_data["kind"],
            data=data,
            filename=file.name,
            confirmed=upload.validated_data["confirm"],
        )
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: ImportJobSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: Any = None) -> Response:
        job = confirm_import(self.get_object(), acting_user=request.user)
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
