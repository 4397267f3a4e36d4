"""Scheduled jobs for information requests: reminders, each message queued once (keyed),
and anonymising closed case files."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from infogov.clocks import add_working_days
from infogov.core.reminders import queue, reminder_job, scheduled_job
from infogov.core.roles import Role
from infogov.organisation.models import Person, RoleAssignment
from infogov.requests.choices import OPEN_STATUSES, TaskStatus
from infogov.requests.models import Case, SearchTask

DUE_SOON_WORKING_DAYS = 3


def _local_date(now: datetime):  # type: ignore[no-untyped-def]
    return timezone.localtime(now).date() if timezone.is_aware(now) else now.date()


def _url(obj: object) -> str:
    return settings.SITE_URL + obj.get_absolute_url()  # type: ignore[attr-defined]


def _task_recipients(task: SearchTask) -> list[str]:
    if task.assignee_id and task.assignee and task.assignee.email:
        return [task.assignee.email]
    officers = (
        RoleAssignment.objects.current()
        .filter(
            division_id=task.division_id,
            role__in=[Role.INFORMATION_OFFICER, Role.DEPUTY_INFORMATION_OFFICER],
        )
        .select_related("person")
    )
    return sorted({a.person.email for a in officers if a.person.email})


@reminder_job("requests-case-deadlines")
def case_deadlines(now: datetime) -> int:
    """Remind the caseworker once before a case is due and once when it is overdue."""
    today = _local_date(now)
    soon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    count = 0
    cases = Case.objects.filter(
        status__in=OPEN_STATUSES,
        due_on__isnull=False,
        due_on__lte=soon,
        caseworker__isnull=False,
    ).select_related("caseworker")
    for case in cases:
        assert case.due_on is not None  # noqa: S101 - filtered above
        overdue = case.due_on < today
        which = "overdue" if overdue else "due-soon"
        subject = (
            f"{case.reference} is overdue (was due {case.due_on:%d %B %Y})"
            if overdue
            else f"{case.reference} is due on {case.due_on:%d %B %Y}"
        )
        count += queue(
            f"requests:case:{case.pk}:{which}:{case.due_on.isoformat()}",
            case.caseworker.email if case.caseworker else "",
            subject,
            f"{subject}.\n\nOpen the case: {_url(case)}\n",
        )
    return count


def _task_message(task: SearchTask, overdue: bool) -> tuple[str, str]:
    what = task.get_kind_display().lower()
    if overdue:
        subject = f"Overdue: {what} for {task.case.reference} was due {task.due_on:%d %B %Y}"
    else:
        subject = f"Reminder: {what} for {task.case.reference} is due {task.due_on:%d %B %Y}"
    return subject, f"{subject}.\n\nOpen the task: {_url(task)}\n"


@reminder_job("requests-task-deadlines")
def task_deadlines(now: datetime) -> int:
    """Remind search-task assignees (or the division's officers) before and after due."""
    today = _local_date(now)
    soon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    count = 0
    tasks = SearchTask.objects.filter(status=TaskStatus.OPEN, due_on__lte=soon).select_related(
        "case", "assignee"
    )
    for task in tasks:
        overdue = task.due_on < today
        subject, body = _task_message(task, overdue)
        which = "overdue" if overdue else "due-soon"
        for email in _task_recipients(task):
            count += queue(
                f"requests:task:{task.pk}:{which}:{task.due_on.isoformat()}:{email}",
                email,
                subject,
                body,
            )
    return count


def queue_chaser(task: SearchTask) -> int:
    """A chaser the caseworker sends by hand: one message per chase."""
    subject, body = _task_message(task, task.due_on < timezone.localdate())
    stamp = task.chased_at.isoformat() if task.chased_at else timezone.now().isoformat()
    return sum(
        queue(f"requests:task:{task.pk}:chaser:{stamp}:{email}", email, f"Chaser: {subject}", body)
        for email in _task_recipients(task)
    )


@reminder_job("requests-weekly-digest")
def weekly_digest(now: datetime) -> int:
    """The IG manager's weekly digest of overdue and due-soon cases (once per ISO week)."""
    today = _local_date(now)
    year, week, _day = today.isocalendar()
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES)
    overdue = list(
        open_cases.filter(due_on__lt=today).order_by("due_on").values_list("reference", "due_on")
    )
    week_end = today + timedelta(days=7)
    due = list(
        open_cases.filter(due_on__gte=today, due_on__lte=week_end)
        .order_by("due_on")
        .values_list("reference", "due_on")
    )
    stopped = open_cases.filter(due_on__isnull=True).count()
    lines = [f"Information requests: week {week} of {year}", ""]
    lines.append(f"Overdue ({len(overdue)}):")
    lines += [f"  {ref} was due {d:%d %B %Y}" for ref, d in overdue] or ["  none"]
    lines.append(f"Due in the next seven days ({len(due)}):")
    lines += [f"  {ref} due {d:%d %B %Y}" for ref, d in due] or ["  none"]
    lines.append(f"Cases with the clock stopped: {stopped}")
    body = "\n".join(lines) + "\n"
    current = (
        RoleAssignment.objects.current()
        .filter(role__in=[Role.IG_MANAGER, Role.DPO])
        .values_list("person_id", flat=True)
    )
    count = 0
    for person in Person.objects.filter(pk__in=list(current)):
        count += queue(
            f"requests:digest:{year}-W{week:02d}:{person.pk}",
            person.email,
            f"Information requests weekly digest, week {week}",
            body,
        )
    return count


@scheduled_job("requests-anonymise-closed-cases", counts="closed case files anonymised")
def retention(now: datetime) -> int:
    """Anonymise closed cases whose retention period has ended (the system follows its
    own schedule: case files are kept for INFOGOV_REQUEST_RETENTION_YEARS, default 6,
    after closure). Each anonymisation is logged as a business event on the case.

    A scheduled job of its own, not a reminder: it sends nothing, and its line in the
    scheduler's output counts the case files it anonymised."""
    from infogov.core.services import acting_as, system_user
    from infogov.requests.services import anonymise_due_cases

    years = int(getattr(settings, "INFOGOV_REQUEST_RETENTION_YEARS", 6))
    actor = system_user()
    with acting_as(actor):
        return anonymise_due_cases(_local_date(now), acting_user=actor, years=years)


# --- Publication: reviews of the Guide to Information ---
GUIDE_REVIEW_NOTICE_DAYS = 30


@reminder_job("requests-guide-to-information-reviews")
def guide_item_reviews(now: datetime) -> int:
    """Tell the IG manager (and DPO) once per item per review date, 30 days before an item
    of the Guide to Information is due for review (or at once if that date has passed)."""
    from infogov.requests.models import GuideItem
    from infogov.requests.publication import review_reminder_key

    today = _local_date(now)
    items = list(
        GuideItem.objects.filter(review_on__lte=today + timedelta(days=GUIDE_REVIEW_NOTICE_DAYS))
        .select_related("publication_class")
        .order_by("review_on", "pk")
    )
    if not items:
        return 0
    current = (
        RoleAssignment.objects.current()
        .filter(role__in=[Role.IG_MANAGER, Role.DPO])
        .values_list("person_id", flat=True)
    )
    people = list(Person.objects.filter(pk__in=list(current)).exclude(email=""))
    count = 0
    for item in items:
        when = "was due" if item.review_on < today else "is due"
        subject = f"Guide to Information: review of “{item.title}” {when} {item.review_on:%d %B %Y}"
        body = (
            f"{item.publication_class}: “{item.title}” {when} for review on "
            f"{item.review_on:%d %B %Y}.\n"
            "Check that it is still published where the Guide says, how to get it and its "
            "charge, then record the review and the next review date:\n"
            f"{_url(item)}\n"
        )
        for person in people:
            count += queue(
                f"{review_reminder_key(item.pk, item.review_on)}:{person.pk}",
                person.email,
                subject,
                body,
            )
    return count


def queue_task_sent(task: SearchTask) -> int:
    """Tell the division (the assignee, or its information officers) once that a search
    task has been sent to them. The message names the case and the due date and links the
    task; what to search for is on the task's page, never in the e-mail."""
    what = task.get_kind_display().lower()
    subject = f"New {what} for {task.case.reference}, due {task.due_on:%d %B %Y}"
    body = (
        f"A {what} for request {task.case.reference} has been sent to {task.division}. "
        f"Please complete it by {task.due_on:%A %d %B %Y}.\n\nOpen the task: {_url(task)}\n"
    )
    return sum(
        queue(f"requests:task:{task.pk}:sent:{email}", email, subject, body)
        for email in _task_recipients(task)
    )


SIC_REMINDER_DAYS = 14  # how long before the Commissioner's return is due the IG manager hears


@reminder_job("requests-sic-return-due")
def sic_return_due(now: datetime) -> int:
    """Remind the IG manager, once per quarter, that the return to the Scottish Information
    Commissioner for the quarter just ended is due (six weeks after it ended), from
    two weeks before the due date until the day itself."""
    from django.urls import reverse

    from infogov.requests.sic import quarter_of

    today = _local_date(now)
    period = quarter_of(today).previous()
    due = period.return_due
    if not due - timedelta(days=SIC_REMINDER_DAYS) <= today <= due:
        return 0
    url = (
        settings.SITE_URL
        + reverse("requests:sic_return")
        + f"?year={period.year}&quarter={period.quarter}"
    )
    subject = f"The Commissioner's FOI/EIR statistics for {period.label} are due {due:%d %B %Y}"
    body = (
        f"The quarterly return to the Scottish Information Commissioner for {period.label} "
        f"is due by {due:%A %d %B %Y}.\n\nThe figures and the workbook: {url}\n"
    )
    managers = (
        RoleAssignment.objects.current()
        .filter(role=Role.IG_MANAGER)
        .values_list("person_id", flat=True)
    )
    return sum(
        queue(f"requests:sic-return:{period.year}-Q{period.quarter}:{p.pk}", p.email, subject, body)
        for p in Person.objects.filter(pk__in=list(managers))
    )
