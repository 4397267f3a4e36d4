"""Training business actions: import completions, chase a division, answer a survey.

Each is one function with its permission check, one transaction and one audit event; the
pages, the API and the command call the same function.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from infogov.core.models import record_event
from infogov.core.permissions import get_roles
from infogov.core.reminders import queue
from infogov.core.roles import READ_EVERYTHING, Role
from infogov.core.services import business_action, is_system_user
from infogov.organisation.models import Division, Person
from infogov.training.choices import Status
from infogov.training.importers import CompletionImporter
from infogov.training.models import (
    Module,
    PersonModule,
    Question,
    Survey,
    SurveyResponse,
    compliance_rows,
)

# --- who sees which compliance figures --------------------------------------------------


def compliance_scope(user: Any) -> tuple[frozenset[int] | None, frozenset[int] | None]:
    """(division ids, person ids) whose figures `user` may see; None means no limit.

    The IG manager, the SIRO and the auditor see every division and elected members; an
    information officer their divisions; anyone else their own training only.
    """
    roles = get_roles(user)
    if is_system_user(user) or roles.is_superuser or roles.has_council_wide(*READ_EVERYTHING):
        return None, None
    divisions = roles.divisions(Role.INFORMATION_OFFICER)
    if divisions:
        return divisions, None
    return None, frozenset({roles.person_id}) if roles.person_id else frozenset()


def may_manage_division(user: Any, division: Division) -> bool:
    """The IG manager for every division; an information officer for their own."""
    roles = get_roles(user)
    if roles.is_superuser or roles.has_council_wide(Role.IG_MANAGER):
        return True
    return division.pk in roles.divisions(Role.INFORMATION_OFFICER)


def may_import(user: Any) -> bool:
    """Whoever may add completions (the IG manager, information officers)."""
    return CompletionImporter.may_import(user)


def rows_for(
    user: Any,
    *,
    division: Division | None = None,
    module: Module | None = None,
    today: date | None = None,
) -> list[PersonModule]:
    """The compliance rows `user` may see, narrowed to a division and a module."""
    divisions, people = compliance_scope(user)
    if division is not None:
        if divisions is not None and division.pk not in divisions:
            raise PermissionDenied("outside scope")
        if people is not None:
            raise PermissionDenied("outside scope")
        divisions = frozenset({division.pk})
    modules = [module] if module is not None else None
    return compliance_rows(modules=modules, division_ids=divisions, person_ids=people, today=today)


def chase_list(division: Division, today: date | None = None) -> list[PersonModule]:
    """Everyone in the division whose mandatory training is overdue, expired or due soon."""
    rows = compliance_rows(division_ids=[division.pk], today=today)
    return sorted(
        (r for r in rows if r.needs_chasing),
        key=lambda r: (r.due_on or date.max, r.name, r.module_id),
    )


# --- chasing ----------------------------------------------------------------------------


def _chase_key(row: PersonModule) -> str:
    return f"training-chase:{row.person_id}:{row.module_id}:{row.due_on}"


def queue_chaser(row: PersonModule, modules: dict[int, Module]) -> bool:
    """Queue one reminder for one person's module; once per person per due date."""
    if not row.email or row.due_on is None:
        return False
    module = modules[row.module_id]
    url = settings.SITE_URL + reverse("training:mine")
    if row.status == Status.EXPIRED:
        what = f"Your {module.title} training expired on {row.due_on:%d %B %Y}."
    elif row.status == Status.OVERDUE:
        what = f"Your {module.title} training was due on {row.due_on:%d %B %Y}."
    else:
        what = f"Your {module.title} training is due by {row.due_on:%d %B %Y}."
    return queue(
        _chase_key(row),
        row.email,
        f"Training reminder: {module.title}",
        f"Dear {row.name},\n\n{what} It is mandatory ({module.get_provider_display()}). "
        f"Please complete it, and tell your information officer if your completion is "
        f"missing from the record.\n\nYour training record: {url}\n",
    )


def send_chasers_for(rows: list[PersonModule]) -> int:
    modules = Module.objects.in_bulk({r.module_id for r in rows})
    return sum(1 for row in rows if row.needs_chasing and queue_chaser(row, modules))


@business_action(
    allowed=may_manage_division,
    denied="Only the division's information officer or the IG manager chases its training.",
)
def chase_division(division: Division, *, acting_user: Any) -> int:
    """Queue a reminder to everyone on the division's chase list who has not had one for
    that due date; returns how many were queued."""
    rows = chase_list(division)
    queued = send_chasers_for(rows)
    record_event(
        acting_user,
        division,
        "training chased",
        f"Training reminders: {queued} queued for {len(rows)} overdue, expired or due-soon "
        "modules (each person is reminded once per due date).",
        queued=queued,
    )
    return queued


# --- surveys ----------------------------------------------------------------------------


def may_respond(user: Any, survey: Survey) -> bool:
    roles = get_roles(user)
    return roles.person_id is not None and survey.is_open()


@business_action(allowed=may_respond, denied="This survey is not open to you.")
def respond(survey: Survey, *, acting_user: Any, answers: dict[int, int]) -> SurveyResponse:
    """Record the signed-in person's answers to a survey, once."""
    from infogov.training.models import Answer

    person = Person.objects.get(pk=get_roles(acting_user).person_id or 0)
    if SurveyResponse.objects.filter(survey=survey, person=person).exists():
        raise ValidationError("You have already answered this survey.")
    questions = {q.pk: q for q in Question.objects.filter(survey=survey)}
    missing = [q for pk, q in questions.items() if pk not in answers]
    if missing:
        raise ValidationError({f"q{q.pk}": "Choose an answer." for q in missing})
    response = SurveyResponse.objects.create(
        survey=survey, person=person, division=person.division, submitted_at=timezone.now()
    )
    for pk, score in answers.items():
        if pk not in questions or score not in range(1, 6):
            raise ValidationError({f"q{pk}": "Choose one of the answers given."})
        Answer.objects.create(response=response, question=questions[pk], score=score)
    record_event(acting_user, response, "answered", f"Answered the survey “{survey.title}”.")
    return response


__all__ = [
    "chase_division",
    "chase_list",
    "compliance_scope",
    "may_import",
    "respond",
    "rows_for",
]
