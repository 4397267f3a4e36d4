"""Global search: one box across the modules, in each user's scope, page and API alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from infogov.assets.tests.factories import AssetFactory
from infogov.core.search import (
    MAX_QUERY_LENGTH,
    RESULTS_PER_MODULE,
    SearchSource,
    clean_query,
    discover_sources,
    run_search,
)
from infogov.incidents.models import Incident
from infogov.incidents.tests.factories import IncidentFactory
from infogov.plans.tests.factories import PlanActionFactory
from infogov.records.tests.factories import RecordHoldingFactory
from infogov.requests.tests.factories import CaseFactory
from infogov.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db

WORD = "Floodgate"


def _person(user: Any) -> Any:
    return user.person


def _records_in(division: Any, owner: Any, word: str = WORD) -> dict[str, Any]:
    """One record of each divisional module in `division`, each naming `word`."""
    return {
        "assets": AssetFactory(
            name=f"{word} register {division.code}", division=division, owner=owner
        ),
        "records": RecordHoldingFactory(title=f"{word} files {division.code}", division=division),
        "incidents": IncidentFactory(
            title=f"{word} letter {division.code}", division=division, reported_by=owner
        ),
        "risks": RiskFactory(title=f"{word} risk {division.code}", division=division),
        "actions": PlanActionFactory(title=f"{word} action {division.code}", division=division),
    }


def _found(groups: list[Any]) -> dict[str, list[str]]:
    return {group.source.key: [hit.url for hit in group.hits] for group in groups}


def _api_found(data: dict[str, Any]) -> dict[str, list[str]]:
    return {group["module"]: [hit["url"] for hit in group["results"]] for group in data["groups"]}


@pytest.fixture
def two_divisions(people: Any) -> dict[str, dict[str, Any]]:
    owner_a = _person(people.iao)
    owner_b = _person(people.officer_b)
    return {
        "a": _records_in(people.division_a, owner_a),
        "b": _records_in(people.division_b, owner_b),
    }


def test_every_app_registers_its_sources_in_installed_apps_order() -> None:
    keys = [source.key for source in discover_sources()]
    assert keys == [
        "people",
        "assets",
        "records",
        "retention-schedule",
        "incidents",
        "requests",
        "risks",
        "actions",
    ]


def test_each_source_searches_its_lists_fields_and_its_list_takes_the_query() -> None:
    """The link to the module's list with `?q=` finds what the search counted there."""
    for source in discover_sources():
        group_list = source.model._meta
        from infogov.core.views import model_url

        url = model_url(source.model, "list")
        assert url, f"{group_list.label} has no list page"
        view = resolve(url).func.view_class  # type: ignore[attr-defined]
        filterset = view.filterset_class
        assert filterset is not None and "q" in filterset.base_filters, source.key
        assert set(filterset.search_fields) <= set(source.fields), source.key


def test_information_officer_never_gets_another_divisions_records(
    people: Any, two_divisions: dict[str, dict[str, Any]], client_as: Any, api_as: Any
) -> None:
    groups = run_search(people.officer_a, WORD)
    found = _found(groups)
    for key, obj in two_divisions["a"].items():
        assert found[key] == [obj.get_absolute_url()], key
    every_url = {url for urls in found.values() for url in urls}
    for obj in two_divisions["b"].values():
        assert obj.get_absolute_url() not in every_url
    assert all(group.count == 1 for group in groups)

    page = client_as(people.officer_a).get("/search/", {"q": WORD})
    assert page.status_code == 200
    body = page.content.decode()
    for obj in two_divisions["b"].values():
        assert obj.get_absolute_url() not in body
        assert str(obj.title if hasattr(obj, "title") else obj.name) not in body
    api = api_as(people.officer_a).get("/api/search/", {"q": WORD})
    assert api.status_code == 200
    assert _api_found(api.json()) == found


def test_a_division_the_officer_cannot_see_adds_nothing_to_the_counts(
    people: Any, two_divisions: dict[str, dict[str, Any]], api_as: Any
) -> None:
    for _ in range(3):
        IncidentFactory(title=f"{WORD} again", division=people.division_b)
    data = api_as(people.officer_a).get("/api/search/", {"q": WORD}).json()
    counts = {group["module"]: group["count"] for group in data["groups"]}
    assert counts["incidents"] == 1
    assert data["total"] == sum(counts.values())
    everyone = api_as(people.ig_manager).get("/api/search/", {"q": WORD}).json()
    assert {g["module"]: g["count"] for g in everyone["groups"]}["incidents"] == 5


def test_the_auditor_cannot_find_a_case_by_the_requesters_name(
    people: Any, api_as: Any, client_as: Any
) -> None:
    case = CaseFactory(requester_name="Morag Quintessa", caseworker=_person(people.caseworker))
    url = case.get_absolute_url()

    auditor = run_search(people.auditor, "Quintessa")
    assert "requests" not in _found(auditor)
    assert api_as(people.auditor).get("/api/search/", {"q": "Quintessa"}).json()["total"] == 0
    page = client_as(people.auditor).get("/search/", {"q": "Quintessa"})
    assert url not in page.content.decode()
    # The auditor sees the case itself, and finds it by its reference.
    assert _found(run_search(people.auditor, case.reference))["requests"] == [url]

    # Those who may read the requester's name find the case by it.
    for reader in (people.ig_manager, people.siro, people.caseworker):
        assert _found(run_search(reader, "quintessa"))["requests"] == [url]


def test_results_do_not_show_the_requesters_details(people: Any, api_as: Any) -> None:
    case = CaseFactory(requester_name="Morag Quintessa")
    data = api_as(people.ig_manager).get("/api/search/", {"q": case.reference}).json()
    assert "Quintessa" not in str(data)
    assert data["groups"][0]["results"][0]["title"] == case.reference


def test_staff_member_finds_only_what_they_may_see(
    people: Any, two_divisions: dict[str, dict[str, Any]], api_as: Any
) -> None:
    mine = IncidentFactory(title=f"{WORD} my report", reported_by=_person(people.staff))
    found = _found(run_search(people.staff, WORD))
    # Their own report, and nobody else's incidents, assets, holdings, risks or actions.
    assert found == {"incidents": [mine.get_absolute_url()]}
    # People are reference for every signed-in person.
    people_found = _found(run_search(people.staff, "cw.officer"))
    assert people_found == {"people": [_person(people.officer_b).get_absolute_url()]}


def test_reporter_does_not_find_an_incident_by_its_hidden_assessment(
    people: Any, api_as: Any
) -> None:
    """A field hidden from the reader (the assessment) is not searched for them."""
    incident = IncidentFactory(
        title="Wrong address", reported_by=_person(people.staff), division=people.division_a
    )
    Incident.objects.filter(pk=incident.pk).update(assessment_notes="Zephyrine checked it")
    assert run_search(people.staff, "Wrong address")
    source = SearchSource(
        key="assessed", model=Incident, fields=("assessment_notes",), title=("reference",)
    )
    assert run_search(people.staff, "Zephyrine", sources=[source]) == []
    assert _found(run_search(people.officer_a, "Zephyrine", sources=[source])) == {
        "assessed": [incident.get_absolute_url()]
    }


def test_anonymous_visitors_are_sent_to_sign_in(client: Any, api_as: Any) -> None:
    page = client.get("/search/", {"q": "anything"})
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/login/")
    assert api_as(None).get("/api/search/", {"q": "anything"}).status_code in (401, 403)


def test_page_and_api_agree(
    people: Any, two_divisions: dict[str, dict[str, Any]], client_as: Any, api_as: Any
) -> None:
    for user in (people.ig_manager, people.officer_b, people.staff, people.auditor):
        page = client_as(user).get("/search/", {"q": WORD.lower()})
        api = api_as(user).get("/api/search/", {"q": WORD.lower()}).json()
        page_groups = [
            {
                "module": g.source.key,
                "count": g.count,
                "urls": [h.url for h in g.hits],
                "list_url": g.list_url,
            }
            for g in page.context["groups"]
        ]
        api_groups = [
            {
                "module": g["module"],
                "count": g["count"],
                "urls": [h["url"] for h in g["results"]],
                "list_url": g["list_url"],
            }
            for g in api["groups"]
        ]
        assert page_groups == api_groups, user.username
        assert page.context["total"] == api["total"]


def test_each_group_links_to_its_list_filtered_by_the_query_which_finds_the_same(
    people: Any, two_divisions: dict[str, dict[str, Any]], client_as: Any
) -> None:
    client = client_as(people.officer_a)
    for group in run_search(people.officer_a, WORD):
        assert group.list_url is not None and group.list_url.endswith(f"?q={WORD}")
        listing = client.get(group.list_url)
        assert listing.status_code == 200, group.list_url
        assert listing.context["page"].paginator.count == group.count, group.source.key


def test_at_most_n_results_per_module_with_the_full_count(
    people: Any, client_as: Any, api_as: Any
) -> None:
    for n in range(RESULTS_PER_MODULE + 3):
        IncidentFactory(title=f"{WORD} {n}", division=people.division_a)
    (group,) = run_search(people.officer_a, WORD)
    assert group.count == RESULTS_PER_MODULE + 3
    assert len(group.hits) == RESULTS_PER_MODULE
    body = client_as(people.officer_a).get("/search/", {"q": WORD}).content.decode()
    assert f"See all {RESULTS_PER_MODULE + 3} in incidents" in body
    data = api_as(people.officer_a).get("/api/search/", {"q": WORD}).json()
    assert data["groups"][0]["count"] == RESULTS_PER_MODULE + 3
    assert len(data["groups"][0]["results"]) == RESULTS_PER_MODULE


def test_a_constant_number_of_queries_per_module(people: Any) -> None:
    def queries() -> int:
        user = type(people.officer_a).objects.get(pk=people.officer_a.pk)  # roles not cached
        with CaptureQueriesContext(connection) as captured:
            run_search(user, WORD)
        return len(captured)

    _records_in(people.division_a, _person(people.iao))
    few = queries()
    for n in range(12):
        _records_in(people.division_a, _person(people.iao), word=f"{WORD}{n}")
    assert queries() == few
    # Roles (one query, read once), then per module a count and, if any match, a page.
    assert few <= 2 + 2 * len(discover_sources())


def test_a_query_too_long_is_refused_with_a_clear_message(
    people: Any, client_as: Any, api_as: Any
) -> None:
    too_long = "x" * (MAX_QUERY_LENGTH + 1)
    page = client_as(people.officer_a).get("/search/", {"q": too_long})
    assert page.status_code == 400
    message = (
        f"Search for {MAX_QUERY_LENGTH} characters or fewer (you entered {MAX_QUERY_LENGTH + 1})."
    )
    assert message in page.content.decode()
    api = api_as(people.officer_a).get("/api/search/", {"q": too_long})
    assert api.status_code == 400
    assert api.json() == {"q": [message]}
    # Exactly the limit is searched.
    assert (
        api_as(people.officer_a).get("/api/search/", {"q": "x" * MAX_QUERY_LENGTH}).status_code
        == 200
    )


def test_an_empty_query_shows_the_form_and_the_api_asks_for_one(
    people: Any, client_as: Any, api_as: Any
) -> None:
    for q in ("", "   "):
        page = client_as(people.officer_a).get("/search/", {"q": q})
        assert page.status_code == 200
        assert page.context["groups"] == []
        assert "Search for a word, name or reference" in page.content.decode()
        api = api_as(people.officer_a).get("/api/search/", {"q": q})
        assert api.status_code == 400
        assert api.json() == {"q": ["Enter a word, name or reference to search for."]}
    assert client_as(people.officer_a).get("/search/").status_code == 200


def test_spaces_are_trimmed_and_runs_of_spaces_made_one() -> None:
    assert clean_query("  lost   laptop ") == "lost laptop"
    assert clean_query("lost\x00laptop\x7f") == "lost laptop"


def test_a_nul_character_is_searched_as_a_space_not_an_error(
    people: Any, api_as: Any, client_as: Any
) -> None:
    IncidentFactory(title="Lost laptop", division=people.division_a)
    data = api_as(people.officer_a).get("/api/search/", {"q": "Lost\x00"}).json()
    assert data["query"] == "Lost" and data["total"] == 1
    assert client_as(people.officer_a).get("/search/", {"q": "\x00"}).status_code == 200


def test_nothing_found_says_so(people: Any, client_as: Any) -> None:
    body = client_as(people.officer_a).get("/search/", {"q": "Nonesuch"}).content.decode()
    assert "Nothing you may open matches “Nonesuch”." in body


def test_every_page_has_the_search_box_in_its_header(people: Any, client_as: Any) -> None:
    body = client_as(people.staff).get("/").content.decode()
    assert '<form method="get" action="/search/" role="search" aria-label="Search InfoGov"' in body
    assert 'id="header-search" name="q"' in body
