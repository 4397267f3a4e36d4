"""Forms for the organisation's records."""

from typing import Any

from django import forms

from infogov.core.forms import GovernedForm
from infogov.organisation import models


class CouncilForm(GovernedForm):
    class Meta:
        model = models.Council
        fields = [
            "name",
            "short_name",
            "address",
            "email",
            "phone",
            "website",
            "ico_registration_number",
            "dpo_contact",
        ]


class DivisionForm(GovernedForm):
    class Meta:
        model = models.Division
        fields = ["name", "code", "description", "is_active"]


class ServiceForm(GovernedForm):
    class Meta:
        model = models.Service
        fields = ["division", "name", "description", "is_active"]


class PersonForm(GovernedForm):
    class Meta:
        model = models.Person
        fields = [
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
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_choices("service", select_related=("division",))
        self.narrow_choices("line_manager", kind="staff", is_active=True)


class RoleAssignmentForm(GovernedForm):
    class Meta:
        model = models.RoleAssignment
        fields = ["person", "role", "division", "starts_on", "ends_on", "note"]


class GroupForm(GovernedForm):
    class Meta:
        model = models.Group
        fields = ["name", "kind", "division", "description", "meeting_frequency"]


class MembershipForm(GovernedForm):
    class Meta:
        model = models.Membership
        fields = ["group", "person", "role", "deputy_for", "starts_on", "ends_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An information officer adds members to their own division's group only.
        policy = models.Membership.policy
        division_ids = policy.add_division_ids(self.user)
        if division_ids is not None:
            self.narrow_choices("group", division__in=division_ids)


class RoleDescriptionForm(GovernedForm):
    class Meta:
        model = models.RoleDescription
        fields = ["role", "summary", "responsibilities", "mfa_required"]
        widgets = {"responsibilities": forms.Textarea(attrs={"rows": 8})}


class PublishRolesPageForm(forms.Form):
    introduction = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Shown at the top of the page above each role's responsibilities.",
    )
    change_note = forms.CharField(
        max_length=300,
        required=False,
        label="What changed",
        help_text="Role holders are asked to acknowledge the new version.",
    )
