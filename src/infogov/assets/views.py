"""Asset views: the register, reference lists, ROPA, agreements, DPIAs, data quality,
and the register export in the import's own headings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from infogov.assets import charts, filters, forms, models, services
from infogov.assets.choices import CheckState
from infogov.core.documents import pdf_from_html
from infogov.core.history import grouped_history
from infogov.core.permissions import CHANGE, VIEW
from infogov.core.spreadsheets import spreadsheet_response
from infogov.core.tables import Column
from infogov.core.views import (
    ModelViewMixin,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

M2M_FIELDS = (
    "special_category_conditions",
    "data_subjects",
    "personal_data_categories",
    "lawful_bases",
)


def _names(items: Any) -> str:
    return "; ".join(str(x) for x in items.all())


def _quality_trend(checks: list[Any]) -> Any:
    """The scores of the checks that have finished, over time (queued ones have none yet)."""
    done = [c for c in checks if c.state == CheckState.DONE]
    return charts.quality_trend(done) if len(done) > 1 else None


# Information assets
class InformationAssetList(ObjectListView):
    model = models.InformationAsset
    filterset_class = filters.InformationAssetFilterSet
    columns = (
        Column("name", "Asset name", sort="name", link=True),
        Column("division", "Division", sort="division__name"),
        Column("owner", "Information asset owner", sort="owner__last_name"),
        Column("personal_data", "Personal data", sort="personal_data"),
        Column("special_category", "Special category", sort="special_category"),
        Column("security_classification", "Classification", sort="security_classification"),
        Column("retention_rule.code", "Retention code", sort="retention_rule__code"),
        Column("next_review", "Next review", sort="next_review"),
    )
    default_sort = "name"
    intro = "The council's information assets, who owns them and how they are protected."
    template_name = "assets/informationasset_list.html"

    select_related = ("division", "owner", "retention_rule")

    def extra_context(self) -> dict[str, Any]:
        return {"can_import": services.may_import(self.request.user)}


class InformationAssetDetail(ObjectDetailView):
    model = models.InformationAsset
    fields = (
        "name",
        "description",
        "division",
        "service",
        "owner",
        "format",
        "location",
        "personal_data",
        "special_category",
        ("special_category_conditions", "Special category conditions"),
        "criminal_offence_data",
        ("data_subjects", "Data subjects"),
        ("personal_data_categories", "Categories of personal data"),
        "purposes",
        ("lawful_bases", "Lawful basis"),
        "recipients",
        "international_transfers",
        "retention_rule",
        "security_classification",
        "security_measures",
        "business_criticality",
        "dpia_status",
        "last_reviewed",
        "next_review",
    )
    template_name = "assets/informationasset_detail.html"

    def base_queryset(self) -> QuerySet[Any]:
        return models.InformationAsset.objects.select_related(
            "division", "service", "owner", "retention_rule"
        ).prefetch_related(*M2M_FIELDS)

    def detail_rows(self, obj: Any) -> list[dict[str, Any]]:
        rows = super().detail_rows(obj)
        for row, spec in zip(rows, self.fields, strict=True):
            name = spec[0] if isinstance(spec, tuple) else spec
            if name in M2M_FIELDS:
                row["value"] = _names(getattr(obj, name))
        return rows

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        checks = list(obj.quality_checks.select_related("standard").order_by("run_at"))
        return {
            "can_review": models.InformationAsset.policy.allows(user, CHANGE, obj),
            "review_form": forms.ReviewForm(),
            "agreements": obj.agreements.restrict(user, VIEW),
            "dpias": obj.dpias.restrict(user, VIEW),
            "standards": obj.standards.all(),
            "checks": checks,
            "chart": _quality_trend(checks),
        }


class InformationAssetEdit(ObjectEditView):
    model = models.InformationAsset
    form_class = forms.InformationAssetForm

    def save(self, form: ModelForm[Any], creating: bool) -> Any:
        asset = form.save(commit=False)
        services.default_next_review(asset)
        with grouped_history():  # one History entry for the fields and the lists
            asset.save()
            form.save_m2m()
        return asset


class InformationAssetReview(ObjectActionView):
    """The IAO (or officer) confirms the entry is right."""

    model = models.InformationAsset
    form_class = forms.ReviewForm
    service = services.review_asset
    title = "Confirm the entry is right"
    button = "Record the review"
    done = "Review recorded: next review due {object.next_review}."


# Managed and statutory lists
class DataSubjectCategoryList(ObjectListView):
    model = models.DataSubjectCategory
    filterset_class = filters.DataSubjectCategoryFilterSet
    columns = (Column("name", "Name", sort="name", link=True), Column("description", "Description"))


class DataSubjectCategoryDetail(ObjectDetailView):
    model = models.DataSubjectCategory
    fields = ("name", "description")


class DataSubjectCategoryEdit(ObjectEditView):
    model = models.DataSubjectCategory
    form_class = forms.DataSubjectCategoryForm


class PersonalDataCategoryList(ObjectListView):
    model = models.PersonalDataCategory
    filterset_class = filters.PersonalDataCategoryFilterSet
    columns = (
        Column("name", "Name", sort="name", link=True),
        Column("special_category", "Special category", sort="special_category"),
        Column("description", "Description"),
    )


class PersonalDataCategoryDetail(ObjectDetailView):
    model = models.PersonalDataCategory
    fields = ("name", "special_category", "description")


class PersonalDataCategoryEdit(ObjectEditView):
    model = models.PersonalDataCategory
    form_class = forms.PersonalDataCategoryForm


class LawfulBasisList(ObjectListView):
    model = models.LawfulBasis
    filterset_class = filters.LawfulBasisFilterSet
    columns = (
        Column("code", "Article", sort="code", link=True),
        Column("name", "Basis"),
        Column("description", "Description"),
    )
    intro = "UK GDPR Article 6(1): the lawful bases for processing (a statutory list)."


class LawfulBasisDetail(ObjectDetailView):
    model = models.LawfulBasis
    fields = ("code", "name", "description")


class ProcessingConditionList(ObjectListView):
    model = models.ProcessingCondition
    filterset_class = filters.ProcessingConditionFilterSet
    columns = (
        Column("code", "Reference", link=True),
        Column("name", "Condition"),
        Column("kind", "Source", sort="kind"),
    )
    intro = (
        "Conditions for special category and criminal offence data: UK GDPR Art. 9(2) "
        "and DPA 2018 Schedule 1 (a statutory list)."
    )


class ProcessingConditionDetail(ObjectDetailView):
    model = models.ProcessingCondition
    fields = ("code", "name", "kind")


# Record of processing activities
@login_required
def ropa(request: HttpRequest) -> HttpResponseBase:
    assets = models.InformationAsset.objects.restrict(request.user, VIEW)
    incomplete = models.lacking_personal_data_details(assets)
    only_incomplete = request.GET.get("incomplete") == "1"
    if only_incomplete:
        assets = assets.filter(pk__in=incomplete.values("pk"))
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        _council, entries = services.ropa(assets)
        return spreadsheet_response(
            "record-of-processing",
            fmt,
            services.ROPA_HEADINGS,
            (e.cells for e in entries),
            title="Record of processing",
        )
    if fmt == "pdf":
        council, entries = services.ropa(assets)
        page = None
    else:
        council = services.controller_details()[0]
        page = Paginator(services.ropa_queryset(assets), 50).get_page(request.GET.get("page"))
        entries = services.ropa_entries(page.object_list)
    context = {
        "council": council,
        "entries": entries,
        "headings": services.ROPA_HEADINGS,
        "today": timezone.localdate(),
        "page": page,
        "incomplete_count": incomplete.count(),
        "only_incomplete": only_incomplete,
        "query": "incomplete=1" if only_incomplete else "",
    }
    if fmt == "pdf":
        from django.template.loader import render_to_string

        # Activity, division, purposes, lawful basis, condition, subjects, categories,
        # recipients, transfers, retention, security, owner, missing (controller and DPO
        # are printed once above the table).
        context["column_widths"] = [9, 6, 10, 8, 7, 7, 8, 7, 5, 10, 9, 6, 8]
        html = render_to_string("assets/ropa_print.html", context)
        response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="record-of-processing.pdf"'
        return response
    return render(request, "assets/ropa.html", context)


# Sharing agreements
class SharingAgreementList(ObjectListView):
    model = models.SharingAgreement
    filterset_class = filters.SharingAgreementFilterSet
    columns = (
        Column("title", "Title", sort="title", link=True),
        Column("kind", "Kind", sort="kind"),
        Column("division", "Division", sort="division__name"),
        Column("status", "Status", sort="status"),
        Column("start_date", "Start", sort="start_date"),
        Column("review_date", "Review", sort="review_date"),
        Column("end_date", "End", sort="end_date"),
    )
    intro = "Information sharing agreements and processor contracts."

    select_related = ("division",)


class SharingAgreementDetail(ObjectDetailView):
    model = models.SharingAgreement
    fields = (
        "title",
        "kind",
        "division",
        "owner",
        "parties",
        "legal_gateway",
        ("assets", "Assets shared"),
        "dpia",
        "dpia_reference",
        "start_date",
        "review_date",
        "end_date",
        "status",
        "notes",
    )

    def base_queryset(self) -> QuerySet[Any]:
        return models.SharingAgreement.objects.select_related(
            "division", "owner", "dpia"
        ).prefetch_related("assets")

    def detail_rows(self, obj: Any) -> list[dict[str, Any]]:
        rows = super().detail_rows(obj)
        for row, spec in zip(rows, self.fields, strict=True):
            if isinstance(spec, tuple) and spec[0] == "assets":
                row["value"] = _names(obj.assets)
        return rows


class SharingAgreementEdit(ObjectEditView):
    model = models.SharingAgreement
    form_class = forms.SharingAgreementForm


# DPIAs
class DPIAList(ObjectListView):
    model = models.DPIA
    filterset_class = filters.DPIAFilterSet
    columns = (
        Column("title", "Title", sort="title", link=True),
        Column("division", "Division", sort="division__name"),
        Column("state", "State", sort="state"),
        Column("residual_risk", "Residual risk", sort="residual_risk"),
        Column("ico_consultation_required", "ICO prior consultation"),
        Column("review_date", "Review", sort="review_date"),
    )
    intro = "Data protection impact assessments (UK GDPR Art. 35-36)."

    select_related = ("division",)


class DPIADetail(ObjectDetailView):
    model = models.DPIA
    fields = (
        "title",
        "division",
        "owner",
        "processing_description",
        "necessity",
        "state",
        "dpo_advice",
        "dpo_advice_followed",
        "dpo_advice_reasons",
        "residual_risk",
        ("ico_consultation_required", "ICO prior consultation required (Art. 36)"),
        "ico_consulted_on",
        "signed_off_by",
        "signed_off_on",
        "review_date",
    )
    template_name = "assets/dpia_detail.html"

    select_related = ("division", "owner", "signed_off_by")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        return {
            "risks": obj.risks.all(),
            "dpia_assets": obj.assets.restrict(user, VIEW),
            "can_change": models.DPIA.policy.allows(user, CHANGE, obj),
            "can_add_risk": models.DPIARisk.policy.can_add(user)
            and models.DPIA.policy.allows(user, CHANGE, obj),
            "agreements": obj.agreements.restrict(user, VIEW),
        }


class DPIAEdit(ObjectEditView):
    model = models.DPIA
    form_class = forms.DPIAForm


class DPIASignOff(ObjectActionView):
    model = models.DPIA
    service = services.sign_off_dpia
    title = "Sign off the DPIA"
    button = "Sign off"
    done = "DPIA signed off."


class DPIARiskList(ObjectListView):
    model = models.DPIARisk
    filterset_class = filters.DPIARiskFilterSet
    columns = (
        Column("description", "Risk", link=True),
        Column("dpia", "DPIA"),
        Column("level", "Risk"),
        Column("residual_level", "Residual risk"),
        Column("measure_approved", "Measure approved"),
    )

    select_related = ("dpia",)


class DPIARiskDetail(ObjectDetailView):
    model = models.DPIARisk
    fields = (
        "dpia",
        "description",
        "likelihood",
        "severity",
        ("level", "Risk"),
        "measures",
        "residual_likelihood",
        "residual_severity",
        ("residual_level", "Residual risk"),
        "measure_approved",
    )


class DPIARiskEdit(ObjectEditView):
    model = models.DPIARisk
    form_class = forms.DPIARiskForm

    def save(self, form: ModelForm[Any], creating: bool) -> Any:
        risk = form.save()
        risk.dpia.refresh_residual_risk()
        return risk


# Data standards and quality
class DataStandardList(ObjectListView):
    model = models.DataStandard
    filterset_class = filters.DataStandardFilterSet
    columns = (
        Column("name", "Standard", sort="name", link=True),
        Column("asset", "Asset", sort="asset__name"),
        Column("unique_key", "Unique key"),
    )
    intro = "Corporate data standards: the fields and rules a dataset must meet."

    select_related = ("asset",)


class DataStandardDetail(ObjectDetailView):
    model = models.DataStandard
    fields = ("name", "asset", "description", "unique_key")
    template_name = "assets/datastandard_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        checks = list(obj.checks.order_by("run_at"))
        fields = list(obj.fields.all())
        names = {f.name for f in fields}
        return {
            "standard_fields": fields,
            "key_not_fields": [k for k in obj.key_fields if k not in names] if fields else [],
            "checks": checks,
            "chart": _quality_trend(checks),
            "can_check": models.QualityCheck.policy.can_add(self.request.user)
            and models.InformationAsset.policy.allows(self.request.user, VIEW, obj.asset),
            "upload_form": forms.ExtractUploadForm(),
        }


class DataStandardEdit(ObjectEditView):
    model = models.DataStandard
    form_class = forms.DataStandardForm


class StandardFieldList(ObjectListView):
    model = models.StandardField
    filterset_class = filters.StandardFieldFilterSet
    columns = (
        Column("name", "Field", link=True),
        Column("standard", "Standard"),
        Column("field_type", "Type"),
        Column("required", "Required"),
    )

    select_related = ("standard",)


class StandardFieldDetail(ObjectDetailView):
    model = models.StandardField
    fields = (
        "standard",
        "name",
        "field_type",
        "required",
        "pattern",
        "allowed_values",
        "min_length",
        "max_length",
        "minimum",
        "maximum",
    )


class StandardFieldEdit(ObjectEditView):
    model = models.StandardField
    form_class = forms.StandardFieldForm


class CheckExtract(ModelViewMixin, View):
    """Accept an extract and show the check's page at once; the job checks the rows. The
    standard is found like every record (404 outside scope); the service says who may
    check (403), as for the API. The upload form is on the standard's page."""

    model = models.DataStandard
    select_related = ("asset",)

    def standard(self, pk: Any) -> Any:
        standard = self.get_object(pk)
        services.queue_quality_check.require(self.request.user, standard)
        return standard

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        return HttpResponseRedirect(self.standard(pk).get_absolute_url())

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        standard = self.standard(pk)
        form = forms.ExtractUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                check = services.queue_quality_check(
                    standard,
                    acting_user=request.user,
                    data=upload.read(),
                    filename=upload.name,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                return HttpResponseRedirect(check.get_absolute_url())
        else:
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return HttpResponseRedirect(standard.get_absolute_url())


class QualityCheckList(ObjectListView):
    model = models.QualityCheck
    filterset_class = filters.QualityCheckFilterSet
    columns = (
        Column("run_at", "Uploaded", sort="run_at", link=True),
        Column("standard", "Standard"),
        Column("asset", "Asset"),
        Column("state", "State"),
        Column("row_count", "Rows"),
        Column("completeness", "Completeness %"),
        Column("validity", "Validity %"),
        Column("uniqueness", "Uniqueness %"),
        Column("error_count", "Errors"),
    )

    select_related = ("standard", "asset")


ERRORS_PER_PAGE = 50
PROBLEM_HEADINGS = ["Row", "Column", "Value", "Rule", "Message"]


class QualityCheckDetail(ObjectDetailView):
    model = models.QualityCheck
    fields = (
        "standard",
        "asset",
        "run_at",
        "run_by",
        "filename",
        "row_count",
        ("completeness", "Completeness (%)"),
        ("validity", "Validity (%)"),
        ("uniqueness", "Uniqueness (%)"),
        "error_count",
    )
    template_name = "assets/qualitycheck_detail.html"
    # Shown only once the check is done (before, they have no value yet).
    result_fields = frozenset(
        {"Rows", "Completeness (%)", "Validity (%)", "Uniqueness (%)", "Problems"}
    )

    def detail_rows(self, obj: Any) -> list[dict[str, Any]]:
        rows = super().detail_rows(obj)
        if obj.state == CheckState.DONE:
            return rows
        return [row for row in rows if row["label"] not in self.result_fields]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        problems = obj.problems.order_by("id").only("row", "column", "value", "rule", "message")
        page = Paginator(problems, ERRORS_PER_PAGE).get_page(self.request.GET.get("page"))
        return {"page": page, "errors": page.object_list}


class QualityCheckProgress(QualityCheckDetail):
    """The state of a check, polled by its page until the check has finished."""

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object(pk)
        if request.headers.get("HX-Request") != "true":
            # A fragment for the check's page: a person opening it gets the whole page.
            return HttpResponseRedirect(obj.get_absolute_url())
        if obj.finished:
            # htmx reloads the whole page when the check has finished.
            return HttpResponse(headers={"HX-Refresh": "true"})
        return render(request, "assets/_check_progress.html", {"object": obj})


class QualityCheckErrorsDownload(QualityCheckDetail):
    """Every problem a check found, as CSV or Excel: row, column, value, rule, message."""

    def get(self, request: HttpRequest, pk: Any) -> HttpResponseBase:  # type: ignore[override]
        obj = self.get_object(pk)
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        rows = (
            [str(row), column, value, rule, message]
            for row, column, value, rule, message in obj.problems.order_by("id")
            .values_list("row", "column", "value", "rule", "message")
            .iterator(chunk_size=5000)
        )
        return spreadsheet_response(
            f"quality-check-{obj.pk}-problems", fmt, PROBLEM_HEADINGS, rows, title="Problems"
        )
