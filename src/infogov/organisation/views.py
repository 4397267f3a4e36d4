"""Organisation views: a few attributes each on the shared generic views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from infogov.core.permissions import get_roles
from infogov.core.roles import Role
from infogov.core.tables import Column
from infogov.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from infogov.organisation import filters, forms, models, services


class CouncilDetail(ObjectDetailView):
    model = models.Council
    fields = (
        "name",
        "short_name",
        "address",
        "email",
        "phone",
        "website",
        "ico_registration_number",
        "dpo_contact",
    )


class CouncilEdit(ObjectEditView):
    model = models.Council
    form_class = forms.CouncilForm


class CouncilHistory(ObjectHistoryView):
    model = models.Council


@login_required
def council(request: HttpRequest) -> HttpResponse:
    record = models.Council.current()
    if record is None:
        raise PermissionDenied("The council has not been set up yet.")
    return HttpResponseRedirect(record.get_absolute_url())


# Divisions
class DivisionList(ObjectListView):
    model = models.Division
    filterset_class = filters.DivisionFilterSet
    columns = (
        Column("name", "Name", sort="name", link=True),
        Column("code", "Code", sort="code"),
        Column("is_active", "Active"),
    )
    intro = "The council's divisions. Every governed record belongs to a division."


class DivisionDetail(ObjectDetailView):
    model = models.Division
    fields = ("name", "code", "description", "is_active")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "services": obj.services.all(),
            "officers": models.RoleAssignment.objects.current()
            .filter(division=obj)
            .select_related("person"),
        }


class DivisionEdit(ObjectEditView):
    model = models.Division
    form_class = forms.DivisionForm


# Services
class ServiceList(ObjectListView):
    model = models.Service
    filterset_class = filters.ServiceFilterSet
    columns = (
        Column("name", "Name", sort="name", link=True),
        Column("division", "Division", sort="division__name"),
        Column("is_active", "Active"),
    )

    select_related = ("division",)


class ServiceDetail(ObjectDetailView):
    model = models.Service
    fields = ("name", "division", "description", "is_active")


class ServiceEdit(ObjectEditView):
    model = models.Service
    form_class = forms.ServiceForm


# People
class PersonList(ObjectListView):
    model = models.Person
    filterset_class = filters.PersonFilterSet
    columns = (
        Column("full_name", "Name", sort="last_name", link=True),
        Column("kind", "Kind", sort="kind"),
        Column("job_title", "Job title", sort="job_title"),
        Column("division", "Division", sort="division__name"),
        Column("email", "E-mail", sort="email"),
    )
    intro = "Staff, elected members and co-opted experts named in governance records."

    select_related = ("division",)


class PersonDetail(ObjectDetailView):
    model = models.Person
    fields = (
        "first_name",
        "last_name",
        "kind",
        "job_title",
        "email",
        "phone",
        "division",
        "service",
        "line_manager",
        "ward",
        "organisation",
        "started_on",
        "is_active",
    )

    select_related = ("division", "service", "line_manager")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "role_assignments": obj.roles.select_related("division"),
            "memberships": obj.memberships.select_related("group"),
        }


class PersonEdit(ObjectEditView):
    model = models.Person
    form_class = forms.PersonForm


# Role assignments
class RoleAssignmentList(ObjectListView):
    model = models.RoleAssignment
    filterset_class = filters.RoleAssignmentFilterSet
    columns = (
        Column("person", "Person", sort="person__last_name", link=True),
        Column("role", "Role", sort="role"),
        Column("division", "Division", sort="division__name"),
        Column("starts_on", "From", sort="starts_on"),
        Column("ends_on", "Until", sort="ends_on"),
    )
    intro = "Who holds each role, council-wide or for a division."

    select_related = ("person", "division")


class RoleAssignmentDetail(ObjectDetailView):
    model = models.RoleAssignment
    fields = ("person", "role", "division", "starts_on", "ends_on", "note")


class RoleAssignmentEdit(ObjectEditView):
    model = models.RoleAssignment
    form_class = forms.RoleAssignmentForm

    def save(self, form: ModelForm, creating: bool) -> Any:
        if creating:
            return services.grant_role(form.save(commit=False), acting_user=self.request.user)
        return form.save()


# Groups and memberships
class GroupList(ObjectListView):
    model = models.Group
    filterset_class = filters.GroupFilterSet
    columns = (
        Column("name", "Name", sort="name", link=True),
        Column("kind", "Kind", sort="kind"),
        Column("division", "Division", sort="division__name"),
        Column("meeting_frequency", "Meets"),
    )
    intro = "The main Information Management Group and the divisional groups."

    select_related = ("division",)


class GroupDetail(ObjectDetailView):
    model = models.Group
    fields = ("name", "kind", "division", "description", "meeting_frequency")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "memberships": obj.memberships.select_related("person", "deputy_for"),
            "can_add_member": models.Membership.policy.can_add(self.request.user),
        }


class GroupEdit(ObjectEditView):
    model = models.Group
    form_class = forms.GroupForm


class MembershipList(ObjectListView):
    model = models.Membership
    filterset_class = filters.MembershipFilterSet
    columns = (
        Column("person", "Person", sort="person__last_name", link=True),
        Column("group", "Group", sort="group__name"),
        Column("role", "Role", sort="role"),
        Column("deputy_for", "Deputy for"),
    )

    select_related = ("person", "group", "deputy_for")


class MembershipDetail(ObjectDetailView):
    model = models.Membership
    fields = ("group", "person", "role", "deputy_for", "starts_on", "ends_on")


class MembershipEdit(ObjectEditView):
    model = models.Membership
    form_class = forms.MembershipForm


# Roles and responsibilities
class RoleDescriptionList(ObjectListView):
    model = models.RoleDescription
    filterset_class = filters.RoleDescriptionFilterSet
    columns = (
        Column("role", "Role", sort="role", link=True),
        Column("summary", "Summary"),
        Column("mfa_required", "Two-factor sign-in required"),
    )


class RoleDescriptionDetail(ObjectDetailView):
    model = models.RoleDescription
    fields = ("role", "summary", "responsibilities", "mfa_required")


class RoleDescriptionEdit(ObjectEditView):
    model = models.RoleDescription
    form_class = forms.RoleDescriptionForm


class AcknowledgementList(ObjectListView):
    model = models.Acknowledgement
    filterset_class = filters.AcknowledgementFilterSet
    columns = (
        Column("person", "Person", sort="person__last_name", link=True),
        Column("version.version", "Version", sort="version__version"),
        Column("acknowledged_at", "Acknowledged", sort="acknowledged_at"),
    )

    select_related = ("person", "version")


class AcknowledgementDetail(ObjectDetailView):
    model = models.Acknowledgement
    fields = ("person", ("version.version", "Version"), "acknowledged_at")


@login_required
def roles_page(request: HttpRequest) -> HttpResponse:
    """The published roles-and-responsibilities page that each role holder acknowledges."""
    version = models.RolesPageVersion.current()
    roles = get_roles(request.user)
    acknowledged = None
    if version is not None and roles.person_id:
        acknowledged = models.Acknowledgement.objects.filter(
            person_id=roles.person_id, version=version
        ).first()
    holders: dict[str, list[Any]] = {}
    for assignment in models.RoleAssignment.objects.current().select_related("person", "division"):
        holders.setdefault(assignment.role, []).append(assignment)
    descriptions = [
        {"description": d, "holders": holders.get(d.role, [])}
        for d in models.RoleDescription.objects.all()
    ]
    is_manager = roles.has(Role.IG_MANAGER)
    outstanding = (
        list(services.outstanding_acknowledgements(version).select_related("division"))
        if version is not None and roles.has(Role.IG_MANAGER, Role.SIRO, Role.AUDITOR)
        else None
    )
    return render(
        request,
        "organisation/roles_page.html",
        {
            "version": version,
            "descriptions": descriptions,
            "acknowledged": acknowledged,
            "is_manager": is_manager,
            "outstanding": outstanding,
            "publish_form": forms.PublishRolesPageForm(
                initial={"introduction": version.introduction if version else ""}
            )
            if is_manager
            else None,
        },
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest) -> HttpResponse:
    try:
        services.acknowledge_roles_page(acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Thank you: your acknowledgement has been recorded.")
    return HttpResponseRedirect(reverse("organisation:roles_page"))


@login_required
def publish(request: HttpRequest) -> HttpResponse:
    services.require_publisher(request.user)
    form = forms.PublishRolesPageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = services.publish_roles_page(
            acting_user=request.user,
            introduction=form.cleaned_data["introduction"],
            change_note=form.cleaned_data["change_note"],
        )
        messages.success(request, f"Version {version.version} published.")
        return HttpResponseRedirect(reverse("organisation:roles_page"))
    return render(
        request,
        "organisation/publish.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
