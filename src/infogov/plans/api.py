"""REST API for plans and performance: `/api/plans/<plural-model>/`."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
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
from infogov.core.permissions import CHANGE, VIEW
from infogov.core.validators import planned
from infogov.organisation.models import Division, Person
from infogov.plans import filters, models, services
from infogov.plans.choices import Heading
from infogov.risks.models import Risk


def _latest(field: str) -> Subquery:
    return Subquery(
        models.KpiValue.objects.filter(kpi=OuterRef("pk"))
        .order_by("-period_start")
        .values(field)[:1]
    )


class ActionPlanSerializer(GovernedSerializer):
    class Meta:
        model = models.ActionPlan
        fields = [
            "id",
            "year",
            "title",
            "description",
            "status",
            "approved_on",
            "created_at",
            "updated_at",
        ]


class PlanActionSerializer(GovernedSerializer):
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = models.PlanAction
        fields = [
            "id",
            "plan",
            "reference",
            "title",
            "description",
            "owner",
            "division",
            "heading",
            "due_date",
            "status",
            "risk",
            "percent_complete",
            "rag",
            "last_update_on",
            "completed_on",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["percent_complete", "rag", "last_update_on"]


class MilestoneSerializer(GovernedSerializer):
    linked_scope = {"action": CHANGE}

    class Meta:
        model = models.Milestone
        fields = ["id", "action", "title", "due_date", "completed_on", "created_at", "updated_at"]


class ProgressUpdateSerializer(GovernedSerializer):
    linked_scope = {"action": CHANGE}

    class Meta:
        model = models.ProgressUpdate
        fields = [
            "id",
            "action",
            "reported_on",
            "percentage",
            "rag",
            "narrative",
            "reported_by",
            "created_at",
        ]
        read_only_fields = ["reported_by"]


class KpiSerializer(GovernedSerializer):
    latest_value = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True, allow_null=True
    )
    latest_period_start = serializers.DateField(read_only=True, allow_null=True)
    latest_rag = serializers.SerializerMethodField()
    confirm_source_change = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="true to change the source of a KPI that already has values (all are kept).",
    )

    class Meta:
        model = models.Kpi
        fields = [
            "id",
            "name",
            "definition",
            "unit",
            "direction",
            "target",
            "tolerance",
            "frequency",
            "owner",
            "computed_by",
            "is_active",
            "latest_value",
            "latest_period_start",
            "latest_rag",
            "confirm_source_change",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        confirmed = bool(attrs.pop("confirm_source_change", False))
        attrs = super().validate(attrs)
        if self.instance is not None and "computed_by" in attrs:
            problem = self.instance.source_change_problem(attrs["computed_by"], confirmed=confirmed)
            if problem:
                raise serializers.ValidationError({"computed_by": [problem]})
        return attrs

    def get_latest_rag(self, obj: models.Kpi) -> str:
        """green, amber or red for the latest value; empty when there is no data."""
        return obj.rag_for(getattr(obj, "latest_value", None))


class KpiValueSerializer(GovernedSerializer):
    rag = serializers.CharField(read_only=True)

    class Meta:
        model = models.KpiValue
        fields = [
            "id",
            "kpi",
            "period_start",
            "period_end",
            "value",
            "rag",
            "source",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["source"]


class FrameworkItemSerializer(GovernedSerializer):
    class Meta:
        model = models.FrameworkItem
        fields = ["id", "framework", "code", "title", "expectation", "order"]


class FrameworkSerializer(GovernedSerializer):
    class Meta:
        model = models.Framework
        fields = ["id", "slug", "name", "version", "description", "source_url"]


class AssessmentSerializer(GovernedSerializer):
    class Meta:
        model = models.Assessment
        fields = [
            "id",
            "framework",
            "title",
            "started_on",
            "completed_on",
            "status",
            "lead",
            "previous",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["completed_on", "status", "previous"]


class AssessmentItemSerializer(GovernedSerializer):
    evidence_links = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = models.AssessmentItem
        fields = [
            "id",
            "assessment",
            "item",
            "status",
            "evidence",
            "evidence_links",
            "notes",
            "gap",
            "action",
            "owner",
            "next_review",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["assessment", "item", "action"]


class GapActionSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=models.ActionPlan.objects.all())
    due_date = serializers.DateField(validators=[planned])
    title = serializers.CharField(required=False, allow_blank=True, default="")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    division = serializers.PrimaryKeyRelatedField(
        queryset=Division.objects.all(), required=False, allow_null=True
    )
    heading = serializers.ChoiceField(
        choices=Heading.choices, required=False, allow_blank=True, default=""
    )


class UpdateRequestSerializer(GovernedSerializer):
    linked_scope = {"risk": CHANGE, "action": CHANGE}

    class Meta:
        model = models.UpdateRequest
        fields = [
            "id",
            "risk",
            "action",
            "owner",
            "division",
            "question",
            "due_date",
            "status",
            "requested_by",
            "response",
            "responded_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["division", "status", "requested_by", "response", "responded_on"]


class AnswerSerializer(serializers.Serializer):
    response = serializers.CharField()


class ActionPlanViewSet(GovernedViewSet):
    queryset = models.ActionPlan.objects.all()
    serializer_class = ActionPlanSerializer
    filterset_class = filters.ActionPlanFilterSet


class PlanActionViewSet(GovernedViewSet):
    """Actions in the plan; an information officer manages their own division's."""

    queryset = models.PlanAction.objects.all()
    serializer_class = PlanActionSerializer
    filterset_class = filters.PlanActionFilterSet

    def save_new(self, serializer: Any) -> None:
        allowed = self.policy.add_division_ids(self.request.user)
        division = serializer.validated_data.get("division")
        if allowed is not None and (division is None or division.pk not in allowed):
            raise exceptions.PermissionDenied(
                "You may add actions only to the divisions you are information officer for."
            )
        serializer.save()


def _require_action_change(user: Any, action_obj: models.PlanAction) -> None:
    if not models.PlanAction.policy.allows(user, CHANGE, action_obj):
        raise exceptions.PermissionDenied("You may not change this action.")


class MilestoneViewSet(GovernedViewSet):
    queryset = models.Milestone.objects.all()
    serializer_class = MilestoneSerializer
    filterset_class = filters.MilestoneFilterSet

    def save_new(self, serializer: Any) -> None:
        _require_action_change(self.request.user, serializer.validated_data["action"])
        serializer.save()


class ProgressUpdateViewSet(GovernedViewSet):
    """Progress on actions: percentage 0-100, RAG status, narrative and date."""

    queryset = models.ProgressUpdate.objects.all()
    serializer_class = ProgressUpdateSerializer
    filterset_class = filters.ProgressUpdateFilterSet

    def save_new(self, serializer: Any) -> None:
        _require_action_change(self.request.user, serializer.validated_data["action"])
        serializer.instance = services.add_progress(
            models.ProgressUpdate(**serializer.validated_data), acting_user=self.request.user
        )


class KpiViewSet(GovernedViewSet):
    """KPIs with their latest value and RAG status."""

    queryset = models.Kpi.objects.all()
    serializer_class = KpiSerializer
    filterset_class = filters.KpiFilterSet

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .annotate(latest_value=_latest("value"), latest_period_start=_latest("period_start"))
        )

    compute = object_action(services.recompute_kpi, name="compute")


class KpiValueViewSet(GovernedViewSet):
    queryset = models.KpiValue.objects.all()
    serializer_class = KpiValueSerializer
    filterset_class = filters.KpiValueFilterSet
    select_related = ("kpi",)


class FrameworkViewSet(ReadOnlyGovernedViewSet):
    """Frameworks come from data files in plans/frameworks/; read-only here."""

    queryset = models.Framework.objects.all()
    serializer_class = FrameworkSerializer
    filterset_class = filters.FrameworkFilterSet


class FrameworkItemViewSet(ReadOnlyGovernedViewSet):
    queryset = models.FrameworkItem.objects.all()
    serializer_class = FrameworkItemSerializer
    filterset_class = filters.FrameworkItemFilterSet


class AssessmentViewSet(GovernedViewSet):
    queryset = models.Assessment.objects.all()
    serializer_class = AssessmentSerializer
    filterset_class = filters.AssessmentFilterSet

    def save_new(self, serializer: Any) -> None:
        serializer.instance = services.start_assessment(
            models.Assessment(**serializer.validated_data), acting_user=self.request.user
        )

    complete = object_action(services.complete_assessment, name="complete")


class AssessmentItemViewSet(GovernedViewSet):
    queryset = models.AssessmentItem.objects.all()
    serializer_class = AssessmentItemSerializer
    filterset_class = filters.AssessmentItemFilterSet
    http_method_names = ["get", "put", "patch", "post", "head", "options"]

    @extend_schema(request=GapActionSerializer, responses={201: PlanActionSerializer})
    @action(detail=True, methods=["post"], url_path="raise-action")
    def raise_action(self, request: Request, pk: Any = None) -> Response:
        """Turn the item's gap into an action in the plan."""
        item = self.get_object()
        services.raise_gap_action.require(request.user, item)
        data = GapActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.raise_gap_action(item, acting_user=request.user, **data.validated_data)
        return Response(PlanActionSerializer(created).data, status=status.HTTP_201_CREATED)


class UpdateRequestViewSet(GovernedViewSet):
    """Ask a risk or action owner for an update; the owner answers with `answer`."""

    queryset = models.UpdateRequest.objects.all()
    serializer_class = UpdateRequestSerializer
    filterset_class = filters.UpdateRequestFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def save_new(self, serializer: Any) -> None:
        data = serializer.validated_data
        risk = data.get("risk")
        if (
            risk is not None
            and not Risk.objects.restrict(self.request.user, VIEW).filter(pk=risk.pk).exists()
        ):
            raise exceptions.ValidationError({"risk": ["Choose a risk you can see."]})
        serializer.instance = services.request_update(
            models.UpdateRequest(**data), acting_user=self.request.user
        )

    answer = object_action(services.answer_update_request, AnswerSerializer, name="answer")


router = routers.DefaultRouter()
router.register("plans", ActionPlanViewSet)
router.register("actions", PlanActionViewSet)
router.register("milestones", MilestoneViewSet)
router.register("progress-updates", ProgressUpdateViewSet)
router.register("kpis", KpiViewSet)
router.register("kpi-values", KpiValueViewSet)
router.register("frameworks", FrameworkViewSet)
router.register("framework-items", FrameworkItemViewSet)
router.register("assessments", AssessmentViewSet)
router.register("assessment-items", AssessmentItemViewSet)
router.register("update-requests", UpdateRequestViewSet)
