"""REST API for the asset register and companions: `/api/assets/<plural-model>/`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import routers, serializers
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from infogov.assets import filters, models, services
from infogov.assets.choices import SCREENING_QUESTIONS
from infogov.core.api import (
    GovernedSerializer,
    GovernedViewSet,
    ReadOnlyGovernedViewSet,
    object_action,
)
from infogov.core.history import grouped_history
from infogov.core.permissions import CHANGE
from infogov.core.uploads import validate_spreadsheet


class InformationAssetSerializer(GovernedSerializer):
    review_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = models.InformationAsset
        fields = [
            "id",
            *models.ASSET_EDITABLE_FIELDS,
            "review_overdue",
            "created_at",
            "updated_at",
        ]


class LawfulBasisSerializer(GovernedSerializer):
    class Meta:
        model = models.LawfulBasis
        fields = ["id", "code", "name", "description"]


class ProcessingConditionSerializer(GovernedSerializer):
    class Meta:
        model = models.ProcessingCondition
        fields = ["id", "kind", "code", "name"]


class DataSubjectCategorySerializer(GovernedSerializer):
    class Meta:
        model = models.DataSubjectCategory
        fields = ["id", "name", "description", "created_at", "updated_at"]


class PersonalDataCategorySerializer(GovernedSerializer):
    class Meta:
        model = models.PersonalDataCategory
        fields = ["id", "name", "special_category", "description", "created_at", "updated_at"]


class SharingAgreementSerializer(GovernedSerializer):
    review_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = models.SharingAgreement
        fields = [
            "id",
            "title",
            "kind",
            "division",
            "owner",
            "parties",
            "legal_gateway",
            "assets",
            "dpia",
            "dpia_reference",
            "start_date",
            "review_date",
            "end_date",
            "status",
            "notes",
            "review_overdue",
            "created_at",
            "updated_at",
        ]


class DPIASerializer(GovernedSerializer):
    screening = serializers.ListField(
        child=serializers.ChoiceField(choices=SCREENING_QUESTIONS), required=False
    )
    ico_consultation_required = serializers.BooleanField(read_only=True)

    class Meta:
        model = models.DPIA
        fields = [
            "id",
            "title",
            "division",
            "owner",
            "assets",
            "processing_description",
            "screening",
            "necessity",
            "state",
            "dpo_advice",
            "dpo_advice_followed",
            "dpo_advice_reasons",
            "residual_risk",
            "ico_consultation_required",
            "ico_consulted_on",
            "signed_off_by",
            "signed_off_on",
            "review_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["residual_risk", "signed_off_by", "signed_off_on"]

    def validate_state(self, value: str) -> str:
        current = self.instance.state if self.instance is not None else None
        if value == "signed_off" and current != "signed_off":
            raise serializers.ValidationError("Sign off through POST …/sign-off/.")
        return value


class DPIARiskSerializer(GovernedSerializer):
    linked_scope = {"dpia": CHANGE}
    level = serializers.CharField(read_only=True)
    residual_level = serializers.CharField(read_only=True)

    class Meta:
        model = models.DPIARisk
        fields = [
            "id",
            "dpia",
            "description",
            "likelihood",
            "severity",
            "level",
            "measures",
            "residual_likelihood",
            "residual_severity",
            "residual_level",
            "measure_approved",
            "created_at",
            "updated_at",
        ]


class DataStandardSerializer(GovernedSerializer):
    linked_scope = {"asset": CHANGE}

    class Meta:
        model = models.DataStandard
        fields = ["id", "name", "asset", "description", "unique_key", "created_at", "updated_at"]


class StandardFieldSerializer(GovernedSerializer):
    linked_scope = {"standard": CHANGE}

    class Meta:
        model = models.StandardField
        fields = [
            "id",
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
            "created_at",
            "updated_at",
        ]


class QualityCheckSerializer(GovernedSerializer):
    class Meta:
        model = models.QualityCheck
        fields = [
            "id",
            "standard",
            "asset",
            "run_at",
            "run_by",
            "filename",
            "state",
            "started_at",
            "finished_at",
            "rows_done",
            "row_count",
            "failure",
            "completeness",
            "validity",
            "uniqueness",
            "error_count",
        ]
        read_only_fields = fields


class QualityErrorSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.QualityError
        fields = ["row", "column", "value", "rule", "message"]
        read_only_fields = fields


class ReviewSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class InformationAssetViewSet(GovernedViewSet):
    """The information asset register. `POST …/{id}/review/` records a review."""

    queryset = models.InformationAsset.objects.all()
    serializer_class = InformationAssetSerializer
    filterset_class = filters.InformationAssetFilterSet
    select_related = ()
    prefetch_related = (
        "special_category_conditions",
        "data_subjects",
        "personal_data_categories",
        "lawful_bases",
    )

    def save_new(self, serializer: Any) -> None:
        with grouped_history():  # one History entry for the fields and the lists
            serializer.save()

    def save_changes(self, serializer: Any) -> None:
        with grouped_history():
            serializer.save()

    review = object_action(services.review_asset, ReviewSerializer, name="review")


class LawfulBasisViewSet(ReadOnlyGovernedViewSet):
    queryset = models.LawfulBasis.objects.all()
    serializer_class = LawfulBasisSerializer
    filterset_class = filters.LawfulBasisFilterSet


class ProcessingConditionViewSet(ReadOnlyGovernedViewSet):
    queryset = models.ProcessingCondition.objects.all()
    serializer_class = ProcessingConditionSerializer
    filterset_class = filters.ProcessingConditionFilterSet


class DataSubjectCategoryViewSet(GovernedViewSet):
    queryset = models.DataSubjectCategory.objects.all()
    serializer_class = DataSubjectCategorySerializer
    filterset_class = filters.DataSubjectCategoryFilterSet


class PersonalDataCategoryViewSet(GovernedViewSet):
    queryset = models.PersonalDataCategory.objects.all()
    serializer_class = PersonalDataCategorySerializer
    filterset_class = filters.PersonalDataCategoryFilterSet


class SharingAgreementViewSet(GovernedViewSet):
    queryset = models.SharingAgreement.objects.all()
    serializer_class = SharingAgreementSerializer
    filterset_class = filters.SharingAgreementFilterSet
    prefetch_related = ("assets",)


class DPIAViewSet(GovernedViewSet):
    """DPIAs. `POST …/{id}/sign-off/` signs off (DPO advice needed; high residual risk
    needs the ICO prior consultation date)."""

    queryset = models.DPIA.objects.all()
    serializer_class = DPIASerializer
    filterset_class = filters.DPIAFilterSet
    prefetch_related = ("assets",)

    sign_off = object_action(services.sign_off_dpia, name="sign_off")


class DPIARiskViewSet(GovernedViewSet):
    queryset = models.DPIARisk.objects.all()
    serializer_class = DPIARiskSerializer
    filterset_class = filters.DPIARiskFilterSet

    def save_new(self, serializer: Any) -> None:
        serializer.save()
        serializer.instance.dpia.refresh_residual_risk()

    def save_changes(self, serializer: Any) -> None:
        serializer.save()
        serializer.instance.dpia.refresh_residual_risk()


class ExtractUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A .csv (UTF-8) or .xlsx extract, row 1 headings.")

    def validate_file(self, value: Any) -> Any:
        validate_spreadsheet(value)
        return value


class DataStandardViewSet(GovernedViewSet):
    """Data standards. `POST …/{id}/check/` (multipart, `file`) queues an extract to be
    checked against the standard and answers 202 with the queued check; follow its `state`
    (queued, running, done, failed) and `rows_done` at `/api/assets/quality-checks/{id}/`.
    A standard's rule or unique key naming a column the extract lacks is refused (400)."""

    queryset = models.DataStandard.objects.all()
    serializer_class = DataStandardSerializer
    filterset_class = filters.DataStandardFilterSet

    @extend_schema(
        request={"multipart/form-data": ExtractUploadSerializer},
        responses={202: QualityCheckSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def check(self, request: Request, pk: Any = None) -> Response:
        standard = self.get_object()
        services.queue_quality_check.require(request.user, standard)
        body = ExtractUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        check = services.queue_quality_check(
            standard,
            acting_user=request.user,
            data=upload.read(),
            filename=upload.name,
        )
        return Response(QualityCheckSerializer(check).data, status=202)


class StandardFieldViewSet(GovernedViewSet):
    queryset = models.StandardField.objects.all()
    serializer_class = StandardFieldSerializer
    filterset_class = filters.StandardFieldFilterSet


class QualityCheckViewSet(ReadOnlyGovernedViewSet):
    """Checks of extracts (upload one on the standard's page or `POST` it to the standard's
    `check/`), with their state and progress. `GET …/{id}/problems/` lists every row-level
    problem, 50 a page."""

    queryset = models.QualityCheck.objects.all()
    serializer_class = QualityCheckSerializer
    filterset_class = filters.QualityCheckFilterSet

    @extend_schema(responses={200: QualityErrorSerializer(many=True)})
    @action(detail=True, methods=["get"], filterset_class=None)
    def problems(self, request: Request, pk: Any = None) -> Response:
        check = self.get_object()
        page = self.paginate_queryset(check.problems.order_by("id"))
        return self.get_paginated_response(QualityErrorSerializer(page, many=True).data)


router = routers.DefaultRouter()
router.register("assets", InformationAssetViewSet)
router.register("lawful-bases", LawfulBasisViewSet)
router.register("processing-conditions", ProcessingConditionViewSet)
router.register("data-subject-categories", DataSubjectCategoryViewSet)
router.register("personal-data-categories", PersonalDataCategoryViewSet)
router.register("sharing-agreements", SharingAgreementViewSet)
router.register("dpias", DPIAViewSet)
router.register("dpia-risks", DPIARiskViewSet)
router.register("data-standards", DataStandardViewSet)
router.register("standard-fields", StandardFieldViewSet)
router.register("quality-checks", QualityCheckViewSet)
