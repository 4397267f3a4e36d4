"""Completions from the learning system: `infogov import training FILE` and `/imports/`.

Headings `Email`, `Module`, `Completed on` and optional `Score`; a row is one completion,
matched on person, module and date, so importing the same file again changes nothing.
Unknown people or modules, dates in the future and duplicate rows are problems
(`row N, column "Heading": message`), and any problem means nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.utils import timezone

from infogov.core.importing import CellError, Column, TableImporter, a_date, norm
from infogov.core.permissions import CHANGE
from infogov.core.services import is_system_user
from infogov.organisation.models import Person
from infogov.training.choices import Source
from infogov.training.models import Completion, Module

EMAIL, MODULE, COMPLETED_ON, SCORE = "Email", "Module", "Completed on", "Score"
HEADINGS = (EMAIL, MODULE, COMPLETED_ON, SCORE)


def _lookup(table: dict[str, int | None], noun: str, hint: str) -> Callable[[str], int]:
    def parse(cell: str) -> int:
        if not cell.strip():
            raise CellError(f"Enter the {noun}.")
        found = table.get(norm(cell), 0)
        if found == 0:
            raise CellError(f"Unknown {noun} “{cell.strip()[:100]}”: {hint}")
        if found is None:
            raise CellError(
                f"More than one person has the e-mail “{cell.strip()[:100]}”: correct their "
                "records in the organisation first."
            )
        return found

    return parse


def _cached(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """`parse` remembering its answers: a learning system's export repeats the same few
    dates and scores on thousands of rows, and parsing a date is the slow part."""
    seen: dict[str, Any] = {}

    def cached(cell: str) -> Any:
        if cell not in seen:
            try:
                seen[cell] = (True, parse(cell))
            except CellError as exc:
                seen[cell] = (False, exc)
        ok, value = seen[cell]
        if not ok:
            raise CellError(str(value))
        return value

    return cached


def _completed_on(cell: str) -> date:
    try:
        value: date | None = date.fromisoformat(cell.strip())  # the usual form, quickly
    except ValueError:
        value = a_date(cell)
    if value is None:
        raise CellError("Enter the date the module was completed.")
    if value > timezone.localdate():
        raise CellError(f"{value:%d %B %Y} is in the future: a completion has happened.")
    return value


def _score(cell: str) -> int | None:
    value = cell.strip().rstrip("%").strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise CellError(
            f"“{cell.strip()[:20]}” is not a score: give a number from 0 to 100."
        ) from None
    if not 0 <= number <= 100 or number != int(number):
        raise CellError("Give the score as a whole number from 0 to 100.")
    return int(number)


class CompletionImporter(TableImporter):
    """Completions keyed on (person, module, date); `user` limits the people to those
    whose training records the user manages (an information officer: their division's),
    so anyone else's e-mail is an unknown person; the command sees all. The whole export
    stays `TableImporter.may_export`: only for whoever sees every completion (an officer
    uses Download on the completions list)."""

    kind = "training"
    title = "Training completions"
    model = Completion
    noun = "completion (same person, module and date)"
    key_headings = (EMAIL, MODULE, COMPLETED_ON)

    @classmethod
    def may_import(cls, user: Any) -> bool:
        """Whoever may add completions: the IG manager and information officers."""
        return bool(Completion.policy.can_add(user))

    @classmethod
    def for_user(cls, user: Any) -> CompletionImporter:
        return cls(user=None if user is None or is_system_user(user) else user)

    def __init__(self, user: Any = None) -> None:
        self.user = user
        super().__init__()

    def people(self) -> Iterable[tuple[int, str]]:
        queryset = Person.objects.exclude(email="")
        if self.user is not None:
            queryset = queryset.restrict(self.user, CHANGE)
        return queryset.values_list("pk", "email")

    def build_columns(self) -> list[Column]:
        emails: dict[str, int | None] = {}
        self.email_of: dict[int, str] = {}
        for pk, email in self.people():
            key = norm(email)
            emails[key] = None if key in emails else pk
            self.email_of[pk] = email
        modules: dict[str, int | None] = {}
        self.title_of: dict[int, str] = {}
        for pk, title in Module.objects.values_list("pk", "title"):
            modules[norm(title)] = pk
            self.title_of[pk] = title
        hint = (
            "no one whose training you manage has this e-mail."
            if self.user is not None
            else "no person in the organisation has this e-mail."
        )
        return [
            Column(
                EMAIL,
                "person_id",
                _lookup(emails, "person", hint),
                lambda pk: self.email_of.get(pk, ""),
                required=True,
            ),
            Column(
                MODULE,
                "module_id",
                _lookup(modules, "module", "use the title of a module in the training list."),
                lambda pk: self.title_of.get(pk, ""),
                required=True,
            ),
            Column(
                COMPLETED_ON, "completed_on", _cached(_completed_on), lambda d: d, required=True
            ),
            Column(SCORE, "score", _cached(_score), lambda s: s),
        ]

    def existing(self) -> dict[Any, Any]:
        queryset = Completion.objects.only("pk", "person_id", "module_id", "completed_on", "score")
        if self.user is not None:
            queryset = queryset.filter(person_id__in=list(self.email_of))
        return {
            (c.person_id, c.module_id, c.completed_on): c
            for c in queryset.iterator(chunk_size=5000)
        }

    def key_for(self, values: dict[str, Any]) -> Any:
        return (values["person_id"], values["module_id"], values["completed_on"])

    def label_for(self, values: dict[str, Any]) -> str:
        return (
            f"{self.email_of.get(values['person_id'], '')}: "
            f"{self.title_of.get(values['module_id'], '')} on {values['completed_on']:%d %b %Y}"
        )

    def export_queryset(self) -> Iterable[Any]:
        return (
            Completion.objects.only("person_id", "module_id", "completed_on", "score")
            .order_by("completed_on", "pk")
            .iterator(chunk_size=5000)
        )

    def apply(self, plan: Any, *, acting_user: Any) -> None:
        for row in plan.added:
            row.values["source"] = Source.IMPORTED
        super().apply(plan, acting_user=acting_user)


IMPORTERS = {"training": CompletionImporter}
