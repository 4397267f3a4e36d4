"""Training pages: a few attributes each on the shared generic views, plus compliance,
the chase list, "my training", the completions upload and survey answers and results."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from infogov.core.permissions import VIEW, get_roles
from infogov.core.spreadsheets import spreadsheet_response
from infogov.core.tables import Column
from infogov.core.views import ObjectActionView, ObjectDetailView, ObjectEditView, ObjectListView
from infogov.organisation.models import Division, Person
from infogov.training import filters, forms, models, services
from infogov.training.choices import Audience, Status

# --- modules ----------------------------------------------------------------------------


class ModuleList(ObjectListView):
    model = models.Module
    filterset_class = filters.ModuleFilterSet
    columns = (
        Column("title", "Module", sort="title", link=True),
        Column("audience_label", "Audience"),
        Column("mandatory", "Mandatory", sort="mandatory"),
        Column("refresher_months", "Refresher (months)", sort="refresher_months"),
        Column("provider", "Provider", sort="provider"),
        Column("owner", "Owner"),
    )
    select_related = ("owner",)
    default_sort = "title"
    intro = (
        "Who must take a module is worked out from its audience and the organisation's "
        "people and roles; new starters are due within a month of their start date, and a "
        "completion lapses when its refresher period runs out."
    )


class ModuleDetail(ObjectDetailView):
    model = models.Module
    fields = (
        "title",
        "description",
        ("audience_label", "Audience"),
        "mandatory",
        "refresher_months",
        "provider",
        "owner",
        "required_from",
        "is_active",
    )
    select_related = ("owner",)

    def extra_context(self, obj: Any) -> dict[str, Any]:
        rows = services.rows_for(self.request.user, module=obj)
        return {
            "compliance": _grouped(rows, "division"),
            "total": models.summarise(rows),
            "compliance_url": reverse("training:compliance") + f"?module={obj.pk}",
        }


class ModuleEdit(ObjectEditView):
    model = models.Module
    form_class = forms.ModuleForm


# --- completions ------------------------------------------------------------------------


class CompletionList(ObjectListView):
    model = models.Completion
    filterset_class = filters.CompletionFilterSet
    columns = (
        Column("person", "Person", sort="person__last_name", link=True),
        Column("division", "Division", lambda c: c.person.division),
        Column("module", "Module", sort="module__title"),
        Column("completed_on", "Completed on", sort="completed_on"),
        Column("expires_on", "Expires"),
        Column("score", "Score", sort="score"),
        Column("source", "Source", sort="source"),
    )
    select_related = ("person__division", "module")
    add_label = "Record a completion"
    intro = "Completions entered here or imported from the learning system."

    def extra_context(self) -> dict[str, Any]:
        return (
            {"import_url": reverse("import_upload") + "?kind=training"}
            if services.may_import(self.request.user)
            else {}
        )


class CompletionDetail(ObjectDetailView):
    model = models.Completion
    fields = (
        "person",
        ("person.division", "Division"),
        "module",
        "completed_on",
        ("expires_on", "Expires"),
        "score",
        "source",
        "notes",
    )
    select_related = ("person__division", "module")


class CompletionEdit(ObjectEditView):
    model = models.Completion
    form_class = forms.CompletionForm


# --- campaigns and surveys ----------------------------------------------------------------


class CampaignList(ObjectListView):
    model = models.Campaign
    filterset_class = filters.CampaignFilterSet
    columns = (
        Column("title", "Campaign", sort="title", link=True),
        Column("audience", "Audience", sort="audience"),
        Column("starts_on", "Starts", sort="starts_on"),
        Column("ends_on", "Ends", sort="ends_on"),
        Column("channel", "Channel", sort="channel"),
    )


class CampaignDetail(ObjectDetailView):
    model = models.Campaign
    fields = ("title", "description", "audience", "role", "starts_on", "ends_on", "channel")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"links": obj.material_links, "surveys": list(obj.surveys.all())}


class CampaignEdit(ObjectEditView):
    model = models.Campaign
    form_class = forms.CampaignForm


class SurveyList(ObjectListView):
    model = models.Survey
    filterset_class = filters.SurveyFilterSet
    columns = (
        Column("title", "Survey", sort="title", link=True),
        Column("campaign", "Campaign"),
        Column("opens_on", "Opens", sort="opens_on"),
        Column("closes_on", "Closes", sort="closes_on"),
    )
    select_related = ("campaign",)


class SurveyDetail(ObjectDetailView):
    model = models.Survey
    fields = ("title", "campaign", "introduction", "opens_on", "closes_on")
    select_related = ("campaign",)

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        person_id = get_roles(user).person_id
        answered = obj.responses.filter(person_id=person_id).exists()
        return {
            "questions": list(obj.questions.all()),
            "answered": answered,
            "respond_url": reverse("training:survey_respond", args=[obj.pk])
            if services.may_respond(user, obj) and not answered
            else None,
            "results_url": reverse("training:survey_results", args=[obj.pk])
            if models.SurveyResponse.policy.q(user, VIEW) is not None
            else None,
        }


class SurveyEdit(ObjectEditView):
    model = models.Survey
    form_class = forms.SurveyForm


class SurveyRespond(ObjectActionView):
    model = models.Survey
    form_class = forms.AnswerSurveyForm
    service = services.respond
    title = "Answer the survey"
    button = "Send my answers"
    intro = "Say how far you agree with each statement."

    def make_form(self, obj: Any, data: Any = None) -> BaseForm:
        return forms.AnswerSurveyForm(data=data, survey=obj)

    def service_kwargs(self, obj: Any, data: dict[str, Any]) -> dict[str, Any]:
        return {"answers": {int(k[1:]): v for k, v in data.items()}}

    def done_message(self, obj: Any) -> str:
        return "Thank you: your answers have been recorded."


class SurveyResults(ObjectDetailView):
    """Average agreement per statement, by division, over the responses the viewer sees."""

    model = models.Survey
    template_name = "training/survey_results.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        visible = models.SurveyResponse.objects.restrict(self.request.user, VIEW).filter(survey=obj)
        answers = models.Answer.objects.filter(response__in=visible).values_list(
            "question_id", "response__division__name", "score"
        )
        sums: dict[tuple[int, str], list[int]] = defaultdict(list)
        divisions: set[str] = set()
        for question_id, division, score in answers:
            name = division or "No division (elected members and others)"
            divisions.add(name)
            sums[(question_id, name)].append(score)
            sums[(question_id, "All")].append(score)
        columns = [*sorted(divisions), "All"]
        counts = {name: 0 for name in columns}
        for (division,) in visible.values_list("division__name"):
            counts[division or "No division (elected members and others)"] += 1
            counts["All"] += 1
        rows = []
        for question in obj.questions.all():
            cells = []
            for name in columns:
                scores = sums.get((question.pk, name), [])
                cells.append(f"{sum(scores) / len(scores):.1f}" if scores else "none")
            rows.append({"question": question, "cells": cells})
        return {"columns": columns, "counts": [counts[c] for c in columns], "result_rows": rows}

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        if models.SurveyResponse.policy.q(request.user, VIEW) is None:
            raise PermissionDenied("You may not see survey results.")
        return super().get(request, pk)


class QuestionList(ObjectListView):
    model = models.Question
    filterset_class = filters.QuestionFilterSet
    columns = (
        Column("text", "Statement", sort="text", link=True),
        Column("survey", "Survey", sort="survey__title"),
        Column("number", "Number", sort="number"),
    )
    select_related = ("survey",)


class QuestionDetail(ObjectDetailView):
    model = models.Question
    fields = ("survey", "number", "text")
    select_related = ("survey",)


class QuestionEdit(ObjectEditView):
    model = models.Question
    form_class = forms.QuestionForm


class SurveyResponseList(ObjectListView):
    model = models.SurveyResponse
    filterset_class = filters.SurveyResponseFilterSet
    columns = (
        Column("person", "Person", sort="person__last_name", link=True),
        Column("survey", "Survey", sort="survey__title"),
        Column("division", "Division", sort="division__name"),
        Column("submitted_at", "Answered", sort="submitted_at"),
    )
    select_related = ("person", "survey", "division")
    intro = "Responses are recorded when people answer a survey on its page."


class SurveyResponseDetail(ObjectDetailView):
    model = models.SurveyResponse
    fields = ("survey", "person", "division", "submitted_at")
    select_related = ("person", "survey", "division")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"answers": list(obj.answers.select_related("question"))}


# --- compliance -------------------------------------------------------------------------

GROUPINGS = {
    "division": "Division",
    "audience": "Audience",
    "manager": "Line manager",
    "person": "Person",
    "module": "Module",
}
NUMBERS = ("required", "completed", "in_date", "expired", "overdue", "due_soon")


def _grouped(rows: list[models.PersonModule], by: str) -> list[models.Compliance]:
    key: Any = {
        "division": lambda r: r.division_id,
        "audience": lambda r: r.audience,
        "manager": lambda r: r.manager_id,
        "person": lambda r: r.person_id,
        "module": lambda r: r.module_id,
    }[by]
    groups = models.group_rows(rows, key)
    names: dict[Any, str] = {}
    if by == "division":
        names = {pk: str(d) for pk, d in Division.objects.in_bulk(list(groups)).items()}
        names[None] = "No division (elected members and others)"
    elif by == "audience":
        names = dict(Audience.choices)
    elif by in {"manager", "person"}:
        names = {
            p.pk: p.full_name
            for p in Person.objects.filter(pk__in=[k for k in groups if k]).only(
                "first_name", "last_name"
            )
        }
        names[None] = "No line manager recorded"
    else:
        names = {m.pk: m.title for m in models.Module.objects.filter(pk__in=list(groups))}
    for k, group in groups.items():
        group.label = names.get(k, str(k))
    return sorted(groups.values(), key=lambda g: g.label)


def _choice(request: HttpRequest, name: str, model: Any) -> Any:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404(f"No such {name}.")
    found = model.objects.filter(pk=int(raw)).first() if int(raw) < 2**63 else None
    if found is None:
        raise Http404(f"No such {name}.")
    return found


def _today_rows(request: HttpRequest) -> tuple[list[models.PersonModule], Any, Any]:
    division = _choice(request, "division", Division)
    module = _choice(request, "module", models.Module)
    try:
        rows = services.rows_for(request.user, division=division, module=module)
    except PermissionDenied:
        raise Http404("No such division.") from None
    return rows, division, module


@login_required
def compliance(request: HttpRequest) -> HttpResponseBase:
    """Required, completed, in date, expired, overdue and due soon, grouped as asked."""
    by = request.GET.get("by", "division")
    if by not in GROUPINGS:
        by = "division"
    rows, division, module = _today_rows(request)
    groups = _grouped(rows, by)
    total = models.summarise(rows)
    headings = [
        GROUPINGS[by],
        "Required",
        "Completed",
        "In date",
        "Expired",
        "Overdue",
        "Due soon",
        "Per cent in date",
    ]
    fmt = request.GET.get("export")
    if fmt in {"csv", "xlsx"}:
        cells = ([g.label, *(getattr(g, n) for n in NUMBERS), g.percent] for g in [*groups, total])
        return spreadsheet_response(f"training-compliance-by-{by}", fmt, headings, cells)
    divisions_scope, people_scope = services.compliance_scope(request.user)
    division_choices = (
        []
        if people_scope is not None
        else list(
            Division.objects.filter(pk__in=divisions_scope)
            if divisions_scope is not None
            else Division.objects.all()
        )
    )
    chase_url = reverse("training:chase") if people_scope is None else None
    return render(
        request,
        "training/compliance.html",
        {
            "by": by,
            "by_label": GROUPINGS[by],
            "groupings": GROUPINGS,
            "groups": groups,
            "total": total,
            "division": division,
            "module": module,
            "divisions": division_choices,
            "modules": list(models.Module.objects.filter(is_active=True)),
            "query": request.GET.urlencode(),
            "chase_url": chase_url,
            "import_url": (
                reverse("import_upload") + "?kind=training"
                if services.may_import(request.user)
                else None
            ),
            "due_soon_days": 30,
        },
    )


def _chase_division(request: HttpRequest) -> Division:
    """The division whose chase list is asked for (or the first the user may see):
    the IG team sees every division's, an information officer their own (404 for
    another); anyone else has no chase list (403)."""
    divisions, people = services.compliance_scope(request.user)
    if people is not None:
        raise PermissionDenied("The chase list is for information officers and the IG team.")
    division = _choice(request, "division", Division)
    if division is None:
        choices = Division.objects.order_by("name")
        if divisions is not None:
            choices = choices.filter(pk__in=divisions)
        division = choices.first()
        if division is None:
            raise Http404("No division.")
    if divisions is not None and division.pk not in divisions:
        raise Http404("No such division.")
    return division


CHASE_HEADINGS = ["Name", "Email", "Module", "Status", "Last completed", "Due"]


@login_required
def chase(request: HttpRequest) -> HttpResponseBase:
    """A division's chase list, to export or to send reminders from."""
    division = _chase_division(request)
    rows = services.chase_list(division)
    titles = dict(models.Module.objects.values_list("pk", "title"))
    labels = dict(Status.choices)
    table = [
        [r.name, r.email, titles.get(r.module_id, ""), labels[r.status], r.last_completed, r.due_on]
        for r in rows
    ]
    fmt = request.GET.get("export")
    if fmt in {"csv", "xlsx"}:
        return spreadsheet_response(
            f"training-chase-list-{division.code}", fmt, CHASE_HEADINGS, table
        )
    divisions, _people = services.compliance_scope(request.user)
    shown = Division.objects.order_by("name")
    if divisions is not None:
        shown = shown.filter(pk__in=divisions)
    return render(
        request,
        "training/chase.html",
        {
            "division": division,
            "divisions": list(shown),
            "table": table,
            "headings": CHASE_HEADINGS,
            "send_url": reverse("training:division_chase", args=[division.pk])
            if services.may_manage_division(request.user, division)
            else None,
        },
    )


class DivisionChase(ObjectActionView):
    """Send the chase list's reminders (once per person per due date)."""

    model = Division
    service = services.chase_division
    title = "Send training reminders"
    button = "Send reminders"
    intro = (
        "Everyone on the division's chase list is sent an e-mail reminder for each module "
        "that is overdue, expired or due soon. A person already reminded for the same due "
        "date is not reminded again."
    )

    def done_message(self, obj: Any) -> str:
        count = getattr(self, "result", 0)
        return f"{count} reminder{'s' if count != 1 else ''} queued for {obj}."

    def success_url(self, obj: Any) -> str:
        return reverse("training:chase") + f"?division={obj.pk}"

    def breadcrumbs(self, obj: Any = None, current: str | None = None) -> list[dict[str, Any]]:
        return [
            {"label": "Home", "url": reverse("home")},
            {"label": "Training", "url": reverse("training:module_list")},
            {"label": "Chase list", "url": self.success_url(obj)},
            {"label": current or self.title, "url": None},
        ]


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own training: what they must take and where they stand."""
    person_id = get_roles(request.user).person_id
    rows = models.compliance_rows(person_ids=[person_id]) if person_id else []
    titles = {m.pk: m for m in models.Module.objects.all()}
    completions = (
        models.Completion.objects.filter(person_id=person_id).select_related("module")
        if person_id
        else models.Completion.objects.none()
    )
    return render(
        request,
        "training/mine.html",
        {
            "rows": [(titles[r.module_id], r) for r in rows],
            "completions": list(completions[:100]),
            "labels": dict(Status.choices),
        },
    )


@login_required
def import_completions(request: HttpRequest) -> HttpResponse:
    """The upload page for completions: the register upload, kind "training"."""
    return HttpResponseRedirect(reverse("import_upload") + "?kind=training")
