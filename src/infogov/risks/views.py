"""Risk register views: a few attributes each on the shared generic views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from infogov.core.permissions import CHANGE, DELETE, VIEW, get_roles
from infogov.core.roles import Role
from infogov.core.tables import Column
from infogov.core.views import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from infogov.risks import charts, filters, forms, models, services
from infogov.risks.choices import EscalationStatus, Heading, ScoreBasis

# Risks


class RiskList(ObjectListView):
    model = models.Risk
    filterset_class = filters.RiskFilterSet
    columns = (
        Column("reference", "Ref", sort="reference"),
        Column("title", "Risk", sort="title", link=True),
        Column("heading", "Heading", sort="heading"),
        Column("division", "Division", sort="division__name"),
        Column("owner", "Owner", sort="owner__last_name"),
        Column("inherent_score", "Inherent score", sort="inherent_score"),
        Column("residual_score", "Residual score", sort="residual_score"),
        Column("residual_band", "Band", sort="residual_score"),
        Column("review_date", "Next review", sort="review_date"),
        Column("status", "Status", sort="status"),
    )
    default_sort = "-residual_score"
    template_name = "risks/risk_list.html"
    intro = (
        "Information risks under the five headings, scored likelihood \u00d7 impact (1 to 5 each) "
        "before and after controls."
    )

    def base_queryset(self) -> QuerySet[Any]:
        return models.Risk.objects.select_related("division", "owner").with_bands()

    def extra_context(self) -> dict[str, Any]:
        return {"heat_map_url": reverse("risks:heat_map")}


class RiskDetail(ObjectDetailView):
    model = models.Risk
    fields = (
        "reference",
        "title",
        "heading",
        "division",
        "owner",
        "cause",
        "consequence",
        ("inherent", "Inherent likelihood \u00d7 impact"),
        ("inherent_band", "Inherent band"),
        ("residual", "Residual likelihood \u00d7 impact"),
        ("residual_band", "Residual band"),
        "target_score",
        "review_date",
        "last_reviewed_on",
        "status",
    )

    def base_queryset(self) -> QuerySet[Any]:
        return models.Risk.objects.select_related("division", "owner").with_bands()

    def detail_rows(self, obj: Any) -> list[dict[str, Any]]:
        obj.inherent = (
            f"{obj.inherent_likelihood} \u00d7 {obj.inherent_impact} = {obj.inherent_score}"
        )
        obj.residual = (
            f"{obj.residual_likelihood} \u00d7 {obj.residual_impact} = {obj.residual_score}"
        )
        return super().detail_rows(obj)

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        reviews = list(obj.reviews.select_related("reviewed_by").order_by("reviewed_on", "id"))
        chart = None
        if reviews:
            chart = charts.trend_svg(
                [(r.reviewed_on, r.residual_score) for r in reviews],
                title=f"Residual score of {obj.reference or 'the risk'} over time",
                ylabel="Residual score",
                target=obj.target_score,
                ymax=26,
            )
        can_change = self.policy.allows(user, CHANGE, obj)
        actions = []
        related = getattr(obj, "plan_actions", None)
        if related is not None:
            actions = list(related.all().select_related("owner"))
        return {
            "controls": obj.controls.select_related("owner"),
            "reviews": list(reversed(reviews)),
            "review_chart": chart,
            "escalations": obj.escalations.all(),
            "plan_actions": actions,
            "can_change": can_change,
            "review_url": reverse("risks:risk_review", args=[obj.pk]) if can_change else None,
            "add_control_url": (
                reverse("risks:control_add") + f"?risk={obj.pk}" if can_change else None
            ),
            "escalate_url": (
                reverse("risks:escalation_add") + f"?risk={obj.pk}"
                if models.Escalation.policy.can_add(user)
                else None
            ),
            "request_update_url": _request_update_url(user, obj),
        }


def _request_update_url(user: Any, risk: models.Risk) -> str | None:
    from django.apps import apps
    from django.urls import NoReverseMatch

    try:
        model = apps.get_model("plans", "UpdateRequest")
        if not model.policy.can_add(user):
            return None
        return reverse("plans:updaterequest_add") + f"?risk={risk.pk}"
    except (LookupError, NoReverseMatch):
        return None


class RiskEdit(ObjectEditView):
    model = models.Risk
    form_class = forms.RiskForm

    def save(self, form: ModelForm, creating: bool) -> Any:
        risk = form.save(commit=False)
        if creating:
            return services.create_risk(risk, acting_user=self.request.user)
        return services.update_risk(risk, acting_user=self.request.user)


class RiskReviewAction(ObjectActionView):
    """Review a risk: record today's scores and the next review date."""

    model = models.Risk
    form_class = forms.ReviewForm
    service = services.review_risk
    title = "Review the risk"
    button = "Record review"

    def initial(self, obj: Any) -> dict[str, Any]:
        return {
            "residual_likelihood": obj.residual_likelihood,
            "residual_impact": obj.residual_impact,
            "next_review": obj.review_date,
        }

    def action_context(self, obj: Any) -> dict[str, Any]:
        return {
            "notes": [
                f"Inherent score {obj.inherent_likelihood} \N{MULTIPLICATION SIGN} "
                f"{obj.inherent_impact} = {obj.inherent_score}. "
                f"Current residual score {obj.residual_score} ({obj.residual_band})."
            ]
        }

    done = "Review recorded for {object}."


# Heat map


@login_required
def heat_map(request: HttpRequest) -> HttpResponse:
    """A 5 x 5 heat map of the register (or of a heading or division) with its table."""
    queryset = models.Risk.objects.restrict(request.user, VIEW).exclude(status="closed")
    filterset = filters.RiskFilterSet(request.GET, queryset=queryset, request=request)
    queryset = filterset.qs if filterset.is_valid() else queryset.none()
    basis = request.GET.get("basis", ScoreBasis.RESIDUAL)
    if basis not in ScoreBasis.values:
        basis = ScoreBasis.RESIDUAL
    counts = {
        (row[f"{basis}_likelihood"], row[f"{basis}_impact"]): row["n"]
        for row in queryset.order_by()
        .values(f"{basis}_likelihood", f"{basis}_impact")
        .annotate(n=Count("id"))
    }
    bands = models.current_bands()
    scope = []
    heading = filterset.form.cleaned_data.get("heading") if filterset.is_valid() else None
    division = filterset.form.cleaned_data.get("division") if filterset.is_valid() else None
    if heading:
        scope.append(Heading(heading).label)
    if division:
        scope.append(str(division))
    scope_text = ", ".join(scope) if scope else "the whole register"
    basis_label = ScoreBasis(basis).label
    title = f"{basis_label.split(' ')[0]} risk: {scope_text}"
    total = sum(counts.values())
    band_totals = []
    for band in bands:
        n = sum(c for (lk, im), c in counts.items() if band.min_score <= lk * im <= band.max_score)
        band_totals.append({"band": band, "count": n})
    return render(
        request,
        "risks/heat_map.html",
        {
            "filterset": filterset,
            "grid": charts.heat_map_grid(counts, bands),
            "chart": charts.heat_map_svg(counts, bands, title),
            "title": title,
            "total": total,
            "band_totals": band_totals,
            "basis_choices": ScoreBasis.choices,
            "basis": basis,
            "headings": [
                {"label": label, "url": f"?heading={value}&basis={basis}"}
                for value, label in Heading.choices
            ],
        },
    )


# Controls


class ControlList(ObjectListView):
    model = models.Control
    filterset_class = filters.ControlFilterSet
    columns = (
        Column("description", "Control", link=True),
        Column("risk", "Risk", sort="risk__title"),
        Column("effectiveness", "Effectiveness", sort="effectiveness"),
        Column("owner", "Owner"),
    )

    select_related = ("risk", "owner")


class ControlDetail(ObjectDetailView):
    model = models.Control
    fields = ("risk", "description", "effectiveness", "owner")


class ControlEdit(ObjectEditView):
    model = models.Control
    form_class = forms.ControlForm


# Reviews


class RiskReviewList(ObjectListView):
    model = models.RiskReview
    filterset_class = filters.RiskReviewFilterSet
    columns = (
        Column("reviewed_on", "Reviewed", sort="reviewed_on", link=True),
        Column("risk", "Risk", sort="risk__title"),
        Column("inherent_score", "Inherent score", sort="inherent_score"),
        Column("residual_score", "Residual score", sort="residual_score"),
        Column("reviewed_by", "By"),
        Column("note", "Note"),
    )
    default_sort = "-reviewed_on"

    select_related = ("risk", "reviewed_by")


class RiskReviewDetail(ObjectDetailView):
    model = models.RiskReview
    fields = (
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
    )


# Bands


class RiskBandList(ObjectListView):
    model = models.RiskBand
    filterset_class = filters.RiskBandFilterSet
    columns = (
        Column("name", "Band", link=True),
        Column("min_score", "From score", sort="min_score"),
        Column("colour", "Colour"),
    )
    default_sort = "min_score"
    template_name = "risks/riskband_list.html"
    intro = (
        "The bands a risk score falls in. Each band runs from its lowest score up to the "
        "next band's lowest score, so every score from 1 to 25 is in exactly one band."
    )

    def extra_context(self) -> dict[str, Any]:
        return {
            "bands_in_force": models.current_bands(),
            "using_defaults": not models.RiskBand.objects.exists(),
        }


class RiskBandDetail(ObjectDetailView):
    model = models.RiskBand
    fields = ("name", "min_score", "colour")


class RiskBandEdit(ObjectEditView):
    model = models.RiskBand
    form_class = forms.RiskBandForm


class RiskBandDelete(ObjectDeleteView):
    model = models.RiskBand

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        band = self.get_object(pk)
        self.require(DELETE, band)
        try:
            services.delete_band(band, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(band.get_absolute_url())
        messages.success(request, f"Risk band deleted: {band}")
        return HttpResponseRedirect(reverse("risks:riskband_list"))


# Escalations


class EscalationList(ObjectListView):
    model = models.Escalation
    filterset_class = filters.EscalationFilterSet
    columns = (
        Column("topic", "Escalated", link=True),
        Column("division", "Division", sort="division__name"),
        Column("raised_on", "Raised", sort="raised_on"),
        Column("status", "Status", sort="status"),
        Column("cmt_decided_on", "CMT decided", sort="cmt_decided_on"),
    )
    default_sort = "-raised_on"
    intro = (
        "Risks, incidents and issues escalated to the Corporate Management Team via the "
        "SIRO, and what was decided."
    )

    select_related = ("risk", "division")


class EscalationDetail(ObjectDetailView):
    model = models.Escalation
    fields = (
        "risk",
        "subject",
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
    )

    select_related = ("risk", "division", "raised_by")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        roles = get_roles(self.request.user)
        is_siro = roles.is_superuser or roles.has_council_wide(Role.SIRO)
        may_record = roles.is_superuser or roles.has_council_wide(Role.SIRO, Role.IG_MANAGER)
        return {
            "siro_form": forms.SiroDecisionForm()
            if is_siro and obj.status == EscalationStatus.RAISED
            else None,
            "cmt_form": forms.CmtDecisionForm()
            if may_record and obj.status == EscalationStatus.ACCEPTED
            else None,
        }


class EscalationAdd(ObjectEditView):
    model = models.Escalation
    form_class = forms.EscalationForm

    def instance_for(self, pk: Any) -> Any:
        if pk is not None:
            raise Http404("Escalations change only through the SIRO's and CMT's decisions.")
        return super().instance_for(pk)

    def save(self, form: ModelForm, creating: bool) -> Any:
        data = form.cleaned_data
        return services.escalate(
            summary=data["summary"],
            requested_decision=data["requested_decision"],
            risk=data.get("risk"),
            subject=data.get("subject", ""),
            division=data.get("division"),
            acting_user=self.request.user,
        )


class EscalationAccept(ObjectActionView):
    model = models.Escalation
    form_class = forms.SiroDecisionForm
    service = services.accept_for_cmt
    title = "Accept for CMT"
    button = "Accept for CMT"
    done = "Accepted for CMT."


class EscalationReturn(EscalationAccept):
    service = services.return_escalation
    title = "Return the escalation"
    button = "Return with note"
    done = "Escalation returned with your note."


class EscalationDecide(ObjectActionView):
    model = models.Escalation
    form_class = forms.CmtDecisionForm
    service = services.record_decision
    title = "Record the CMT decision"
    button = "Record decision"
    done = "CMT decision recorded."
