"""REST API for ICO registrations: `/api/registrations/<plural-model>/`."""

from __future__ import annotations

from rest_framework import routers, serializers

from infogov.core.api import GovernedSerializer, GovernedViewSet
from infogov.registrations import filters, models


class RegistrationSerializer(GovernedSerializer):
    days_to_expiry = serializers.IntegerField(read_only=True)
    renewal_due = serializers.BooleanField(read_only=True)

    class Meta:
        model = models.Registration
        fields = [
            "id",
            "controller_name",
            "registration_number",
            "tier",
            "direct_debit",
            "fee",
            "starts_on",
            "expires_on",
            "days_to_expiry",
            "renewal_due",
            "payment_reference",
            "status",
            "contact",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["fee"]
        extra_kwargs = {"expires_on": {"required": False}}


class MemberExemptionSerializer(GovernedSerializer):
    status_text = serializers.CharField(read_only=True)

    class Meta:
        model = models.MemberExemption
        fields = [
            "id",
            "person",
            "exempt_since",
            "registered_for_other_processing",
            "registration_number",
            "status_text",
            "notes",
            "created_at",
            "updated_at",
        ]


class RegistrationViewSet(GovernedViewSet):
    """One registration per controller; the fee is computed from tier, payment and date."""

    queryset = models.Registration.objects.all()
    serializer_class = RegistrationSerializer
    filterset_class = filters.RegistrationFilterSet


class MemberExemptionViewSet(GovernedViewSet):
    queryset = models.MemberExemption.objects.all()
    serializer_class = MemberExemptionSerializer
    filterset_class = filters.MemberExemptionFilterSet
    select_related = ("person",)


router = routers.DefaultRouter()
router.register("registrations", RegistrationViewSet)
router.register("member-exemptions", MemberExemptionViewSet)
