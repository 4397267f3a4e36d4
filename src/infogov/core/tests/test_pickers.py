"""People pickers: every person field tells namesakes apart and searches only its choices."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.core import signing
from django.test import Client
from django.urls import reverse

from infogov.core.forms import GovernedForm
from infogov.core.pickers import LIMIT, PickerSelect, make_token
from infogov.core.tests.test_linked_scope import _form_classes
from infogov.organisation.models import Person
from infogov.organisation.tests.factories import DivisionFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def namesakes(people: Any) -> dict[str, Any]:
    education = DivisionFactory(name="Education & Children's Services", code="ecs")
    return {
        "records": PersonFactory(
            first_name="Aileen",
            last_name="Anderson",
            job_title="Records manager",
            division=people.division_a.__class__.objects.get(code="cr"),
        ),
        "teacher": PersonFactory(
            first_name="Aileen", last_name="Anderson", job_title="Head teacher", division=education
        ),
        "retired": PersonFactory(
            first_name="Aileen",
            last_name="Anderson",
            job_title="Former clerk",
            division=education,
            is_active=False,
        ),
    }


def _client(user: Any) -> Client:
    from infogov.conftest import pass_two_factor

    client = Client()
    client.force_login(user)
    pass_two_factor(client, user)
    return client


def _token(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}"[^>]*>', html)
    assert select, f"no select named {name}"
    found = re.search(r'data-picker-choices="([^"]+)"', select.group(0))
    assert found, select.group(0)
    return found.group(1)


def test_person_choices_show_name_job_title_and_division(people: Any, namesakes: Any) -> None:
    html = _client(people.ig_manager).get(reverse("assets:informationasset_add")).content.decode()
    assert "Aileen Anderson — Records manager, Corporate Resources" in html
    assert "Aileen Anderson — Head teacher, Education &amp; Children&#x27;s Services" in html
    # The asset form offers active staff only: the retired namesake is not a choice.
    assert "Former clerk" not in html


def test_every_person_field_of_every_form_is_a_picker(people: Any) -> None:
    checked = 0
    for form_class in _form_classes():
        try:
            form = form_class(user=people.ig_manager)
        except TypeError:
            continue  # a form that needs its parent record; its fields are built the same way
        for name, field in form.fields.items():
            if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
                continue
            if field.queryset.model is not Person:
                continue
            checked += 1
            person = PersonFactory(job_title="Clerk")
            assert field.label_from_instance(person) == person.picker_label(), (
                f"{form_class.__qualname__}.{name}"
            )
            if type(field.widget) in (PickerSelect, forms.Select):
                assert isinstance(field.widget, PickerSelect), f"{form_class.__qualname__}.{name}"
    assert checked > 5


def test_lookup_lists_only_the_choices_the_field_offers(people: Any, namesakes: Any) -> None:
    client = _client(people.ig_manager)
    html = client.get(reverse("assets:informationasset_add")).content.decode()
    token = _token(html, "owner")
    answer = client.get(reverse("picker_lookup"), {"q": "aileen anderson", "choices": token})
    assert answer.status_code == 200
    labels = [r["label"] for r in answer.json()["results"]]
    assert sorted(labels) == [
        "Aileen Anderson — Head teacher, Education & Children's Services",
        "Aileen Anderson — Records manager, Corporate Resources",
    ]
    # Every word must match: a job title narrows the namesakes to one.
    answer = client.get(reverse("picker_lookup"), {"q": "anderson head", "choices": token})
    assert [r["value"] for r in answer.json()["results"]] == [namesakes["teacher"].pk]
    # Search by division.
    answer = client.get(reverse("picker_lookup"), {"q": "aileen corporate", "choices": token})
    assert [r["value"] for r in answer.json()["results"]] == [namesakes["records"].pk]


def test_lookup_returns_at_most_a_page_and_says_there_are_more(people: Any) -> None:
    crowd = [PersonFactory(last_name="Smith", job_title="Officer") for _ in range(LIMIT + 3)]
    token = make_token(Person, [p.pk for p in crowd])
    answer = _client(people.staff).get(reverse("picker_lookup"), {"q": "smith", "choices": token})
    body = answer.json()
    assert len(body["results"]) == LIMIT
    assert body["more"] is True


def test_lookup_refuses_a_token_it_did_not_sign(people: Any, namesakes: Any) -> None:
    client = _client(people.ig_manager)
    forged = signing.dumps({"m": "organisation.person", "r": [[1, 10**6]]}, salt="other")
    assert client.get(reverse("picker_lookup"), {"q": "a", "choices": forged}).status_code == 404
    assert client.get(reverse("picker_lookup"), {"q": "a"}).status_code == 404
    not_a_picker = signing.dumps(
        {"m": "organisation.division", "r": [[1, 10**6]]}, salt="infogov.core.pickers"
    )
    answer = client.get(reverse("picker_lookup"), {"q": "a", "choices": not_a_picker})
    assert answer.status_code == 404


def test_lookup_needs_a_signed_in_user(namesakes: Any) -> None:
    token = make_token(Person, [namesakes["records"].pk])
    answer = Client().get(reverse("picker_lookup"), {"q": "aileen", "choices": token})
    assert answer.status_code == 302
    assert "/accounts/login/" in answer["Location"]


def test_picker_widget_keeps_the_plain_select_for_people_without_javascript(
    people: Any, namesakes: Any
) -> None:
    html = _client(people.ig_manager).get(reverse("assets:informationasset_add")).content.decode()
    select = re.search(r'<select name="owner"[^>]*>.*?</select>', html, re.S)
    assert select
    assert f'value="{namesakes["records"].pk}"' in select.group(0)
    assert 'data-picker-url="/lookup/"' in select.group(0)


def test_governed_form_subclass_gets_pickers_without_declaring_them(people: Any) -> None:
    from infogov.plans.models import Kpi

    class KpiForm(GovernedForm):
        class Meta:
            model = Kpi
            fields = ["name", "owner"]

    form = KpiForm(user=people.ig_manager)
    assert isinstance(form.fields["owner"].widget, PickerSelect)


def test_person_filters_on_lists_are_pickers_with_the_same_labels(
    people: Any, namesakes: Any
) -> None:
    from infogov.assets.tests.factories import AssetFactory

    teacher = namesakes["teacher"]
    AssetFactory(owner=teacher, division=teacher.division)  # the filter offers owners
    html = _client(people.ig_manager).get(reverse("assets:informationasset_list")).content.decode()
    select = re.search(r'<select name="owner"[^>]*>.*?</select>', html, re.S)
    assert select
    assert "data-picker-choices=" in select.group(0)
    assert "Aileen Anderson — Head teacher, Education &amp; Children&#x27;s Services" in (
        select.group(0)
    )
