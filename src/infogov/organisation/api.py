"""REST API for the organisation: `/api/organisation/<plural-model>/`."""

from __future__ import annotations

from typing import Any

from rest_framework import routers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from infogov.core.api import GovernedSerializer, GovernedViewSet
from infogov.organisation import filters, models, services


class CouncilSerializer(GovernedSerializer):
    class Meta:
        model = models.Council
        fields = [
            "id",
            "name",
            "short_name",
            "address",
            "email",
            "phone",
            "website",
            "ico_registration_number",
            "dpo_contact",
            "created_at",
            "updated_at",
        ]


class DivisionSerializer(GovernedSerializer):
    class Meta:
        model = models.Division
        fields = ["id", "name", "code", "description", "is_active", "created_at", "updated_at"]


class ServiceSerializer(GovernedSerializer):
    class Meta:
        model = models.Service
        fields = ["id", "division", "name", "description", "is_active", "created_at", "updated_at"]


class PersonSerializer(GovernedSerializer):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = models.Person
        fields = [
            "id",
            "full_name",
            "first_name",
            "last_name",
            "kind",
            "email",
            "phone",
            "job_title",
            "division",
            "service",
            "line_manager",
            "ward",
            "organisation",
            "started_on",
            "is_active",
            "user",
            "created_at",
            "updated_at",
        ]


class RoleAssignmentSerializer(GovernedSerializer):
    class Meta:
        model = models.RoleAssignment
        fields = [
            "id",
            "person",
            "role",
            "division",
            "starts_on",
            "ends_on",
            "note",
            "created_at",
            "updated_at",
        ]


class GroupSerializer(GovernedSerializer):
    class Meta:
        model = models.Group
        fields = [
            "id",
            "name",
            "kind",
            "division",
            "description",
            "meeting_frequency",
            "created_at",
            "updated_at",
        ]


class MembershipSerializer(GovernedSerializer):
    class Meta:
        model = models.Membership
        fields = [
            "id",
            "group",
            "person",
            "role",
            "deputy_for",
            "starts_on",
            "ends_on",
            "created_at",
            "updated_at",
        ]


class RoleDescriptionSerializer(GovernedSerializer):
    class Meta:
        model = models.RoleDescription
        fields = [
            "id",
            "role",
            "summary",
            "responsibilities",
            "mfa_required",
            "created_at",
            "updated_at",
        ]


class RolesPageVersionSerializer(GovernedSerializer):
    class Meta:
        model = models.RolesPageVersion
        fields = ["id", "version", "published_at", "published_by", "introduction", "change_note"]
        read_only_fields = ["version", "published_at", "published_by"]


class AcknowledgementSerializer(GovernedSerializer):
    class Meta:
        model = models.Acknowledgement
        fields = ["id", "person", "version", "acknowledged_at"]
        read_only_fields = ["person", "version", "acknowledged_at"]


class CouncilViewSet(GovernedViewSet):
    queryset = models.Council.objects.all()
    serializer_class = CouncilSerializer


class DivisionViewSet(GovernedViewSet):
    queryset = models.Division.objects.all()
    serializer_class = DivisionSerializer
    filterset_class = filters.DivisionFilterSet


class ServiceViewSet(GovernedViewSet):
    queryset = models.Service.objects.all()
    serializer_class = ServiceSerializer
    filterset_class = filters.ServiceFilterSet


class PersonViewSet(GovernedViewSet):
    queryset = models.Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = filters.PersonFilterSet


class RoleAssignmentViewSet(GovernedViewSet):
    queryset = models.RoleAssignment.objects.all()
    serializer_class = RoleAssignmentSerializer
    filterset_class = filters.RoleAssignmentFilterSet

    def save_new(self, serializer: Any) -> None:
        assignment = models.RoleAssignment(**serializer.validated_data)
        serializer.instance = services.grant_role(assignment, acting_user=self.request.user)


class GroupViewSet(GovernedViewSet):
    queryset = models.Group.objects.all()
    serializer_class = GroupSerializer
    filterset_class = filters.GroupFilterSet


class MembershipViewSet(GovernedViewSet):
    queryset = models.Membership.objects.all()
    serializer_class = MembershipSerializer
    filterset_class = filters.MembershipFilterSet


class RoleDescriptionViewSet(GovernedViewSet):
    queryset = models.RoleDescription.objects.all()
    serializer_class = RoleDescriptionSerializer
    filterset_class = filters.RoleDescriptionFilterSet


class RolesPageVersionViewSet(GovernedViewSet):
    """Published versions; `POST` publishes a new one (IG manager)."""

    queryset = models.RolesPageVersion.objects.all()
    serializer_class = RolesPageVersionSerializer
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = services.publish_roles_page(
            acting_user=request.user,
            introduction=serializer.validated_data.get("introduction", ""),
            change_note=serializer.validated_data.get("change_note", ""),
        )
        return Response(self.get_serializer(version).data, status=status.HTTP_201_CREATED)


class AcknowledgementViewSet(GovernedViewSet):
    """`POST` (no body) acknowledges the current roles page for the signed-in person."""

    queryset = models.Acknowledgement.objects.all()
    serializer_class = AcknowledgementSerializer
    filterset_class = filters.AcknowledgementFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ack = services.acknowledge_roles_page(acting_user=request.user)
        return Response(self.get_serializer(ack).data, status=status.HTTP_201_CREATED)


router = routers.DefaultRouter()
router.register("council", CouncilViewSet)
router.register("divisions", DivisionViewSet)
router.register("services", ServiceViewSet)
router.register("people", PersonViewSet)
router.register("role-assignments", RoleAssignmentViewSet)
router.register("groups", GroupViewSet)
router.register("memberships", MembershipViewSet)
router.register("role-descriptions", RoleDescriptionViewSet)
router.register("roles-page-versions", RolesPageVersionViewSet)
router.register("acknowledgements", AcknowledgementViewSet)
