"""One FilterSet per model: the list page, the API and exports share them."""

import django_filters

from infogov.core.filters import BaseFilterSet
from infogov.core.roles import Role
from infogov.organisation import models
from infogov.organisation.choices import GroupKind, MembershipRole, PersonKind


class DivisionFilterSet(BaseFilterSet):
    search_fields = ("name", "code", "description")

    class Meta:
        model = models.Division
        fields = ["q", "is_active"]


class ServiceFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = models.Service
        fields = ["q", "division", "is_active"]


class PersonFilterSet(BaseFilterSet):
    search_fields = ("first_name", "last_name", "email", "job_title")
    kind = django_filters.ChoiceFilter(choices=PersonKind.choices)

    class Meta:
        model = models.Person
        fields = ["q", "kind", "division", "service", "is_active"]


class RoleAssignmentFilterSet(BaseFilterSet):
    search_fields = ("person__first_name", "person__last_name", "note")
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = models.RoleAssignment
        fields = ["q", "role", "division", "person"]


class GroupFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    kind = django_filters.ChoiceFilter(choices=GroupKind.choices)

    class Meta:
        model = models.Group
        fields = ["q", "kind", "division"]


class MembershipFilterSet(BaseFilterSet):
    search_fields = ("person__first_name", "person__last_name", "group__name")
    role = django_filters.ChoiceFilter(choices=MembershipRole.choices)

    class Meta:
        model = models.Membership
        fields = ["q", "group", "role", "person"]


class RoleDescriptionFilterSet(BaseFilterSet):
    search_fields = ("summary", "responsibilities")

    class Meta:
        model = models.RoleDescription
        fields = ["q", "mfa_required"]


class AcknowledgementFilterSet(BaseFilterSet):
    search_fields = ("person__first_name", "person__last_name")

    class Meta:
        model = models.Acknowledgement
        fields = ["q", "version", "person"]
