"""REST API for risks: `/api/risks/<plural-model>/`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, routers, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from infogov.core.api import (
    GovernedSerializer,
    GovernedViewSet,
    ReadOnlyGovernedViewSet,
    object_action,
)
from infogov.core.permissions import CHANGE
from infogov.core.validators import happened, planned
from infogov.risks import filters, models, services


class RiskSerializer(GovernedSerializer):
    inherent_score = serializers.IntegerField(read_only=True)
    residual_score = serializers.IntegerField(read_only=True)
    residual_band = serializers.CharField(read_only=True)
    inherent_band = serializers.CharField(read_only=True)

    class Meta:
        model = models.Risk
        fields = [
            "id",
            "reference",
            "title",
            "heading",
            "division",
            "owner",
            "cause",
            "consequence",
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
            "inherent_score",
            "residual_score",
            "residual_band",
            "inherent_band",
            "target_score",
            "review_date",
            "last_reviewed_on",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["reference", "last_reviewed_on"]
        extra_kwargs = {
            "division": {"required": False},
            "owner": {"required": False},
            "residual_likelihood": {"required": False},
            "residual_impact": {"required": False},
        }


class ReviewRequestSerializer(serializers.Serializer):
    residual_likelihood = serializers.IntegerField(min_value=1, max_value=5)
    residual_impact = serializers.IntegerField(min_value=1, max_value=5)
    inherent_likelihood = serializers.IntegerField(min_value=1, max_value=5, required=False)
    inherent_impact = serializers.IntegerField(min_value=1, max_value=5, required=False)
    next_review = serializers.DateField(required=False, allow_null=True, validators=[planned])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ControlSerializer(GovernedSerializer):
    linked_scope = {"risk": CHANGE}

    class Meta:
        model = models.Control
        fields = ["id", "risk", "description", "effectiveness", "owner", "created_at", "updated_at"]


class RiskReviewSerializer(GovernedSerializer):
    class Meta:
        model = models.RiskReview
        fields = [
            "id",
            "risk",
            "reviewed_on",
            "reviewed_by",
            "inherent_likelihood",
            "inherent_impact",
            "inherent_score",
            "residual_likelihood",
            "residual_impact",
            "residual_score",
            "note",
            "next_review",
            "created_at",
        ]
        read_only_fields = fields


class RiskBandSerializer(GovernedSerializer):
    max_score = serializers.SerializerMethodField()

    class Meta:
        model = models.RiskBand
        fields = ["id", "name", "min_score", "max_score", "colour", "created_at", "updated_at"]

    def get_max_score(self, obj: models.RiskBand) -> int:
        if "_bands" not in self.context:
            self.context["_bands"] = models.current_bands()
        bands = self.context["_bands"]
        for band in bands:
            if band.name == obj.name:
                return int(band.max_score)
        return 25


class EscalationSerializer(GovernedSerializer):
    topic = serializers.CharField(read_only=True)

    class Meta:
        model = models.Escalation
        fields = [
            "id",
            "risk",
            "subject",
            "topic",
            "division",
            "summary",
            "requested_decision",
            "status",
            "raised_by",
            "raised_on",
            "siro_note",
            "siro_decided_on",
            "cmt_decision",
            "cmt_decided_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "raised_by",
            "raised_on",
            "siro_note",
            "siro_decided_on",
            "cmt_decision",
            "cmt_decided_on",
        ]


class SiroNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CmtDecisionSerializer(serializers.Serializer):
    decision = serializers.CharField()
    decided_on = serializers.DateField(required=False, allow_null=True, validators=[happened])


class RiskViewSet(GovernedViewSet):
    """The risk register. `owner` defaults to the creator's person; scores are computed."""

    queryset = models.Risk.objects.all()
    serializer_class = RiskSerializer
    filterset_class = filters.RiskFilterSet
    select_related = ("division", "owner")

    def get_queryset(self) -> Any:
        return super().get_queryset().with_bands()  # type: ignore[attr-defined]

    def _check_division(self, serializer: Any) -> None:
        division = serializer.validated_data.get("division")
        allowed = self.policy.add_division_ids(self.request.user)
        if division is not None and allowed is not None and division.pk not in allowed:
            raise exceptions.PermissionDenied(
                "You may add risks only to the divisions you are information officer for."
            )

    def save_new(self, serializer: Any) -> None:
        self._check_division(serializer)
        risk = models.Risk(**serializer.validated_data)
        serializer.instance = services.create_risk(risk, acting_user=self.request.user)
        allowed = self.policy.add_division_ids(self.request.user)
        if allowed is not None and risk.division_id not in allowed:
            raise exceptions.PermissionDenied("That would put the risk outside your scope.")

    def save_changes(self, serializer: Any) -> None:
        risk = serializer.instance
        for key, value in serializer.validated_data.items():
            setattr(risk, key, value)
        serializer.instance = services.update_risk(risk, acting_user=self.request.user)

    @extend_schema(request=ReviewRequestSerializer, responses={201: RiskReviewSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: Any = None) -> Response:
        """Review the risk: record its scores today (movement over time)."""
        risk = self.get_object()
        services.review_risk.require(request.user, risk)
        data = ReviewRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_risk(risk, acting_user=request.user, **data.validated_data)
        return Response(RiskReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class ControlViewSet(GovernedViewSet):
    queryset = models.Control.objects.all()
    serializer_class = ControlSerializer
    filterset_class = filters.ControlFilterSet

    def save_new(self, serializer: Any) -> None:
        risk = serializer.validated_data["risk"]
        if not models.Risk.policy.allows(self.request.user, "change", risk):
            raise exceptions.PermissionDenied("You may not add controls to this risk.")
        serializer.save()


class RiskReviewViewSet(ReadOnlyGovernedViewSet):
    """Reviews are recorded with `POST /api/risks/risks/{id}/review/`; read-only here."""

    queryset = models.RiskReview.objects.all()
    serializer_class = RiskReviewSerializer
    filterset_class = filters.RiskReviewFilterSet


class RiskBandViewSet(GovernedViewSet):
    queryset = models.RiskBand.objects.all()
    serializer_class = RiskBandSerializer
    filterset_class = filters.RiskBandFilterSet

    def perform_destroy(self, instance: Any) -> None:
        services.delete_band(instance, acting_user=self.request.user)


class EscalationViewSet(GovernedViewSet):
    """Escalate with POST; the SIRO accepts or returns; the CMT decision is recorded."""

    queryset = models.Escalation.objects.all()
    serializer_class = EscalationSerializer
    filterset_class = filters.EscalationFilterSet
    select_related = ("risk", "division")
    http_method_names = ["get", "post", "head", "options"]

    def save_new(self, serializer: Any) -> None:
        data = serializer.validated_data
        risk = data.get("risk")
        if (
            risk is not None
            and not models.Risk.objects.restrict(self.request.user, "view")
            .filter(pk=risk.pk)
            .exists()
        ):
            raise exceptions.ValidationError({"risk": ["Choose a risk you can see."]})
        serializer.instance = services.escalate(
            summary=data["summary"],
            requested_decision=data["requested_decision"],
            risk=risk,
            subject=data.get("subject", ""),
            division=data.get("division"),
            acting_user=self.request.user,
        )

    accept = object_action(services.accept_for_cmt, SiroNoteSerializer, name="accept")
    return_ = object_action(
        services.return_escalation, SiroNoteSerializer, name="return_", url_path="return"
    )
    decide = object_action(services.record_decision, CmtDecisionSerializer, name="decide")


router = routers.DefaultRouter()
router.register("risks", RiskViewSet)
router.register("controls", ControlViewSet)
router.register("reviews", RiskReviewViewSet)
router.register("bands", RiskBandViewSet)
router.register("escalations", EscalationViewSet)
