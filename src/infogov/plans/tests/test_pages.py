"""Every page of risks, plans and registrations renders for every demo role."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import URLPattern, get_resolver

from infogov.core.demo import load_demo

pytestmark = pytest.mark.django_db

ROLES = [
    "ig.manager",
    "siro",
    "cr.officer",
    "cw.officer",
    "cr.iao",
    "caseworker",
    "staff.member",
    "councillor",
    "auditor",
]


def _pages() -> list[tuple[str, str]]:
    pages = []
    for app in ("risks", "plans", "registrations"):
        resolver = get_resolver()
        for pattern in resolver.url_patterns:
            namespace = getattr(pattern, "namespace", None)
            if namespace != app:
                continue
            for sub in pattern.url_patterns:  # type: ignore[attr-defined]
                if isinstance(sub, URLPattern):
                    pages.append((app, str(sub.pattern)))
    return pages


def _url(app: str, route: str) -> str | None:
    if "<str:fmt>" in route:
        route = route.replace("<str:fmt>", "csv")
    if "<int:pk>" in route:
        head = route.split("/")[0]
        model = {
            "risks": "risks.Risk",
            "controls": "risks.Control",
            "reviews": "risks.RiskReview",
            "bands": "risks.RiskBand",
            "escalations": "risks.Escalation",
            "plans": "plans.ActionPlan",
            "actions": "plans.PlanAction",
            "milestones": "plans.Milestone",
            "progress": "plans.ProgressUpdate",
            "kpis": "plans.Kpi",
            "kpi-values": "plans.KpiValue",
            "frameworks": "plans.Framework",
            "framework-items": "plans.FrameworkItem",
            "assessments": "plans.Assessment",
            "assessment-items": "plans.AssessmentItem",
            "update-requests": "plans.UpdateRequest",
            "registrations": "registrations.Registration",
            "member-exemptions": "registrations.MemberExemption",
        }[head]
        obj = apps.get_model(model).objects.order_by("pk").first()
        if obj is None:
            return None
        route = route.replace("<int:pk>", str(obj.pk))
    return f"/{app}/{route}"


# Pages that only send the visitor on (checked where they lead).
REDIRECTS = {"/plans/records-management-plan/"}


def test_every_page_renders_for_every_role(client_as: Any, settings: Any) -> None:
    settings.DEMO = True  # demo sign-ins work only in demo mode
    load_demo()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=ROLES)}
    problems = []
    pages = [u for app, route in _pages() if (u := _url(app, route))]
    assert len(pages) > 50
    for username in ROLES:
        client = client_as(users[username])
        for url in pages:
            status = client.get(url, follow=url in REDIRECTS).status_code
            if status not in {200, 403, 404, 405}:
                problems.append((username, url, status))
    assert problems == []
    manager = client_as(users["ig.manager"])
    for url in pages:
        if "/delete/" not in url and "/answer/" not in url and "/accept/" not in url:
            response = manager.get(url, follow=url in REDIRECTS)
            assert response.status_code in {200, 403, 404, 405}, (
                url,
                response.status_code,
                response.get("Location"),
            )
