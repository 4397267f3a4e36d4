"""REST API for records: `/api/records/<plural-model>/`."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, routers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from infogov.core.api import (
    GovernedSerializer,
    GovernedViewSet,
    ReadOnlyGovernedViewSet,
    object_action,
)
from infogov.records import filters, models, services
from infogov.records.choices import DecisionOutcome, DestructionMethod


class RetentionRuleSerializer(GovernedSerializer):
    class Meta:
        model = models.RetentionRule
        fields = [
            "id",
            "code",
            "function",
            "activity",
            "record_series",
            "description",
            "trigger",
            "period_years",
            "period_months",
            "disposal_action",
            "authority",
            "is_active",
            "created_at",
            "updated_at",
        ]


class RecordHoldingSerializer(GovernedSerializer):
    due_date = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = models.RecordHolding
        fields = [
            "id",
            "title",
            "division",
            "retention_rule",
            "trigger_date",
            "due_date",
            "reference",
            "location",
            "extent",
            "status",
            "disposed_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "disposed_on"]


class LegalHoldSerializer(GovernedSerializer):
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = models.LegalHold
        fields = [
            "id",
            "holding",
            "reason",
            "placed_by",
            "placed_on",
            "review_on",
            "released_on",
            "released_by",
            "release_reason",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["placed_by", "released_on", "released_by", "release_reason"]


class ReleaseSerializer(serializers.Serializer):
    release_reason = serializers.CharField(max_length=300)


class DisposalDecisionSerializer(GovernedSerializer):
    class Meta:
        model = models.DisposalDecision
        fields = ["id", "batch", "holding", "retention_code", "due_date", "created_at"]


class DisposalBatchSerializer(GovernedSerializer):
    certificate_number = serializers.CharField(read_only=True)
    holdings = serializers.PrimaryKeyRelatedField(
        many=True, write_only=True, queryset=models.RecordHolding.objects.all()
    )

    class Meta:
        model = models.DisposalBatch
        fields = [
            "id",
            "certificate_number",
            "division",
            "decided_by",
            "decided_on",
            "outcome",
            "method",
            "witness",
            "notes",
            "holdings",
            "created_at",
        ]
        read_only_fields = ["decided_by"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return attrs


class RetentionRuleViewSet(GovernedViewSet):
    queryset = models.RetentionRule.objects.all()
    serializer_class = RetentionRuleSerializer
    filterset_class = filters.RetentionRuleFilterSet


class RecordHoldingViewSet(GovernedViewSet):
    queryset = models.RecordHolding.objects.all()
    serializer_class = RecordHoldingSerializer
    filterset_class = filters.RecordHoldingFilterSet
    select_related = ("retention_rule",)


class LegalHoldViewSet(GovernedViewSet):
    """Legal holds; `POST …/{id}/release/` with `release_reason` releases one."""

    queryset = models.LegalHold.objects.all()
    serializer_class = LegalHoldSerializer
    filterset_class = filters.LegalHoldFilterSet
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def save_new(self, serializer: Any) -> None:
        hold = models.LegalHold(**serializer.validated_data)
        serializer.instance = services.place_hold(hold, acting_user=self.request.user)

    release = object_action(services.release_hold, ReleaseSerializer, name="release")


class DisposalBatchViewSet(GovernedViewSet):
    """Disposal decisions. `POST` records one through the disposal service (authorised
    person only; legal holds and not-yet-due records refuse the whole decision)."""

    queryset = models.DisposalBatch.objects.all()
    serializer_class = DisposalBatchSerializer
    filterset_class = filters.DisposalBatchFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        visible = set(
            models.RecordHolding.objects.restrict(request.user, "view")
            .filter(pk__in=[h.pk for h in data["holdings"]])
            .values_list("pk", flat=True)
        )
        unseen = [h.pk for h in data["holdings"] if h.pk not in visible]
        if unseen:
            raise exceptions.ValidationError(
                {"holdings": [f'Invalid pk "{pk}" - object does not exist.' for pk in unseen]}
            )
        batch = services.record_disposal(
            data["division"],
            data["holdings"],
            data.get("outcome", DecisionOutcome.DESTROY),
            method=data.get("method", DestructionMethod.NOT_APPLICABLE),
            witness=data.get("witness", ""),
            notes=data.get("notes", ""),
            on=data.get("decided_on"),
            acting_user=request.user,
        )
        return Response(self.get_serializer(batch).data, status=status.HTTP_201_CREATED)


class DisposalDecisionViewSet(ReadOnlyGovernedViewSet):
    queryset = models.DisposalDecision.objects.all()
    serializer_class = DisposalDecisionSerializer
    filterset_class = filters.DisposalDecisionFilterSet


router = routers.DefaultRouter()
router.register("retention-rules", RetentionRuleViewSet)
router.register("record-holdings", RecordHoldingViewSet)
router.register("legal-holds", LegalHoldViewSet)
router.register("disposal-batches", DisposalBatchViewSet)
router.register("disposal-decisions", DisposalDecisionViewSet)
