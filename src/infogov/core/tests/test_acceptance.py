"""Acceptance tests of the published contracts: the REST API and `infogov deadline`.

They load the demo organisation, sign in through `POST /api/auth/token/` as the demo
people (exactly as an outside script would) and drive only the public REST API and the
`infogov deadline` command. `TestContractsOnceBroken` keeps the contract bugs they found
as regressions."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from rest_framework.test import APIClient

from infogov.core.demo import load_demo

LONDON = ZoneInfo("Europe/London")
PASSWORD = "demo-password"
DEMO_USERS = (
    "ig.manager",
    "siro",
    "cr.officer",
    "ecs.officer",
    "cw.officer",
    "cr.iao",
    "caseworker",
    "staff.member",
    "councillor",
    "auditor",
)
CR = "Corporate Resources"
ECS = "Education & Children's Services"
CW = "Communities & Wellbeing"

INCIDENTS = "/api/incidents/incidents/"
CASES = "/api/requests/cases/"
RISKS = "/api/risks/risks/"
DIVISIONS = "/api/organisation/divisions/"
TOKEN = "/api/auth/token/"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """Load the demo once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), override_settings(DEMO=True):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def demo(demo_loaded: Any, db: Any, settings: Any) -> None:
    settings.DEMO = True  # demo sign-ins only work then
    cache.clear()  # token throttle and axes counters start afresh for every test
    _tokens.clear()


_tokens: dict[str, str] = {}
_division_ids: dict[str, int] = {}


def token_for(username: str, password: str = PASSWORD) -> str:
    response = APIClient().post(TOKEN, {"username": username, "password": password}, format="json")
    assert response.status_code == 200, (username, response.status_code, response.content)
    return str(response.json()["token"])


def api(username: str | None = None) -> APIClient:
    """A client signed in as a demo person (one token request per person per test)."""
    client = APIClient()
    if username is not None:
        if username not in _tokens:
            _tokens[username] = token_for(username)
        client.credentials(HTTP_AUTHORIZATION="Token " + _tokens[username])
    return client


def division_id(name: str) -> int:
    if not _division_ids:
        response = api("ig.manager").get(DIVISIONS, {"page_size": 500})
        assert response.status_code == 200
        _division_ids.update({row["name"]: int(row["id"]) for row in response.json()["results"]})
    return _division_ids[name]


def parse_dt(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def all_results(client: APIClient, url: str, params: dict[str, Any] | None = None) -> list[Any]:
    response = client.get(url, {**(params or {}), "page_size": 500})
    assert response.status_code == 200, response.content
    body = response.json()
    rows = list(body["results"])
    next_url = body["next"]
    while next_url:
        body = client.get(next_url).json()
        rows.extend(body["results"])
        next_url = body["next"]
    return rows


# =========================================================================== issue 2


class TestTokenSignIn:
    @pytest.mark.parametrize("username", DEMO_USERS)
    def test_every_demo_person_gets_a_token(self, username: str) -> None:
        client = APIClient(enforce_csrf_checks=True)
        response = client.post(TOKEN, {"username": username, "password": PASSWORD}, format="json")
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"token"}
        assert isinstance(body["token"], str) and body["token"]
        # the token works as `Authorization: Token KEY`
        client.credentials(HTTP_AUTHORIZATION="Token " + body["token"])
        assert client.get(DIVISIONS).status_code == 200

    def test_token_with_raw_json_body(self) -> None:
        response = APIClient(enforce_csrf_checks=True).post(
            TOKEN,
            data=json.dumps({"username": "ig.manager", "password": PASSWORD}),
            content_type="application/json",
        )
        assert response.status_code == 200
        assert "token" in response.json()

    def test_each_sign_in_gets_its_own_token(self) -> None:
        # Tokens expire and are revoked one by one, so a sign-in never hands back an old key.
        first, second = token_for("siro"), token_for("siro")
        assert first != second
        for key in (first, second):
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION="Token " + key)
            assert client.get(DIVISIONS).status_code == 200

    @pytest.mark.parametrize(
        "body",
        [
            {"username": "ig.manager", "password": "wrong-password"},
            {"username": "nobody.at.all", "password": PASSWORD},
            {"username": "ig.manager"},
            {"password": PASSWORD},
            {},
            {"username": "", "password": ""},
        ],
    )
    def test_bad_credentials_are_400_json(self, body: dict[str, str]) -> None:
        response = APIClient().post(TOKEN, body, format="json")
        assert response.status_code == 400, response.content
        assert response["Content-Type"].startswith("application/json")
        assert "token" not in response.json()

    def test_demo_sign_ins_refused_unless_demo_mode(self, settings: Any) -> None:
        settings.DEMO = False
        response = APIClient().post(
            TOKEN, {"username": "ig.manager", "password": PASSWORD}, format="json"
        )
        assert response.status_code == 400

    def test_thirty_attempts_a_minute_are_not_throttled(self) -> None:
        client = APIClient()
        for _ in range(30):
            response = client.post(TOKEN, {"username": "siro", "password": PASSWORD}, format="json")
            assert response.status_code == 200

    def test_no_token_means_401_or_403(self) -> None:
        for url in (INCIDENTS, CASES, RISKS, DIVISIONS):
            assert APIClient().get(url).status_code in (401, 403), url

    def test_bad_token_is_refused(self) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
        assert client.get(DIVISIONS).status_code in (401, 403)


class TestSchema:
    def test_schema_is_public_and_lists_the_endpoints(self) -> None:
        response = APIClient().get("/api/schema/")
        assert response.status_code == 200
        text = response.content.decode()
        assert "openapi" in text
        for path in (TOKEN, DIVISIONS, INCIDENTS, CASES, RISKS, CASES + "{id}/events/"):
            assert path in text, path

    def test_schema_as_json(self) -> None:
        response = APIClient().get("/api/schema/", {"format": "json"})
        assert response.status_code == 200
        schema = json.loads(response.content)
        assert schema["openapi"].startswith("3.")
        paths = schema["paths"]
        for path in (TOKEN, DIVISIONS, INCIDENTS, CASES, RISKS):
            assert path in paths, path
        assert "post" in paths[INCIDENTS]
        assert "post" in paths[CASES + "{id}/events/"]

    def test_docs_are_public(self) -> None:
        assert APIClient().get("/api/docs/").status_code == 200


class TestDivisionsAndPagination:
    def test_divisions_have_id_and_name(self) -> None:
        client = api("staff.member")
        body = client.get(DIVISIONS).json()
        assert set(body) >= {"count", "next", "previous", "results"}
        names = {row["name"] for row in body["results"]}
        assert {CR, ECS, CW} <= names
        for row in body["results"]:
            assert isinstance(row["id"], int)
            assert isinstance(row["name"], str)

    def test_division_detail_by_id(self) -> None:
        pk = division_id(ECS)
        response = api("auditor").get(f"{DIVISIONS}{pk}/")
        assert response.status_code == 200
        assert response.json()["name"] == ECS
        assert response.json()["id"] == pk

    def test_pagination_next_is_absolute(self) -> None:
        client = api("ig.manager")
        body = client.get(DIVISIONS, {"page_size": 1}).json()
        assert body["count"] >= 3
        assert body["previous"] is None
        assert body["next"].startswith("http://testserver/api/organisation/divisions/")
        second = client.get(body["next"]).json()
        assert second["previous"] is not None
        assert second["results"][0]["id"] != body["results"][0]["id"]

    def test_incident_list_paginates_with_absolute_next(self) -> None:
        body = api("ig.manager").get(INCIDENTS, {"page_size": 2}).json()
        assert set(body) == {"count", "next", "previous", "results"}
        assert body["count"] > 2
        assert body["next"].startswith("http://testserver" + INCIDENTS)

    def test_only_ig_manager_changes_divisions(self) -> None:
        pk = division_id(CR)
        assert api("cr.officer").patch(
            f"{DIVISIONS}{pk}/", {"name": "X"}, format="json"
        ).status_code in (403, 404)
        assert api("staff.member").patch(
            f"{DIVISIONS}{pk}/", {"name": "X"}, format="json"
        ).status_code in (403, 404)
        assert api("ig.manager").get(f"{DIVISIONS}{pk}/").json()["name"] == CR


class TestDivisionScope:
    def _risk_in(self, division: str) -> dict[str, Any]:
        rows = all_results(api("ig.manager"), RISKS, {"division": division_id(division)})
        rows = [r for r in rows if r["division"] == division_id(division)]
        assert rows, f"demo has no risks in {division}"
        return dict(rows[0])

    def test_officer_cannot_change_another_divisions_risk(self) -> None:
        risk = self._risk_in(CR)
        client = api("ecs.officer")
        url = f"{RISKS}{risk['id']}/"
        assert client.get(url).status_code == 404
        assert client.patch(url, {"title": "Hijacked"}, format="json").status_code == 404
        assert client.delete(url).status_code == 404
        assert api("ig.manager").get(url).json()["title"] == risk["title"]

    def test_officer_may_change_own_divisions_risk(self) -> None:
        risk = self._risk_in(CR)
        url = f"{RISKS}{risk['id']}/"
        response = api("cr.officer").patch(url, {"title": "Retitled by officer"}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["title"] == "Retitled by officer"

    def test_read_only_roles_get_403_on_visible_records(self) -> None:
        risk = self._risk_in(CR)
        url = f"{RISKS}{risk['id']}/"
        for username in ("auditor", "siro"):
            client = api(username)
            assert client.get(url).status_code == 200, username
            assert client.patch(url, {"title": "no"}, format="json").status_code == 403, username


def run_deadline(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-m", "infogov", "deadline", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )


class TestDeadlineCommand:
    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["sar", "2026-01-30"], ["2026-03-02"]),
            (["sar", "2026-03-06"], ["2026-04-06"]),
            (["sar", "2026-01-30", "--extended"], ["2026-04-30"]),
            (["sar", "--extended", "2026-01-30"], ["2026-04-30"]),
            (["foi", "2025-12-19"], ["2026-01-22"]),
            (["breach", "2026-03-27T16:00"], ["2026-03-30T17:00:00+01:00"]),
            (["breach", "2026-10-23T12:00+01:00"], ["2026-10-26T11:00:00+00:00"]),
            (["breach", "2026-10-23T11:00Z"], ["2026-10-26T11:00:00+00:00"]),
            (["sar", "2026-01-30", "2026-03-06"], ["2026-03-02", "2026-04-06"]),
            (["foi", "2025-12-19", "2025-12-19"], ["2026-01-22", "2026-01-22"]),
        ],
    )
    def test_examples(self, args: list[str], expected: list[str]) -> None:
        result = run_deadline(*args)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == expected

    @pytest.mark.parametrize(
        "args",
        [
            ["sar", "not-a-date"],
            ["fish", "2026-01-30"],
            ["foi", "2026-01-30", "--extended"],
            ["breach", "2026-03-27T16:00", "--extended"],
            ["breach", "2026-03-29T01:30"],  # does not exist in London
            ["sar", "2026-02-30"],
            ["sar"],
        ],
    )
    def test_bad_input_is_one_line_and_non_zero(self, args: list[str]) -> None:
        result = run_deadline(*args)
        assert result.returncode != 0
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr

    def test_console_script_needs_no_environment(self, tmp_path: Any) -> None:
        from pathlib import Path

        script = Path(sys.executable).parent / "infogov"
        if not script.exists():
            pytest.skip("console script not installed")
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [str(script), "deadline", "sar", "2026-01-30", "2026-03-06"],
            capture_output=True,
            text=True,
            timeout=60,
            env={},
            cwd=tmp_path,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == "2026-03-02\n2026-04-06\n"
        assert result.stderr == ""

    def test_ambiguous_october_hour_takes_first_occurrence(self) -> None:
        result = run_deadline("breach", "2026-10-25T01:30")
        assert result.returncode == 0, result.stderr
        # first 01:30 is BST (00:30Z) → +72 h = 2026-10-28T00:30Z
        assert parse_dt(result.stdout.strip()) == datetime(
            2026, 10, 28, 0, 30, tzinfo=ZoneInfo("UTC")
        )


# =========================================================================== issue 4


def report_body(division: str = CR, **extra: Any) -> dict[str, Any]:
    body = {
        "division": division_id(division),
        "title": "Letter sent to the wrong address",
        "description": "A benefits letter went to a neighbour.",
        "occurred_at": "2026-03-26T09:00:00Z",
        "discovered_at": "2026-03-27T15:30:00+00:00",
        "is_near_miss": False,
    }
    body.update(extra)
    return body


def report_incident(username: str = "staff.member", **extra: Any) -> dict[str, Any]:
    response = api(username).post(INCIDENTS, report_body(**extra), format="json")
    assert response.status_code == 201, response.content
    return dict(response.json())


class TestIncidentReport:
    def test_staff_member_reports_with_the_six_fields(self) -> None:
        response = api("staff.member").post(INCIDENTS, report_body(), format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        report_fields = (
            "id",
            "reference",
            "division",
            "title",
            "description",
            "occurred_at",
            "discovered_at",
            "is_near_miss",
            "reported_by",
        )
        assessment = (
            "personal_data_breach",
            "aware_at",
            "likelihood",
            "severity",
            "ico_deadline",
            "ico_reportable",
            "individuals_to_be_told",
        )
        for name in report_fields:
            assert name in body, name
        # The assessment is the IG team's: the reporter's answer leaves it out, as the page.
        for name in assessment:
            assert name not in body, name
        assert body["reference"].startswith("INC-")
        assert body["division"] == division_id(CR)
        team = api("ig.manager").get(f"{INCIDENTS}{body['id']}/").json()
        for name in assessment:
            assert name in team, name
        assert team["ico_deadline"] is None  # not aware_at yet
        assert team["ico_reportable"] is False
        assert team["individuals_to_be_told"] is False
        assert isinstance(body["reported_by"], int)
        assert parse_dt(body["occurred_at"]) == datetime(2026, 3, 26, 9, tzinfo=ZoneInfo("UTC"))

    def test_near_miss(self) -> None:
        body = report_incident(is_near_miss=True)
        assert body["is_near_miss"] is True

    def test_reference_is_unique(self) -> None:
        first, second = report_incident(), report_incident()
        assert first["reference"] != second["reference"]
        assert first["id"] != second["id"]

    def test_reporter_sees_own_report_only(self) -> None:
        mine = report_incident("staff.member")
        theirs = report_incident("cr.iao")
        client = api("staff.member")
        assert client.get(f"{INCIDENTS}{mine['id']}/").status_code == 200
        assert client.get(f"{INCIDENTS}{theirs['id']}/").status_code == 404
        ids = {row["id"] for row in all_results(client, INCIDENTS)}
        assert mine["id"] in ids
        assert theirs["id"] not in ids

    @pytest.mark.parametrize(
        "field", ["likelihood", "severity", "personal_data_breach", "aware_at"]
    )
    def test_staff_may_not_set_assessment_fields_on_create(self, field: str) -> None:
        value: Any = {
            "likelihood": 3,
            "severity": 3,
            "personal_data_breach": True,
            "aware_at": "2026-03-27T16:00:00Z",
        }[field]
        before = api("ig.manager").get(INCIDENTS).json()["count"]
        response = api("staff.member").post(INCIDENTS, report_body(**{field: value}), format="json")
        assert response.status_code == 403, response.content
        assert api("ig.manager").get(INCIDENTS).json()["count"] == before

    def test_staff_may_not_assess_own_report(self) -> None:
        mine = report_incident("staff.member")
        response = api("staff.member").patch(
            f"{INCIDENTS}{mine['id']}/", {"likelihood": 4}, format="json"
        )
        assert response.status_code == 403
        assert api("ig.manager").get(f"{INCIDENTS}{mine['id']}/").json()["likelihood"] is None

    def test_officer_of_division_may_not_assess(self) -> None:
        mine = report_incident("staff.member")
        response = api("cr.officer").patch(
            f"{INCIDENTS}{mine['id']}/", {"likelihood": 4}, format="json"
        )
        assert response.status_code == 403


class TestIncidentVisibility:
    def test_officers_and_ig_team(self) -> None:
        incident = report_incident("staff.member", division=CR)
        url = f"{INCIDENTS}{incident['id']}/"
        assert api("ecs.officer").get(url).status_code == 404
        assert api("cw.officer").get(url).status_code == 404
        for username in ("cr.officer", "ig.manager", "caseworker", "siro", "auditor"):
            assert api(username).get(url).status_code == 200, username
        assert api("councillor").get(url).status_code == 404

    def test_other_division_officer_gets_404_on_write(self) -> None:
        incident = report_incident("staff.member", division=CR)
        url = f"{INCIDENTS}{incident['id']}/"
        response = api("ecs.officer").patch(url, {"likelihood": 3}, format="json")
        assert response.status_code == 404

    def test_officer_list_is_their_division(self) -> None:
        ecs = division_id(ECS)
        rows = all_results(api("ecs.officer"), INCIDENTS)
        assert rows
        assert {row["division"] for row in rows} == {ecs}

    def test_auditor_and_siro_read_only(self) -> None:
        incident = report_incident("staff.member")
        url = f"{INCIDENTS}{incident['id']}/"
        for username in ("auditor", "siro"):
            assert api(username).patch(url, {"likelihood": 3}, format="json").status_code == 403


def assess(username: str, incident_id: int, **data: Any) -> Any:
    return api(username).patch(f"{INCIDENTS}{incident_id}/", data, format="json")


class TestIncidentAssessment:
    @pytest.mark.parametrize(
        ("breach", "likelihood", "severity", "reportable", "tell"),
        [
            (True, 3, 2, True, False),
            (True, 2, 5, False, False),
            (True, 5, 1, False, False),
            (True, 3, 1, False, False),
            (True, 4, 4, True, True),
            (True, 5, 5, True, True),
            (True, 4, 3, True, False),
            (True, 3, 4, True, False),
            (True, 1, 1, False, False),
            (False, 5, 5, False, False),
        ],
    )
    def test_thresholds(
        self, breach: bool, likelihood: int, severity: int, reportable: bool, tell: bool
    ) -> None:
        incident = report_incident()
        response = assess(
            "ig.manager",
            incident["id"],
            personal_data_breach=breach,
            likelihood=likelihood,
            severity=severity,
            aware_at="2026-03-27T16:00:00Z",
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["ico_reportable"] is reportable
        assert body["individuals_to_be_told"] is tell
        again = api("siro").get(f"{INCIDENTS}{incident['id']}/").json()
        assert again["ico_reportable"] is reportable
        assert again["individuals_to_be_told"] is tell

    def test_caseworker_may_assess(self) -> None:
        incident = report_incident()
        response = assess(
            "caseworker", incident["id"], personal_data_breach=True, likelihood=3, severity=2
        )
        assert response.status_code == 200, response.content
        assert response.json()["ico_reportable"] is True

    def test_put_with_full_body(self) -> None:
        incident = report_incident()
        client = api("ig.manager")
        body = client.get(f"{INCIDENTS}{incident['id']}/").json()
        body.update(
            {
                "personal_data_breach": True,
                "likelihood": 4,
                "severity": 4,
                "aware_at": "2026-03-27T16:00:00+00:00",
            }
        )
        response = client.put(f"{INCIDENTS}{incident['id']}/", body, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["ico_reportable"] is True
        assert response.json()["individuals_to_be_told"] is True

    @pytest.mark.parametrize(
        ("aware_at", "expected"),
        [
            # London local, no offset (BST starts 29 March 2026)
            ("2026-03-27T16:00:00", datetime(2026, 3, 30, 17, 0, tzinfo=LONDON)),
            ("2026-03-27T16:00", datetime(2026, 3, 30, 17, 0, tzinfo=LONDON)),
            ("2026-03-27T16:00:00Z", datetime(2026, 3, 30, 17, 0, tzinfo=LONDON)),
            ("2026-03-27T16:00:00+00:00", datetime(2026, 3, 30, 17, 0, tzinfo=LONDON)),
            # BST ends 25 October 2026
            ("2026-10-23T12:00:00+01:00", datetime(2026, 10, 26, 11, 0, tzinfo=LONDON)),
            ("2026-10-23T11:00:00Z", datetime(2026, 10, 26, 11, 0, tzinfo=LONDON)),
            # no clock change in between
            ("2026-06-10T09:15:00+01:00", datetime(2026, 6, 13, 9, 15, tzinfo=LONDON)),
        ],
    )
    def test_ico_deadline_across_clock_changes(self, aware_at: str, expected: datetime) -> None:
        incident = report_incident(
            occurred_at="2026-01-01T00:00:00Z", discovered_at="2026-01-02T00:00:00Z"
        )
        response = assess("ig.manager", incident["id"], aware_at=aware_at)
        assert response.status_code == 200, response.content
        deadline = parse_dt(response.json()["ico_deadline"])
        assert deadline == expected
        assert deadline - parse_dt(response.json()["aware_at"]) == timedelta(hours=72)
        # shown with its Europe/London offset
        assert deadline.utcoffset() == expected.utcoffset()
        fetched = api("auditor").get(f"{INCIDENTS}{incident['id']}/").json()
        assert parse_dt(fetched["ico_deadline"]) == expected

    def test_march_example_exact_string(self) -> None:
        incident = report_incident()
        response = assess("ig.manager", incident["id"], aware_at="2026-03-27T16:00:00Z")
        assert response.json()["ico_deadline"].startswith("2026-03-30T17:00:00+01:00")

    def test_october_example_exact_string(self) -> None:
        incident = report_incident(
            occurred_at="2026-10-20T09:00:00+01:00", discovered_at="2026-10-21T09:00:00+01:00"
        )
        response = assess("ig.manager", incident["id"], aware_at="2026-10-23T12:00+01:00")
        assert response.status_code == 200, response.content
        assert response.json()["ico_deadline"].startswith("2026-10-26T11:00:00+00:00")


class TestIncidentBadInput:
    def test_discovered_before_occurred(self) -> None:
        before = api("ig.manager").get(INCIDENTS).json()["count"]
        response = api("staff.member").post(
            INCIDENTS,
            report_body(occurred_at="2026-03-27T10:00:00Z", discovered_at="2026-03-26T10:00:00Z"),
            format="json",
        )
        assert response.status_code == 400
        assert "discovered_at" in response.json()
        assert api("ig.manager").get(INCIDENTS).json()["count"] == before

    def test_aware_before_discovered(self) -> None:
        incident = report_incident()
        response = assess("ig.manager", incident["id"], aware_at="2026-03-01T10:00:00Z")
        assert response.status_code == 400
        assert "aware_at" in response.json()
        assert api("ig.manager").get(f"{INCIDENTS}{incident['id']}/").json()["aware_at"] is None

    @pytest.mark.parametrize("value", [6, 0, -1, "high", 3.5])
    def test_bad_likelihood(self, value: Any) -> None:
        incident = report_incident()
        response = assess(
            "ig.manager", incident["id"], likelihood=value, severity=3, personal_data_breach=True
        )
        assert response.status_code == 400, response.content
        assert "likelihood" in response.json()
        after = api("ig.manager").get(f"{INCIDENTS}{incident['id']}/").json()
        assert after["likelihood"] is None
        assert after["severity"] is None  # nothing partly saved

    def test_severity_6(self) -> None:
        incident = report_incident()
        response = assess("caseworker", incident["id"], severity=6)
        assert response.status_code == 400
        assert "severity" in response.json()

    @pytest.mark.parametrize("missing", ["division", "title", "occurred_at", "discovered_at"])
    def test_missing_required_field(self, missing: str) -> None:
        body = report_body()
        del body[missing]
        response = api("staff.member").post(INCIDENTS, body, format="json")
        assert response.status_code == 400
        assert missing in response.json()

    def test_unknown_division_id(self) -> None:
        response = api("staff.member").post(
            INCIDENTS, report_body() | {"division": 999999}, format="json"
        )
        assert response.status_code == 400
        assert "division" in response.json()

    def test_division_id_as_string(self) -> None:
        body = report_body()
        body["division"] = str(body["division"])
        response = api("staff.member").post(INCIDENTS, body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["division"] == division_id(CR)

    def test_unknown_fields_are_not_500(self) -> None:
        response = api("staff.member").post(INCIDENTS, report_body(colour="blue"), format="json")
        assert response.status_code in (201, 400, 403), response.content

    def test_not_json_is_400_or_415(self) -> None:
        response = api("staff.member").post(
            INCIDENTS, data="{not json", content_type="application/json"
        )
        assert response.status_code == 400


# =========================================================================== issue 5


def create_case(
    username: str = "caseworker",
    kind: str = "sar",
    received_on: str = "2026-01-30",
    requester_name: str = "Morag Fraser",
    **extra: Any,
) -> dict[str, Any]:
    body = {
        "kind": kind,
        "received_on": received_on,
        "requester_name": requester_name,
        "description": "Copies of everything the council holds about me.",
        **extra,
    }
    response = api(username).post(CASES, body, format="json")
    assert response.status_code == 201, response.content
    return dict(response.json())


def add_event(case_id: int, type_: str, on: str, username: str = "caseworker") -> Any:
    return api(username).post(f"{CASES}{case_id}/events/", {"type": type_, "on": on}, format="json")


class TestCaseDueDates:
    @pytest.mark.parametrize(
        ("kind", "received_on", "due_on"),
        [
            ("sar", "2026-01-30", "2026-03-02"),
            ("sar", "2026-03-06", "2026-04-06"),  # Easter Monday is no Scottish holiday
            ("foi", "2025-12-19", "2026-01-22"),
            ("sar", "2026-01-31", "2026-03-02"),
            ("sar", "2026-03-31", "2026-04-30"),
            ("sar", "2026-05-15", "2026-06-16"),  # one-off 15 June 2026 bank holiday
            ("sar", "2026-11-25", "2026-12-29"),  # Christmas, Boxing Day substitute
            ("sar", "2025-12-01", "2026-01-05"),  # 1 and 2 January
            ("foi", "2026-03-06", "2026-04-06"),  # Good Friday is a Scottish holiday
            ("eir", "2025-12-19", "2026-01-22"),
        ],
    )
    def test_due_on_from_receipt(self, kind: str, received_on: str, due_on: str) -> None:
        case = create_case(kind=kind, received_on=received_on)
        assert case["due_on"] == due_on
        assert case["kind"] == kind
        assert case["received_on"] == received_on
        assert date.fromisoformat(case["due_on"]) == date.fromisoformat(due_on)
        assert api("caseworker").get(f"{CASES}{case['id']}/").json()["due_on"] == due_on

    def test_create_body(self) -> None:
        case = create_case()
        for name in ("id", "reference", "kind", "received_on", "requester_name", "description"):
            assert name in case
        assert case["requester_name"] == "Morag Fraser"
        assert case["reference"].startswith("SAR-")

    def test_case_created_is_assigned_to_the_caseworker(self) -> None:
        case = create_case()
        assert case["caseworker"] is not None
        other = create_case()
        assert other["caseworker"] == case["caseworker"]
        # the caseworker sees it in their list
        ids = {row["id"] for row in all_results(api("caseworker"), CASES)}
        assert case["id"] in ids

    def test_received_event_recorded(self) -> None:
        case = create_case()
        events = api("caseworker").get(f"{CASES}{case['id']}/events/").json()
        assert [e["type"] for e in events] == ["received"]
        assert events[0]["on"] == "2026-01-30"

    def test_extension(self) -> None:
        case = create_case(received_on="2026-01-30")
        response = add_event(case["id"], "extended", "2026-02-10")
        assert response.status_code == 201, response.content
        got = api("caseworker").get(f"{CASES}{case['id']}/").json()
        assert got["due_on"] == "2026-04-30"

    def test_clarification_stop(self) -> None:
        case = create_case(received_on="2026-01-30")
        assert add_event(case["id"], "clarification_requested", "2026-02-02").status_code == 201
        during = api("caseworker").get(f"{CASES}{case['id']}/").json()
        # while the clarification is outstanding the clock is stopped: no due date, on hold
        assert during["due_on"] is None
        assert during["status"] == "on_hold"
        assert add_event(case["id"], "clarification_received", "2026-02-05").status_code == 201
        after = api("caseworker").get(f"{CASES}{case['id']}/").json()
        assert after["due_on"] == "2026-03-03"
        assert after["status"] == "open"

    def test_foi_clarification_restarts_twenty_days(self) -> None:
        case = create_case(kind="foi", received_on="2025-12-19")
        add_event(case["id"], "clarification_requested", "2025-12-22")
        assert add_event(case["id"], "clarification_received", "2026-01-05").status_code == 201
        # working day 1 = 6 Jan 2026; 20 working days → 2 February 2026
        assert api("caseworker").get(f"{CASES}{case['id']}/").json()["due_on"] == "2026-02-02"

    def test_identity_verified_later_moves_the_start(self) -> None:
        case = create_case(received_on="2026-01-30")
        add_event(case["id"], "identity_requested", "2026-01-30")
        assert add_event(case["id"], "identity_verified", "2026-03-06").status_code == 201
        assert api("caseworker").get(f"{CASES}{case['id']}/").json()["due_on"] == "2026-04-06"

    def test_ig_manager_adds_an_event(self) -> None:
        case = create_case(received_on="2026-01-30")
        response = add_event(case["id"], "extended", "2026-02-10", username="ig.manager")
        assert response.status_code == 201
        assert api("ig.manager").get(f"{CASES}{case['id']}/").json()["due_on"] == "2026-04-30"

    @pytest.mark.parametrize(
        "body",
        [
            {"type": "bogus", "on": "2026-02-05"},
            {"type": "extended", "on": "2026-02-31"},
            {"type": "extended"},
            {"on": "2026-02-05"},
        ],
    )
    def test_bad_events(self, body: dict[str, str]) -> None:
        case = create_case()
        response = api("caseworker").post(f"{CASES}{case['id']}/events/", body, format="json")
        assert response.status_code == 400
        events = api("caseworker").get(f"{CASES}{case['id']}/events/").json()
        assert len(events) == 1

    def test_event_with_optional_reason_and_note(self) -> None:
        case = create_case()
        response = api("caseworker").post(
            f"{CASES}{case['id']}/events/",
            {"type": "extended", "on": "2026-02-10", "reason": "Complex", "note": "Many files"},
            format="json",
        )
        assert response.status_code == 201

    @pytest.mark.parametrize(("missing"), ["kind", "received_on", "requester_name", "description"])
    def test_missing_field(self, missing: str) -> None:
        body = {
            "kind": "sar",
            "received_on": "2026-01-30",
            "requester_name": "A",
            "description": "B",
        }
        del body[missing]
        response = api("caseworker").post(CASES, body, format="json")
        assert response.status_code == 400
        assert missing in response.json()

    def test_bad_kind(self) -> None:
        response = api("caseworker").post(
            CASES,
            {"kind": "xyz", "received_on": "2026-01-30", "requester_name": "A", "description": "B"},
            format="json",
        )
        assert response.status_code == 400
        assert "kind" in response.json()


class TestCaseVisibility:
    def test_who_sees_a_case(self) -> None:
        case = create_case(requester_name="Morag Fraser")
        url = f"{CASES}{case['id']}/"
        for username in ("staff.member", "councillor", "cr.iao", "ecs.officer", "cr.officer"):
            assert api(username).get(url).status_code == 404, username
        for username in ("siro", "ig.manager", "caseworker"):
            response = api(username).get(url)
            assert response.status_code == 200, username
            assert response.json()["requester_name"] == "Morag Fraser", username
        auditor = api("auditor").get(url)
        assert auditor.status_code == 200
        assert auditor.json()["requester_name"] != "Morag Fraser"
        assert "Morag" not in auditor.content.decode()
        assert auditor.json()["due_on"] == case["due_on"]

    def test_staff_list_is_empty(self) -> None:
        body = api("staff.member").get(CASES).json()
        assert body["count"] == 0
        assert body["results"] == []

    def test_auditor_cannot_find_cases_by_requester_name(self) -> None:
        create_case(requester_name="Zebedee Quartermaine")
        assert api("auditor").get(CASES, {"q": "Zebedee"}).json()["count"] == 0
        assert api("siro").get(CASES, {"q": "Zebedee"}).json()["count"] == 1

    def test_auditor_list_is_masked(self) -> None:
        create_case(requester_name="Morag Fraser")
        text = api("auditor").get(CASES, {"page_size": 500}).content.decode()
        assert "Morag Fraser" not in text

    def test_staff_may_not_create_or_add_events(self) -> None:
        response = api("staff.member").post(
            CASES,
            {"kind": "sar", "received_on": "2026-01-30", "requester_name": "A", "description": "B"},
            format="json",
        )
        assert response.status_code == 403
        case = create_case()
        assert add_event(case["id"], "extended", "2026-02-10", "staff.member").status_code == 404

    def test_read_only_roles_may_not_add_events(self) -> None:
        case = create_case()
        for username in ("auditor", "siro"):
            assert add_event(case["id"], "extended", "2026-02-10", username).status_code == 403
        assert api("caseworker").get(f"{CASES}{case['id']}/").json()["due_on"] == "2026-03-02"

    def test_caseworker_does_not_see_a_case_assigned_to_someone_else(self) -> None:
        mine = create_case(username="caseworker")["caseworker"]
        others = [
            row
            for row in all_results(api("ig.manager"), CASES)
            if row["caseworker"] not in (None, mine)
        ]
        assert others, "the demo has cases assigned to other handlers"
        client = api("caseworker")
        assert client.get(f"{CASES}{others[0]['id']}/").status_code == 404
        assert add_event(others[0]["id"], "extended", "2026-02-10").status_code == 404
        visible = {row["caseworker"] for row in all_results(client, CASES)}
        assert visible == {mine}

    def test_officer_sees_search_tasks_not_cases(self) -> None:
        tasks = all_results(api("ecs.officer"), "/api/requests/search-tasks/")
        assert tasks
        assert {task["division"] for task in tasks} == {division_id(ECS)}
        assert api("ecs.officer").get(f"{CASES}{tasks[0]['case']}/").status_code == 404
        assert "requester_name" not in tasks[0]

    def test_caseworker_does_not_see_unassigned_case(self) -> None:
        case = create_case(username="ig.manager")
        assert case["caseworker"] is None
        assert api("caseworker").get(f"{CASES}{case['id']}/").status_code == 404


# =========================================================================== issue 6


def band(score: int) -> str:
    if score <= 4:
        return "Low"
    if score <= 10:
        return "Medium"
    if score <= 16:
        return "High"
    return "Very high"


def risk_body(division: str = CR, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Paper files left in an open office",
        "heading": "security",
        "division": division_id(division),
        "inherent_likelihood": 4,
        "inherent_impact": 4,
        "residual_likelihood": 2,
        "residual_impact": 3,
        **extra,
    }


PAIRS = [
    (1, 1),
    (1, 4),
    (2, 2),
    (1, 5),
    (5, 1),
    (2, 5),
    (3, 3),
    (4, 3),
    (3, 4),
    (4, 4),
    (5, 4),
    (5, 5),
    (2, 3),
]


class TestRiskScores:
    @pytest.mark.parametrize(("likelihood", "impact"), PAIRS)
    def test_scores_and_bands(self, likelihood: int, impact: int) -> None:
        body = risk_body(
            inherent_likelihood=5,
            inherent_impact=5,
            residual_likelihood=likelihood,
            residual_impact=impact,
        )
        response = api("ig.manager").post(RISKS, body, format="json")
        assert response.status_code == 201, response.content
        risk = response.json()
        assert risk["inherent_score"] == 25
        assert risk["residual_score"] == likelihood * impact
        assert risk["residual_band"] == band(likelihood * impact)
        again = api("auditor").get(f"{RISKS}{risk['id']}/").json()
        assert again["residual_score"] == likelihood * impact
        assert again["residual_band"] == band(likelihood * impact)

    @pytest.mark.parametrize(("likelihood", "impact"), PAIRS)
    def test_inherent_scores(self, likelihood: int, impact: int) -> None:
        body = risk_body(
            inherent_likelihood=likelihood,
            inherent_impact=impact,
            residual_likelihood=1,
            residual_impact=1,
        )
        response = api("cr.officer").post(RISKS, body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["inherent_score"] == likelihood * impact
        assert response.json()["residual_score"] == 1
        assert response.json()["residual_band"] == "Low"

    def test_update_recomputes(self) -> None:
        risk = api("cr.officer").post(RISKS, risk_body(), format="json").json()
        response = api("cr.officer").patch(
            f"{RISKS}{risk['id']}/",
            {"residual_likelihood": 4, "residual_impact": 5},
            format="json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["residual_score"] == 20
        assert response.json()["residual_band"] == "Very high"

    def test_put_recomputes(self) -> None:
        client = api("ig.manager")
        risk = client.post(RISKS, risk_body(), format="json").json()
        response = client.put(
            f"{RISKS}{risk['id']}/",
            risk_body(residual_likelihood=3, residual_impact=4),
            format="json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["residual_score"] == 12
        assert response.json()["residual_band"] == "High"

    @pytest.mark.parametrize("username", ["cr.officer", "ig.manager"])
    def test_owner_defaults_to_creators_person(self, username: str) -> None:
        response = api(username).post(RISKS, risk_body(), format="json")
        assert response.status_code == 201, response.content
        owner = response.json()["owner"]
        assert isinstance(owner, int)
        person = api("ig.manager").get(f"/api/organisation/people/{owner}/").json()
        assert person["user"] is not None
        assert person["first_name"]

    def test_owner_given(self) -> None:
        people = api("ig.manager").get("/api/organisation/people/").json()["results"]
        owner = people[-1]["id"]
        response = api("ig.manager").post(RISKS, risk_body(owner=owner), format="json")
        assert response.status_code == 201, response.content
        assert response.json()["owner"] == owner

    def test_owner_as_string_id(self) -> None:
        people = api("ig.manager").get("/api/organisation/people/").json()["results"]
        owner = people[-1]["id"]
        response = api("ig.manager").post(RISKS, risk_body(owner=str(owner)), format="json")
        assert response.status_code == 201, response.content
        assert response.json()["owner"] == owner

    @pytest.mark.parametrize(
        "heading", ["governance", "training", "records", "security", "requests"]
    )
    def test_the_five_headings(self, heading: str) -> None:
        response = api("ig.manager").post(RISKS, risk_body(heading=heading), format="json")
        assert response.status_code == 201, response.content
        assert response.json()["heading"] == heading


class TestRiskBadInput:
    def count(self) -> int:
        return int(api("ig.manager").get(RISKS).json()["count"])

    @pytest.mark.parametrize("heading", ["Security", "finance", "", None, 3])
    def test_bad_heading(self, heading: Any) -> None:
        before = self.count()
        response = api("ig.manager").post(RISKS, risk_body(heading=heading), format="json")
        assert response.status_code == 400, response.content
        assert "heading" in response.json()
        assert self.count() == before

    @pytest.mark.parametrize(
        "field",
        ["inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact"],
    )
    @pytest.mark.parametrize("value", [6, 0, "high"])
    def test_bad_scores(self, field: str, value: Any) -> None:
        before = self.count()
        response = api("ig.manager").post(RISKS, risk_body(**{field: value}), format="json")
        assert response.status_code == 400, response.content
        assert field in response.json()
        assert self.count() == before

    def test_bad_score_on_update(self) -> None:
        risk = api("cr.officer").post(RISKS, risk_body(), format="json").json()
        response = api("cr.officer").patch(
            f"{RISKS}{risk['id']}/", {"residual_likelihood": 6}, format="json"
        )
        assert response.status_code == 400
        assert "residual_likelihood" in response.json()
        assert api("cr.officer").get(f"{RISKS}{risk['id']}/").json()["residual_likelihood"] == 2

    def test_missing_title(self) -> None:
        body = risk_body()
        del body["title"]
        response = api("ig.manager").post(RISKS, body, format="json")
        assert response.status_code == 400
        assert "title" in response.json()


class TestRiskScope:
    def test_officer_may_not_create_in_another_division(self) -> None:
        before = api("ig.manager").get(RISKS).json()["count"]
        response = api("cr.officer").post(RISKS, risk_body(division=ECS), format="json")
        assert response.status_code == 403, response.content
        assert api("ig.manager").get(RISKS).json()["count"] == before

    def test_officer_creates_in_own_division(self) -> None:
        response = api("cr.officer").post(RISKS, risk_body(division=CR), format="json")
        assert response.status_code == 201
        assert response.json()["division"] == division_id(CR)

    def test_officer_cannot_see_another_divisions_risk(self) -> None:
        risk = api("ecs.officer").post(RISKS, risk_body(division=ECS), format="json").json()
        assert api("cr.officer").get(f"{RISKS}{risk['id']}/").status_code == 404
        assert api("cw.officer").get(f"{RISKS}{risk['id']}/").status_code == 404
        assert (
            api("cr.officer")
            .patch(f"{RISKS}{risk['id']}/", {"residual_likelihood": 1}, format="json")
            .status_code
            == 404
        )
        assert api("ecs.officer").get(f"{RISKS}{risk['id']}/").status_code == 200

    def test_officer_list_is_own_division(self) -> None:
        rows = all_results(api("cr.officer"), RISKS)
        assert rows
        assert {row["division"] for row in rows} == {division_id(CR)}

    def test_officer_may_not_move_risk_to_another_division(self) -> None:
        risk = api("cr.officer").post(RISKS, risk_body(division=CR), format="json").json()
        response = api("cr.officer").patch(
            f"{RISKS}{risk['id']}/", {"division": division_id(ECS)}, format="json"
        )
        assert response.status_code in (403, 400), response.content
        assert api("ig.manager").get(f"{RISKS}{risk['id']}/").json()["division"] == division_id(CR)

    @pytest.mark.parametrize("username", ["staff.member", "councillor", "auditor", "siro"])
    def test_others_may_not_create(self, username: str) -> None:
        response = api(username).post(RISKS, risk_body(), format="json")
        assert response.status_code == 403

    def test_ig_manager_and_siro_see_all_divisions(self) -> None:
        for username in ("ig.manager", "siro", "auditor"):
            divisions = {row["division"] for row in all_results(api(username), RISKS)}
            assert {division_id(CR), division_id(ECS), division_id(CW)} <= divisions, username

    def test_filter_by_division(self) -> None:
        ecs = division_id(ECS)
        rows = all_results(api("ig.manager"), RISKS, {"division": ecs})
        assert rows
        assert {row["division"] for row in rows} == {ecs}


# =========================================================================== held-out clocks
# An independent implementation of PRODUCT §4, checked against the command and the API.

_HOLIDAYS: Any = None


def is_working_day(day: date) -> bool:
    global _HOLIDAYS
    if _HOLIDAYS is None:
        import holidays

        _HOLIDAYS = holidays.country_holidays("GB", subdiv="SCT", years=range(2024, 2029))
    return day.weekday() < 5 and day not in _HOLIDAYS and (day.month, day.day) != (12, 25)


def next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_months_clamped(day: date, months: int) -> date:
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expected_sar(received: date, extended: bool = False, days_stopped: int = 0) -> date:
    plain = add_months_clamped(received, 3 if extended else 1)
    return next_working_day(plain + timedelta(days=days_stopped))


def expected_working_days(received: date, count: int) -> date:
    day, counted = received, 0
    while counted < count:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def expected_breach(aware_local: datetime) -> datetime:
    utc = aware_local.astimezone(ZoneInfo("UTC"))
    return (utc + timedelta(hours=72)).astimezone(LONDON)


HELD_OUT_DAYS = [date(2025, 11, 20) + timedelta(days=n) for n in range(0, 420)]


class TestHeldOutClocks:
    @pytest.fixture(autouse=True)
    def after_the_held_out_dates(self) -> Iterator[None]:
        """The held-out dates run into 2027 and dates still to come are refused: record
        them as a council would once they have passed."""
        with time_machine.travel(datetime(2027, 6, 1, 12, tzinfo=ZoneInfo("UTC")), tick=True):
            yield

    @pytest.mark.parametrize(
        ("kind", "extended", "rule"),
        [
            ("sar", False, lambda d: expected_sar(d)),
            ("sar", True, lambda d: expected_sar(d, extended=True)),
            ("foi", False, lambda d: expected_working_days(d, 20)),
            ("eir", False, lambda d: expected_working_days(d, 20)),
            ("eir", True, lambda d: expected_working_days(d, 40)),
        ],
    )
    def test_command_for_every_day(self, kind: str, extended: bool, rule: Any) -> None:
        args = [kind, *(d.isoformat() for d in HELD_OUT_DAYS)]
        if extended:
            args.append("--extended")
        result = run_deadline(*args)
        assert result.returncode == 0, result.stderr
        got = result.stdout.splitlines()
        expected = [rule(d).isoformat() for d in HELD_OUT_DAYS]
        wrong = [(d, g, e) for d, g, e in zip(HELD_OUT_DAYS, got, expected, strict=True) if g != e]
        assert not wrong, wrong[:10]

    def test_command_breach_every_hour_around_the_clock_changes(self) -> None:
        moments = []
        for start in (datetime(2026, 3, 25, tzinfo=LONDON), datetime(2026, 10, 21, tzinfo=LONDON)):
            for hour in range(24 * 6):
                local = start + timedelta(hours=hour)  # wall-clock arithmetic
                if local.astimezone(ZoneInfo("UTC")).astimezone(LONDON).replace(
                    tzinfo=None
                ) != local.replace(tzinfo=None):
                    continue  # a London time that does not exist
                moments.append(local)
        result = run_deadline("breach", *(m.replace(tzinfo=None).isoformat() for m in moments))
        assert result.returncode == 0, result.stderr
        got = [parse_dt(line) for line in result.stdout.splitlines()]
        expected = [expected_breach(m) for m in moments]
        # compare in UTC: Python never equates an ambiguous London time with another zone's
        utc = ZoneInfo("UTC")
        assert [g.astimezone(utc) for g in got] == [e.astimezone(utc) for e in expected]
        # each printed with its Europe/London offset
        assert [g.utcoffset() for g in got] == [e.utcoffset() for e in expected]

    def test_api_ico_deadline_held_out_moments(self) -> None:
        incident = report_incident(
            occurred_at="2026-01-01T00:00:00Z", discovered_at="2026-01-01T00:00:00Z"
        )
        url = f"{INCIDENTS}{incident['id']}/"
        client = api("caseworker")
        utc = ZoneInfo("UTC")
        moments = [
            "2026-03-26T01:00:00",
            "2026-03-26T23:59:00",
            "2026-03-27T00:30:00Z",
            "2026-03-28T12:00:00+00:00",
            "2026-03-29T00:59:00",
            "2026-03-29T03:00:00",
            "2026-03-29T02:30:00+01:00",
            "2026-10-22T00:30:00",
            "2026-10-22T02:15:00+01:00",
            "2026-10-23T23:00:00Z",
            "2026-10-24T12:00:00",
            "2026-10-25T00:30:00",
            "2026-10-25T01:30:00+00:00",
            "2026-10-25T02:30:00",
            "2026-12-24T17:45:00",
        ]
        for text in moments:
            response = client.patch(url, {"aware_at": text}, format="json")
            assert response.status_code == 200, (text, response.content)
            aware = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if aware.tzinfo is None:
                aware = aware.replace(tzinfo=LONDON)
            expected = expected_breach(aware)
            got = parse_dt(response.json()["ico_deadline"])
            assert got.astimezone(utc) == expected.astimezone(utc), text
            assert got.utcoffset() == expected.utcoffset(), text

    @pytest.mark.parametrize("kind", ["sar", "foi"])
    def test_api_due_on_for_held_out_receipt_dates(self, kind: str) -> None:
        client = api("caseworker")
        wrong = []
        for day in HELD_OUT_DAYS[::4]:
            response = client.post(
                CASES,
                {
                    "kind": kind,
                    "received_on": day.isoformat(),
                    "requester_name": "Held Out",
                    "description": "Held-out receipt date",
                },
                format="json",
            )
            assert response.status_code == 201, response.content
            expected = (
                expected_sar(day) if kind == "sar" else expected_working_days(day, 20)
            ).isoformat()
            if response.json()["due_on"] != expected:
                wrong.append((day, response.json()["due_on"], expected))
        assert not wrong, wrong[:10]

    @pytest.mark.parametrize(
        ("received", "asked", "answered"),
        [
            ("2026-01-30", "2026-02-02", "2026-02-05"),
            ("2026-03-06", "2026-03-10", "2026-03-20"),
            ("2026-05-01", "2026-05-01", "2026-05-14"),
            ("2026-11-20", "2026-11-23", "2026-12-01"),
            ("2026-03-31", "2026-04-01", "2026-04-02"),
        ],
    )
    def test_api_sar_clarification_stop(self, received: str, asked: str, answered: str) -> None:
        case = create_case(received_on=received)
        assert add_event(case["id"], "clarification_requested", asked).status_code == 201
        assert add_event(case["id"], "clarification_received", answered).status_code == 201
        stopped = (date.fromisoformat(answered) - date.fromisoformat(asked)).days
        expected = expected_sar(date.fromisoformat(received), days_stopped=stopped)
        got = api("caseworker").get(f"{CASES}{case['id']}/").json()["due_on"]
        assert got == expected.isoformat()

    @pytest.mark.parametrize("received", ["2026-01-30", "2026-03-06", "2026-11-30", "2026-05-15"])
    def test_api_sar_extension(self, received: str) -> None:
        case = create_case(received_on=received)
        on = (date.fromisoformat(received) + timedelta(days=7)).isoformat()
        response = add_event(case["id"], "extended", on)
        assert response.status_code == 201
        expected = expected_sar(date.fromisoformat(received), extended=True).isoformat()
        assert api("caseworker").get(f"{CASES}{case['id']}/").json()["due_on"] == expected


# =========================================================================== edge cases


class TestEdgeCases:
    def test_slashless_collection_url_redirects_not_500(self) -> None:
        client = api("ig.manager")
        for url in (INCIDENTS, CASES, RISKS, DIVISIONS):
            response = client.get(url.rstrip("/"))
            assert response.status_code == 301
            assert response["Location"].endswith(url)
            assert client.get(url.rstrip("/"), follow=True).status_code == 200

    def test_slashless_post_is_not_a_server_error(self) -> None:
        response = api("staff.member").post(INCIDENTS.rstrip("/"), report_body(), format="json")
        assert response.status_code < 500

    def test_raw_json_string_body(self) -> None:
        response = api("caseworker").post(
            CASES,
            data=json.dumps(
                {
                    "kind": "sar",
                    "received_on": "2026-01-30",
                    "requester_name": "A",
                    "description": "B",
                }
            ),
            content_type="application/json",
        )
        assert response.status_code == 201
        assert response.json()["due_on"] == "2026-03-02"

    def test_string_ids_in_urls_are_404(self) -> None:
        client = api("ig.manager")
        for url in (INCIDENTS, CASES, RISKS, DIVISIONS):
            assert client.get(url + "abc/").status_code == 404
            assert client.get(url + "999999/").status_code == 404

    def test_404_bodies_are_json(self) -> None:
        response = api("ig.manager").get(INCIDENTS + "999999/")
        assert response["Content-Type"].startswith("application/json")
        assert "detail" in response.json()

    def test_unknown_fields_are_ignored_not_errors(self) -> None:
        response = api("ig.manager").post(RISKS, risk_body(colour="red"), format="json")
        assert response.status_code == 201
        assert "colour" not in response.json()

    def test_computed_fields_cannot_be_forced(self) -> None:
        response = api("ig.manager").post(
            RISKS, risk_body(residual_score=1, residual_band="Low"), format="json"
        )
        assert response.status_code in (201, 403)
        if response.status_code == 201:
            assert response.json()["residual_score"] == 6
            assert response.json()["residual_band"] == "Medium"

    def test_options_and_head(self) -> None:
        client = api("ig.manager")
        for url in (INCIDENTS, CASES, RISKS):
            assert client.options(url).status_code == 200
            assert client.head(url).status_code == 200

    def test_staff_put_on_own_incident_is_403(self) -> None:
        mine = report_incident()
        response = api("staff.member").put(
            f"{INCIDENTS}{mine['id']}/", report_body(), format="json"
        )
        assert response.status_code == 403

    def test_thirty_failed_attempts_from_one_address_are_all_400(self) -> None:
        client = APIClient()
        for number in range(30):
            response = client.post(
                TOKEN, {"username": f"nobody{number}", "password": "x"}, format="json"
            )
            assert response.status_code == 400, (number, response.status_code)

    def test_failures_below_the_limit_then_success(self) -> None:
        client = APIClient()
        for _ in range(5):
            client.post(TOKEN, {"username": "cr.iao", "password": "wrong"}, format="json")
        response = client.post(TOKEN, {"username": "cr.iao", "password": PASSWORD}, format="json")
        assert response.status_code == 200

    def test_thresholds_configurable_by_ig_manager(self) -> None:
        client = api("ig.manager")
        thresholds = client.get("/api/incidents/thresholds/").json()["results"][0]
        assert (thresholds["ico_likelihood"], thresholds["ico_severity"]) == (3, 2)
        url = f"/api/incidents/thresholds/{thresholds['id']}/"
        assert api("caseworker").patch(url, {"ico_likelihood": 4}, format="json").status_code in (
            403,
            404,
        )
        assert client.patch(url, {"ico_likelihood": 4}, format="json").status_code == 200
        incident = report_incident()
        body = assess(
            "ig.manager", incident["id"], personal_data_breach=True, likelihood=3, severity=2
        ).json()
        assert body["ico_reportable"] is False

    def test_ig_manager_assigns_case_to_caseworker(self) -> None:
        case = create_case(username="ig.manager")
        mine = create_case(username="caseworker")
        response = api("ig.manager").patch(
            f"{CASES}{case['id']}/", {"caseworker": mine["caseworker"]}, format="json"
        )
        assert response.status_code == 200
        got = api("caseworker").get(f"{CASES}{case['id']}/")
        assert got.status_code == 200
        assert got.json()["requester_name"] == "Morag Fraser"

    def test_ico_deadline_with_assessment_at_creation_by_ig_manager(self) -> None:
        response = api("ig.manager").post(
            INCIDENTS,
            report_body(
                aware_at="2026-03-27T16:00:00Z",
                personal_data_breach=True,
                likelihood=4,
                severity=4,
            ),
            format="json",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert parse_dt(body["ico_deadline"]) == datetime(2026, 3, 30, 17, tzinfo=LONDON)
        assert body["ico_reportable"] is True
        assert body["individuals_to_be_told"] is True

    def test_ambiguous_aware_at_takes_first_occurrence(self) -> None:
        incident = report_incident(
            occurred_at="2026-10-01T09:00:00+01:00", discovered_at="2026-10-01T09:00:00+01:00"
        )
        body = assess("ig.manager", incident["id"], aware_at="2026-10-25T01:30:00").json()
        assert parse_dt(body["aware_at"]) == datetime(2026, 10, 25, 0, 30, tzinfo=ZoneInfo("UTC"))
        assert parse_dt(body["ico_deadline"]) == datetime(
            2026, 10, 28, 0, 30, tzinfo=ZoneInfo("UTC")
        )


# =========================================================================== contract bugs


class TestContractsOnceBroken:
    """Contract bugs found by these acceptance checks, fixed, and kept as regressions."""

    def test_token_lockout_answer_is_json(self) -> None:
        client = APIClient()
        for _ in range(12):
            response = client.post(
                TOKEN, {"username": "cw.officer", "password": "wrong"}, format="json"
            )
        assert response["Content-Type"].startswith("application/json")
        assert response.status_code == 400

    def test_staff_setting_reported_by_is_refused(self) -> None:
        other = report_incident("cr.iao")["reported_by"]
        response = api("staff.member").post(
            INCIDENTS, report_body(reported_by=other), format="json"
        )
        assert response.status_code == 403

    def test_caseworker_setting_due_on_is_refused(self) -> None:
        response = api("caseworker").post(
            CASES,
            {
                "kind": "sar",
                "received_on": "2026-01-30",
                "requester_name": "A",
                "description": "B",
                "due_on": "2030-01-01",
            },
            format="json",
        )
        assert response.status_code == 403

    def test_nonexistent_london_time_is_a_field_error(self) -> None:
        incident = report_incident()
        response = assess("ig.manager", incident["id"], aware_at="2026-03-29T01:30:00")
        assert response.status_code == 400
        assert "aware_at" in response.json()

    def test_unknown_api_path_is_json_404(self) -> None:
        response = api("ig.manager").get("/api/incidents/no-such-thing/")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
