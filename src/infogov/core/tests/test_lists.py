"""List pages: search, sort, exports and deletion rules shared by every model."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from infogov.organisation.tests.factories import PersonFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_free_text_search_filters_the_list_and_the_api(
    people: Any, client_as: Any, api_as: Any
) -> None:
    PersonFactory(first_name="Zebedee", last_name="Quist", division=people.division_a)
    page = client_as(people.ig_manager).get("/organisation/people/?q=zebedee")
    assert b"Zebedee Quist" in page.content
    assert b"1 person" in page.content
    api = api_as(people.ig_manager).get("/api/organisation/people/?q=QUIST").json()
    assert api["count"] == 1


def test_sorting_by_a_column_orders_the_rows(people: Any, client_as: Any) -> None:
    PersonFactory(last_name="Aardvark", division=people.division_a)
    PersonFactory(last_name="Zzyzx", division=people.division_a)
    client = client_as(people.ig_manager)
    ascending = client.get("/organisation/people/?sort=full_name").content.decode()
    descending = client.get("/organisation/people/?sort=-full_name").content.decode()
    assert ascending.index("Aardvark") < ascending.index("Zzyzx")
    assert descending.index("Zzyzx") < descending.index("Aardvark")
    assert 'aria-sort="descending"' in descending


def test_csv_export_follows_the_filters_and_defuses_formulas(people: Any, client_as: Any) -> None:
    PersonFactory(first_name="=HYPERLINK(1)", last_name="Evil", division=people.division_a)
    response = client_as(people.ig_manager).get("/organisation/people/?q=Evil&export=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0] == ["Name", "Kind", "Job title", "Division", "E-mail"]
    assert len(rows) == 2
    assert rows[1][0].startswith("'=")


def test_xlsx_export_has_the_same_columns(people: Any, client_as: Any) -> None:
    response = client_as(people.auditor).get("/organisation/divisions/?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet is not None
    values = list(sheet.values)
    assert values[0] == ("Name", "Code", "Active")
    assert len(values) == 3  # the two divisions of the fixture


def test_a_division_in_use_cannot_be_deleted(people: Any, client_as: Any) -> None:
    ServiceFactory(division=people.division_b)
    client = client_as(people.ig_manager)
    response = client.post(f"/organisation/divisions/{people.division_b.pk}/delete/", follow=True)
    assert b"still in use" in response.content
    assert people.division_b.__class__.objects.filter(pk=people.division_b.pk).exists()


def test_an_unused_record_is_deleted_and_its_history_kept(people: Any, client_as: Any) -> None:
    service = ServiceFactory(division=people.division_b)
    client = client_as(people.ig_manager)
    client.post(f"/organisation/services/{service.pk}/delete/")
    assert not type(service).objects.filter(pk=service.pk).exists()
    assert type(service).history.filter(id=service.pk, history_type="-").count() == 1


def test_send_reminders_command_sends_once(people: Any, capsys: Any) -> None:
    from infogov.organisation.services import publish_roles_page

    publish_roles_page(acting_user=people.ig_manager, introduction="Please read")
    call_command("send_reminders")
    first = capsys.readouterr().out
    call_command("send_reminders")
    second = capsys.readouterr().out
    assert "sent 0" not in first
    assert "queued 0, sent 0" in second


def test_home_dashboard_panels_have_no_empty_entries(people: Any, client_as: Any) -> None:
    from infogov.organisation.services import publish_roles_page

    publish_roles_page(acting_user=people.ig_manager, introduction="Please read")
    page = client_as(people.ig_manager).get("/").content.decode()
    assert "Role holders yet to acknowledge" in page
    assert "<li></li>" not in page.replace(" ", "").replace("\n", "")


def test_long_histories_show_the_latest_changes_first(people: Any, client_as: Any) -> None:
    person = PersonFactory(division=people.division_a)
    for number in range(55):
        person.job_title = f"Title {number}"
        person.save()
    client = client_as(people.ig_manager)
    page = client.get(f"/organisation/people/{person.pk}/history/").content.decode()
    assert "Title 54" in page
    assert "Show older changes" in page
    everything = client.get(f"/organisation/people/{person.pk}/history/?all=1").content.decode()
    assert "Created" in everything
    assert "Show older changes" not in everything
