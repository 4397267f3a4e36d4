"""Linked-record choices: every form, serializer and filter offers and accepts only the
records its user may view, and refuses another with the words used for a missing id."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module
from importlib.util import find_spec
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.test import RequestFactory
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework.request import Request

from infogov.core.api import GovernedSerializer
from infogov.core.filters import BaseFilterSet
from infogov.core.forms import GovernedForm
from infogov.core.permissions import VIEW, Policy

MISSING_PK = 987654321


def _governed(model: Any) -> bool:
    return isinstance(getattr(model, "policy", None), Policy)


def _import_app_modules(name: str) -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("infogov.") and find_spec(f"{config.name}.{name}"):
            import_module(f"{config.name}.{name}")


def _subclasses(base: type) -> Iterator[type]:
    for cls in base.__subclasses__():
        yield cls
        yield from _subclasses(cls)


def _form_classes() -> list[type[GovernedForm]]:
    _import_app_modules("forms")
    return sorted(set(_subclasses(GovernedForm)), key=lambda c: c.__qualname__)


def _serializer_classes() -> list[type[serializers.Serializer]]:
    """Every serializer the API routes to, and every other serializer class in InfoGov."""
    _import_app_modules("api")
    found: set[type] = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("infogov.") or not find_spec(f"{config.name}.api"):
            continue
        router = getattr(import_module(f"{config.name}.api"), "router", None)
        for _prefix, viewset, _basename in getattr(router, "registry", []):
            found.add(viewset.serializer_class)
    found |= {
        cls
        for cls in _subclasses(serializers.Serializer)
        if cls.__module__.startswith("infogov.")
        and ".tests" not in cls.__module__
        and not (issubclass(cls, serializers.ModelSerializer) and not hasattr(cls, "Meta"))
    }
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _filterset_classes() -> list[type[BaseFilterSet]]:
    _import_app_modules("filters")
    return sorted(set(_subclasses(BaseFilterSet)), key=lambda c: c.__qualname__)


class OutOfScope:
    """One record of each governed model, built where the outsider may not see it."""

    def __init__(self, people: Any) -> None:
        self.people = people
        self.user = people.officer_a  # information officer of division A
        self.division = people.division_b
        self.built: dict[type, Any] = {}

    def record(self, model: type) -> Any:
        if model not in self.built:
            builder = BUILDERS.get(model._meta.label)
            assert builder is not None, (
                f"Add a builder for {model._meta.label} to BUILDERS: it is the target of a "
                "linked-record field and its records are not visible to everyone signed in."
            )
            obj = builder(self)
            visible = model._default_manager.restrict(self.user, VIEW).filter(pk=obj.pk)
            assert not visible.exists(), f"{obj!r} should be outside cr.officer's scope"
            self.built[model] = obj
        return self.built[model]


def _asset(s: OutOfScope) -> Any:
    from infogov.assets.tests.factories import AssetFactory

    return AssetFactory(division=s.division, name="Out-of-scope asset")


def _dpia(s: OutOfScope) -> Any:
    from infogov.assets.tests.factories import DPIAFactory

    return DPIAFactory(division=s.division, title="Out-of-scope DPIA")


def _standard(s: OutOfScope) -> Any:
    from infogov.assets.tests.factories import DataStandardFactory

    return DataStandardFactory(
        asset=s.record(apps.get_model("assets", "InformationAsset")), name="Out-of-scope standard"
    )


def _holding(s: OutOfScope) -> Any:
    from infogov.records.tests.factories import RecordHoldingFactory

    return RecordHoldingFactory(division=s.division, title="Out-of-scope holding")


def _batch(s: OutOfScope) -> Any:
    from infogov.organisation.models import Person
    from infogov.records.models import DisposalBatch

    return DisposalBatch.objects.create(
        division=s.division,
        decided_by=Person.objects.get(user=s.people.ig_manager),
        outcome="destroy",
    )


def _incident(s: OutOfScope) -> Any:
    from infogov.incidents.tests.factories import IncidentFactory

    return IncidentFactory(division=s.division, title="Out-of-scope incident")


def _case(s: OutOfScope) -> Any:
    from infogov.requests.tests.factories import CaseFactory

    return CaseFactory(division=s.division, description="Out-of-scope case")


def _document(s: OutOfScope) -> Any:
    from infogov.requests.models import Document

    return Document.objects.create(
        case=s.record(apps.get_model("requests", "Case")),
        title="Out-of-scope letter",
        file="requests/out-of-scope.pdf",
    )


def _risk(s: OutOfScope) -> Any:
    from infogov.risks.tests.factories import RiskFactory

    return RiskFactory(division=s.division, title="Out-of-scope risk")


def _plan_action(s: OutOfScope) -> Any:
    from infogov.plans.tests.factories import PlanActionFactory

    return PlanActionFactory(division=s.division, title="Out-of-scope action")


def _assessment(s: OutOfScope) -> Any:
    from infogov.plans.models import Assessment
    from infogov.plans.tests.factories import FrameworkFactory

    return Assessment.objects.create(framework=FrameworkFactory(), title="Out-of-scope review")


def _survey_response(s: OutOfScope) -> Any:
    from infogov.organisation.tests.factories import PersonFactory
    from infogov.training.models import SurveyResponse
    from infogov.training.tests.factories import SurveyFactory

    person = PersonFactory(division=s.division)
    return SurveyResponse.objects.create(survey=SurveyFactory(), person=person, division=s.division)


BUILDERS: dict[str, Callable[[OutOfScope], Any]] = {
    "assets.InformationAsset": _asset,
    "assets.DPIA": _dpia,
    "assets.DataStandard": _standard,
    "records.RecordHolding": _holding,
    "records.DisposalBatch": _batch,
    "incidents.Incident": _incident,
    "requests.Case": _case,
    "requests.Document": _document,
    "risks.Risk": _risk,
    "plans.PlanAction": _plan_action,
    "plans.Assessment": _assessment,
    "training.SurveyResponse": _survey_response,
}


def _scoped_targets(model: Any) -> bool:
    """Governed, and not visible to everyone signed in (so a record can be out of scope)."""
    return _governed(model) and not model.policy.signed_in_view


@pytest.fixture
def out_of_scope(people: Any) -> OutOfScope:
    return OutOfScope(people)


def test_every_form_offers_only_linked_records_in_scope(out_of_scope: OutOfScope) -> None:
    checked: list[str] = []
    problems: list[str] = []
    for form_class in _form_classes():
        form = form_class(user=out_of_scope.user)
        for name, field in form.fields.items():
            if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
                continue
            target = field.queryset.model
            if not _scoped_targets(target):
                continue
            record = out_of_scope.record(target)
            label = f"{form_class.__qualname__}.{name}"
            checked.append(label)
            if field.queryset.filter(pk=record.pk).exists():
                problems.append(f"{label} offers {record}")
                continue
            value = [record.pk] if isinstance(field, forms.ModelMultipleChoiceField) else record.pk
            with pytest.raises(DjangoValidationError):
                field.clean(value)
    assert not problems, "\n".join(problems)
    assert "PlanActionForm.risk" in checked and "SharingAgreementForm.assets" in checked


def _drf_request(user: Any) -> Request:
    request = Request(RequestFactory().get("/api/"))
    request.user = user
    return request


def _error_words(field: Any, value: Any) -> list[str]:
    try:
        field.run_validation(value)
    except serializers.ValidationError as exc:
        detail = exc.detail
        return [str(d) for d in (detail if isinstance(detail, list) else [detail])]
    return []


def test_every_serializer_accepts_only_linked_records_in_scope(out_of_scope: OutOfScope) -> None:
    request = _drf_request(out_of_scope.user)
    checked: list[str] = []
    problems: list[str] = []
    for serializer_class in _serializer_classes():
        serializer = serializer_class(context={"request": request})
        for name, field in serializer.fields.items():
            many = isinstance(field, ManyRelatedField)
            relation = field.child_relation if many else field
            if not isinstance(relation, RelatedField) or relation.read_only:
                continue
            target = relation.get_queryset().model
            if not _scoped_targets(target):
                continue
            label = f"{serializer_class.__qualname__}.{name}"
            checked.append(label)
            if not issubclass(serializer_class, GovernedSerializer):
                problems.append(f"{label}: links a governed record outside GovernedSerializer")
                continue
            record = out_of_scope.record(target)
            if relation.get_queryset().filter(pk=record.pk).exists():
                problems.append(f"{label} accepts {record}")
                continue
            refused = _error_words(field, [record.pk] if many else record.pk)
            missing = _error_words(field, [MISSING_PK] if many else MISSING_PK)
            expected = [w.replace(str(MISSING_PK), str(record.pk)) for w in missing]
            if not refused or refused != expected:
                problems.append(f"{label}: {refused} for an out-of-scope id, {missing} for none")
    assert not problems, "\n".join(problems)
    assert "PlanActionSerializer.risk" in checked and "DisposalBatchSerializer.holdings" in checked


def test_every_filter_offers_only_linked_records_in_scope(out_of_scope: OutOfScope) -> None:
    request = RequestFactory().get("/")
    request.user = out_of_scope.user
    checked: list[str] = []
    problems: list[str] = []
    for filterset_class in _filterset_classes():
        model = filterset_class._meta.model
        filterset = filterset_class({}, queryset=model._default_manager.all(), request=request)
        for name, filter_ in filterset.filters.items():
            field = filter_.field
            if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
                continue
            target = field.queryset.model
            if not _scoped_targets(target):
                continue
            record = out_of_scope.record(target)
            label = f"{filterset_class.__qualname__}.{name}"
            checked.append(label)
            if field.queryset.filter(pk=record.pk).exists():
                problems.append(f"{label} offers {record}")
                continue
            bound = filterset_class(
                {name: record.pk}, queryset=model._default_manager.all(), request=request
            )
            if bound.is_valid():
                problems.append(f"{label} accepts {record}")
    assert not problems, "\n".join(problems)
    assert "ActionFilterSet.incident" in checked and "ControlFilterSet.risk" in checked


def test_plan_action_api_refuses_an_out_of_scope_risk_as_if_it_did_not_exist(
    people: Any, api_as: Any
) -> None:
    from infogov.plans.models import PlanAction
    from infogov.plans.tests.factories import ActionPlanFactory
    from infogov.risks.tests.factories import RiskFactory

    other = RiskFactory(division=people.division_b, title="Pupil records at risk")
    data = {
        "plan": ActionPlanFactory().pk,
        "reference": "IG-LINK",
        "title": "Train the schools",
        "division": people.division_a.pk,
        "heading": "training",
        "due_date": "2026-11-30",
        "status": "not_started",
    }
    client = api_as(people.officer_a)
    refused = client.post("/api/plans/actions/", {**data, "risk": other.pk}, format="json")
    missing = client.post("/api/plans/actions/", {**data, "risk": MISSING_PK}, format="json")
    assert refused.status_code == 400 and missing.status_code == 400
    assert list(refused.json()) == ["risk"]
    assert refused.json()["risk"] == [
        w.replace(str(MISSING_PK), str(other.pk)) for w in missing.json()["risk"]
    ]
    assert not PlanAction.objects.filter(reference="IG-LINK").exists()
    own = RiskFactory(division=people.division_a)
    created = client.post("/api/plans/actions/", {**data, "risk": own.pk}, format="json")
    assert created.status_code == 201, created.content


@pytest.fixture
def incidents_of_two_people(people: Any) -> tuple[Any, Any]:
    from infogov.incidents.tests.factories import (
        ActionFactory,
        IncidentFactory,
        OtherNotificationFactory,
    )
    from infogov.organisation.models import Person

    staff = Person.objects.get(user=people.staff)
    own = IncidentFactory(
        division=people.division_a, reported_by=staff, title="Laptop left on a train"
    )
    other = IncidentFactory(
        division=people.division_b, title="Pupil record overwritten in system upgrade"
    )
    for incident in (own, other):
        ActionFactory(incident=incident)
        OtherNotificationFactory(incident=incident)
    return own, other


@pytest.mark.parametrize("url", ["/incidents/actions/", "/incidents/other-bodies/"])
def test_staff_member_incident_filters_list_only_their_incidents(
    people: Any, client_as: Any, incidents_of_two_people: tuple[Any, Any], url: str
) -> None:
    own, other = incidents_of_two_people
    page = client_as(people.staff).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert own.title in html
    assert other.title not in html


@pytest.mark.parametrize("prefix", ["actions", "other-notifications", "comments"])
def test_staff_member_browsable_api_lists_only_their_incidents(
    people: Any, client_as: Any, incidents_of_two_people: tuple[Any, Any], prefix: str
) -> None:
    own, other = incidents_of_two_people
    page = client_as(people.staff).get(f"/api/incidents/{prefix}/?format=api")
    assert page.status_code == 200
    html = page.content.decode()
    assert other.title not in html
    assert own.title in html


def test_staff_member_risk_control_filter_lists_no_risk_out_of_scope(
    people: Any, client_as: Any
) -> None:
    from infogov.risks.tests.factories import ControlFactory, RiskFactory

    other = RiskFactory(division=people.division_b, title="Schools network outage")
    ControlFactory(risk=other)
    for url in ("/risks/controls/", "/api/risks/controls/?format=api"):
        page = client_as(people.staff).get(url)
        assert page.status_code == 200, url
        assert other.title not in page.content.decode(), url


def test_editing_keeps_many_to_many_links_the_editor_cannot_see(people: Any) -> None:
    from infogov.assets.forms import DPIAForm
    from infogov.assets.tests.factories import AssetFactory, DPIAFactory

    own = AssetFactory(division=people.division_a, name="Payroll")
    hidden = AssetFactory(division=people.division_b, name="Pupil records")
    dpia = DPIAFactory(division=people.division_a, title="Payroll move")
    dpia.assets.set([own, hidden])
    form = DPIAForm(instance=dpia, user=people.officer_a)
    assert list(form.fields["assets"].queryset) == [own]
    data = {
        name: form.initial.get(name) for name in form.fields if form.initial.get(name) is not None
    }
    data.update(
        assets=[own.pk],
        title="Payroll move",
        division=people.division_a.pk,
        processing_description="Moving payroll",
        state=dpia.state,
    )
    bound = DPIAForm(data, instance=dpia, user=people.officer_a)
    assert bound.is_valid(), bound.errors
    bound.save()
    assert set(dpia.assets.all()) == {own, hidden}


def test_api_change_keeps_many_to_many_links_the_caller_cannot_see(
    people: Any, api_as: Any
) -> None:
    from infogov.assets.tests.factories import AssetFactory, DPIAFactory

    own = AssetFactory(division=people.division_a, name="Payroll")
    second = AssetFactory(division=people.division_a, name="Pensions")
    hidden = AssetFactory(division=people.division_b, name="Pupil records")
    dpia = DPIAFactory(division=people.division_a, title="Payroll move")
    dpia.assets.set([own, hidden])
    response = api_as(people.officer_a).patch(
        f"/api/assets/dpias/{dpia.pk}/", {"assets": [own.pk, second.pk]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert set(dpia.assets.all()) == {own, second, hidden}
