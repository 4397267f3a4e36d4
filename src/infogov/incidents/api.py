"""REST API for incidents: `/api/incidents/<plural-model>/`."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, routers, serializers, views
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from infogov.core.api import (
    GovernedSerializer,
    GovernedViewSet,
    action_serializer,
    object_action,
)
from infogov.incidents import analysis, filters, forms, models, services


def _thresholds(context: dict[str, Any]) -> models.ReportabilityThresholds:
    found = context.get("thresholds")
    if found is None:
        found = context["thresholds"] = models.ReportabilityThresholds.current()
    return found


class IncidentSerializer(GovernedSerializer):
    ico_deadline = serializers.SerializerMethodField(
        help_text="72 elapsed hours after `aware_at`, as an ISO date-time with its "
        "Europe/London offset; null until `aware_at` is set."
    )
    ico_reportable = serializers.SerializerMethodField(
        help_text="A personal data breach at or above the ICO thresholds."
    )
    individuals_to_be_told = serializers.SerializerMethodField(
        help_text="A personal data breach at or above the thresholds for telling individuals."
    )

    class Meta:
        model = models.Incident
        fields = [
            "id",
            "reference",
            "division",
            "title",
            "description",
            "occurred_at",
            "discovered_at",
            "is_near_miss",
            "data_involved",
            "people_affected",
            "containment",
            "personal_data_breach",
            "breach_marked_at",
            "aware_at",
            "likelihood",
            "severity",
            "incident_type",
            "cause",
            "special_category",
            "vulnerable_people",
            "data_categories",
            "subject_categories",
            "related_risks",
            "related_assets",
            "status",
            "ico_deadline",
            "ico_reportable",
            "individuals_to_be_told",
            "decision",
            "decision_reasons",
            "ico_notified_at",
            "ico_reference",
            "late_reasons",
            "reported_by",
            "reported_at",
            "created_at",
            "updated_at",
        ]
        # Set only by the actions below (notify-ico, not-report), never by PATCH.
        read_only_fields = [
            "status",
            "decision",
            "decision_reasons",
            "ico_notified_at",
            "ico_reference",
            "late_reasons",
        ]
        extra_kwargs = {
            name: {
                "error_messages": {
                    key: f"{label} must be a whole number from 1 to 5."
                    for key in ("max_value", "min_value", "invalid")
                }
            }
            for name, label in (
                ("likelihood", "Likelihood of harm"),
                ("severity", "Severity of harm"),
            )
        }

    @extend_schema_field({"type": "string", "format": "date-time", "nullable": True})
    def get_ico_deadline(self, obj: models.Incident) -> str | None:
        deadline = obj.ico_deadline
        return deadline.isoformat() if deadline else None

    def get_ico_reportable(self, obj: models.Incident) -> bool:
        return _thresholds(self.context).ico_reportable(obj)

    def get_individuals_to_be_told(self, obj: models.Incident) -> bool:
        return _thresholds(self.context).individuals_to_be_told(obj)


class IncidentViewSet(GovernedViewSet):
    """Incidents and near misses. Anyone signed in may report (`POST` with the six report
    fields); only the IG manager and caseworkers may set the assessment fields (`PATCH`
    or `POST …/assess/`). The ICO decision, the notification of individuals and closing
    are actions of their own: `notify-ico`, `not-report`, `individuals`, `close`."""

    queryset = models.Incident.objects.all()
    serializer_class = IncidentSerializer
    filterset_class = filters.IncidentFilterSet
    prefetch_related = (
        "data_categories",
        "subject_categories",
        "related_risks",
        "related_assets",
    )

    def save_new(self, serializer: Any) -> None:
        serializer.instance = services.report_incident(
            models.Incident(), acting_user=self.request.user, data=serializer.validated_data
        )

    def save_changes(self, serializer: Any) -> None:
        serializer.instance = services.assess(
            serializer.instance, acting_user=self.request.user, **serializer.validated_data
        )

    assess = object_action(
        services.assess,
        action_serializer(
            models.Incident, forms.AssessmentForm.Meta.fields, name="IncidentAssessment"
        ),
        name="assess",
    )
    notify_ico = object_action(
        services.record_ico_notification,
        action_serializer(
            models.Incident,
            forms.IcoNotificationForm.Meta.fields,
            name="IcoNotification",
            required=("ico_notified_at",),
        ),
        name="notify_ico",
    )
    not_report = object_action(
        services.decide_not_to_report,
        action_serializer(
            models.Incident,
            ["decision_reasons"],
            name="NotReportDecision",
            required=("decision_reasons",),
        ),
        name="not_report",
    )
    individuals = object_action(
        services.record_individuals_notification,
        action_serializer(
            models.Incident,
            ["individuals_notified_on", "individuals_method", "individuals_count"],
            name="IndividualsNotification",
            required=("individuals_notified_on", "individuals_method"),
        ),
        name="individuals",
    )
    close = object_action(
        services.close_incident,
        action_serializer(models.Incident, ["lessons_learned"], name="IncidentClosure"),
        name="close",
    )


class IcoIncidentTypeSerializer(GovernedSerializer):
    class Meta:
        model = models.IcoIncidentType
        fields = ["id", "code", "name", "category", "description"]


class CauseSerializer(GovernedSerializer):
    class Meta:
        model = models.Cause
        fields = [
            "id",
            "name",
            "ico_type",
            "description",
            "is_active",
            "created_at",
            "updated_at",
        ]


class DataCategorySerializer(GovernedSerializer):
    class Meta:
        model = models.DataCategory
        fields = ["id", "name", "is_special_category", "is_active"]


class SubjectCategorySerializer(GovernedSerializer):
    class Meta:
        model = models.SubjectCategory
        fields = ["id", "name", "is_vulnerable", "is_active"]


class ThresholdsSerializer(GovernedSerializer):
    class Meta:
        model = models.ReportabilityThresholds
        fields = [
            "id",
            "ico_likelihood",
            "ico_severity",
            "individuals_likelihood",
            "individuals_severity",
            "updated_at",
        ]


class ActionSerializer(GovernedSerializer):
    class Meta:
        model = models.Action
        fields = [
            "id",
            "incident",
            "description",
            "owner",
            "due_on",
            "done_on",
            "notes",
            "created_at",
            "updated_at",
        ]


class OtherNotificationSerializer(GovernedSerializer):
    class Meta:
        model = models.OtherNotification
        fields = ["id", "incident", "body", "body_name", "notified_at", "reference", "notes"]


class CommentSerializer(GovernedSerializer):
    class Meta:
        model = models.Comment
        fields = ["id", "incident", "author", "body", "created_at"]
        read_only_fields = ["author"]


class _ChildViewSet(GovernedViewSet):
    """Children of an incident: the incident must be one the caller may see."""

    def check_incident(self, serializer: Any) -> None:
        incident = serializer.validated_data.get("incident")
        if (
            incident is not None
            and not models.Incident.objects.filter(pk=incident.pk)
            .restrict(self.request.user, "view")
            .exists()
        ):
            raise exceptions.ValidationError({"incident": ["No such incident."]})


class IcoIncidentTypeViewSet(GovernedViewSet):
    """The ICO's 23 data security incident types (read-only: shipped with InfoGov)."""

    queryset = models.IcoIncidentType.objects.all()
    serializer_class = IcoIncidentTypeSerializer
    http_method_names = ["get", "head", "options"]


class CauseViewSet(GovernedViewSet):
    queryset = models.Cause.objects.all()
    serializer_class = CauseSerializer
    filterset_class = filters.CauseFilterSet


class DataCategoryViewSet(GovernedViewSet):
    queryset = models.DataCategory.objects.all()
    serializer_class = DataCategorySerializer
    filterset_class = filters.DataCategoryFilterSet


class SubjectCategoryViewSet(GovernedViewSet):
    queryset = models.SubjectCategory.objects.all()
    serializer_class = SubjectCategorySerializer
    filterset_class = filters.SubjectCategoryFilterSet


class ThresholdsViewSet(GovernedViewSet):
    """The reportability thresholds (one record): the IG manager changes them."""

    queryset = models.ReportabilityThresholds.objects.all()
    serializer_class = ThresholdsSerializer
    http_method_names = ["get", "put", "patch", "head", "options"]

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        models.ReportabilityThresholds.current()
        return super().list(request, *args, **kwargs)


class ActionViewSet(_ChildViewSet):
    queryset = models.Action.objects.all()
    serializer_class = ActionSerializer
    filterset_class = filters.ActionFilterSet

    def save_new(self, serializer: Any) -> None:
        self.check_incident(serializer)
        serializer.instance = services.add_action(
            models.Action(**serializer.validated_data), acting_user=self.request.user
        )


class OtherNotificationViewSet(_ChildViewSet):
    queryset = models.OtherNotification.objects.all()
    serializer_class = OtherNotificationSerializer
    filterset_class = filters.OtherNotificationFilterSet

    def save_new(self, serializer: Any) -> None:
        self.check_incident(serializer)
        serializer.instance = services.add_other_notification(
            models.OtherNotification(**serializer.validated_data), acting_user=self.request.user
        )


class CommentViewSet(_ChildViewSet):
    queryset = models.Comment.objects.all()
    serializer_class = CommentSerializer
    filterset_class = filters.CommentFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def save_new(self, serializer: Any) -> None:
        self.check_incident(serializer)
        serializer.instance = services.add_comment(
            serializer.validated_data["incident"],
            acting_user=self.request.user,
            body=serializer.validated_data["body"],
        )


class AnalysisView(views.APIView):
    """The incident analysis for a period, as the analysis page shows it: totals (near
    misses, incidents reported to the ICO and not reported), and counts by quarter for each
    outcome, cause, ICO incident type and division. Only the IG team and information
    officers (their divisions) may read it; a bad period answers 400 naming the parameter."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="Start date, YYYY-MM-DD."),
            OpenApiParameter("to", str, description="End date, YYYY-MM-DD (inclusive)."),
            OpenApiParameter(
                "year", str, description="Financial year (April to March), e.g. 2025-26."
            ),
            OpenApiParameter("quarter", str, description="1 to 4 within the financial year."),
        ],
        responses={200: dict, 400: dict, 403: dict},
    )
    def get(self, request: Request) -> Response:
        if not analysis.may_analyse(request.user):
            raise exceptions.PermissionDenied(analysis.DENIED)
        try:
            period = analysis.parse_period(request.query_params)
        except analysis.PeriodError as exc:
            raise exceptions.ValidationError(
                {name: [message] for name, message in exc.errors.items()}
            ) from None
        return Response(analysis.analyse(request.user, period).as_json())


class IncidentsRouter(routers.DefaultRouter):
    """The model endpoints, and `analysis/` (figures, not records)."""

    def get_urls(self) -> list[URLPattern | URLResolver]:
        return [
            path("analysis/", AnalysisView.as_view(), name="incident-analysis"),
            *super().get_urls(),
        ]


router = IncidentsRouter()
router.register("incidents", IncidentViewSet)
router.register("causes", CauseViewSet)
router.register("ico-incident-types", IcoIncidentTypeViewSet)
router.register("data-categories", DataCategoryViewSet)
router.register("subject-categories", SubjectCategoryViewSet)
router.register("thresholds", ThresholdsViewSet)
router.register("actions", ActionViewSet)
router.register("other-notifications", OtherNotificationViewSet)
router.register("comments", CommentViewSet)
