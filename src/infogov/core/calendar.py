"""Calendar feeds and weekly digests: one registry of dated items, written as iCalendar.

Each InfoGov app may have `<app>/calendar.py` that registers providers:

- `@person_provider("name")`: `(user, today) -> Iterable[CalendarEvent]`, the dated items of
  one signed-in person (their cases' due dates, the review dates of what they own, …). A
  provider queries through `restrict(user)`, so a feed shows only what the person may open
  now: a case reassigned away, or outside their current roles, leaves the feed.
- `@group_provider("name")`: `(today) -> Iterable[CalendarEvent]`, the items of the IMG's
  group feed (council-wide deadlines the group monitors).

Core finds the providers by importing each app's `calendar` module (`discover_providers`),
as it finds `importers` and `reminders`, so core imports no domain app. The same providers
give the feeds (`/calendar/<token>.ics`, `infogov.core.feeds`) and the weekly digest
(`infogov.core.digest`).

Event titles carry references and kinds only, never a requester's or data subject's name.
Each event's UID is stable (`<uid>@<site host>`), so a calendar client updates an event
when its date moves instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from importlib import import_module
from importlib.util import find_spec
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from icalendar import Calendar, Event, Timezone

LONDON = ZoneInfo("Europe/London")
PRODID = "-//InfoGov//Calendar feed//EN"
# How far back a feed keeps items: overdue items stay visible, old history does not.
FEED_PAST_DAYS = 90


@dataclass(frozen=True)
class CalendarEvent:
    """One dated item: an all-day `on` date, or a moment `at` (aware datetime).

    `uid` is the stable part before `@host`, e.g. `requests-case-123-due`.
    `title` must name the item by reference and kind only.
    """

    uid: str
    title: str
    on: date | None = None
    at: datetime | None = None
    url: str = ""
    description: str = ""
    category: str = ""

    @property
    def day(self) -> date:
        if self.at is not None:
            return self.at.astimezone(LONDON).date()
        if self.on is None:
            raise ValueError(f"calendar event {self.uid} needs `on` or `at`")
        return self.on


PersonProvider = Callable[[Any, date], Iterable[CalendarEvent]]
GroupProvider = Callable[[date], Iterable[CalendarEvent]]

PERSON_PROVIDERS: dict[str, PersonProvider] = {}
GROUP_PROVIDERS: dict[str, GroupProvider] = {}


def person_provider(name: str) -> Callable[[PersonProvider], PersonProvider]:
    """Register a provider of one person's dated items."""

    def register(func: PersonProvider) -> PersonProvider:
        PERSON_PROVIDERS[name] = func
        return func

    return register


def group_provider(name: str) -> Callable[[GroupProvider], GroupProvider]:
    """Register a provider of the IMG group feed's dated items."""

    def register(func: GroupProvider) -> GroupProvider:
        GROUP_PROVIDERS[name] = func
        return func

    return register


def discover_providers() -> tuple[dict[str, PersonProvider], dict[str, GroupProvider]]:
    """Import each InfoGov app's `calendar` module so its providers register."""
    for config in apps.get_app_configs():
        if config.name.startswith("infogov.") and config.label != "core":
            module = f"{config.name}.calendar"
            if find_spec(module):
                import_module(module)
    return PERSON_PROVIDERS, GROUP_PROVIDERS


def _sorted(events: Iterable[CalendarEvent]) -> list[CalendarEvent]:
    return sorted(events, key=lambda e: (e.day, e.uid))


def person_events(user: Any, today: date) -> list[CalendarEvent]:
    """Every registered provider's items for `user`, by date."""
    people, _ = discover_providers()
    found: list[CalendarEvent] = []
    for _name, provider in sorted(people.items()):
        found.extend(provider(user, today))
    return _sorted(found)


def group_events(today: date) -> list[CalendarEvent]:
    """The IMG group feed's items, by date."""
    _, groups = discover_providers()
    found: list[CalendarEvent] = []
    for _name, provider in sorted(groups.items()):
        found.extend(provider(today))
    return _sorted(found)


def feed_since(today: date) -> date:
    """The earliest date a feed or digest looks at."""
    return today - timedelta(days=FEED_PAST_DAYS)


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "infogov"


def _london_timezone(today: date) -> Timezone:
    """A VTIMEZONE for Europe/London (GMT/BST) covering the feed's years (RFC 5545 §3.6.5)."""
    return Timezone.from_tzid(
        "Europe/London",
        first_date=date(today.year - 2, 1, 1),
        last_date=date(today.year + 6, 1, 1),
    )


def to_ical(events: Iterable[CalendarEvent], *, name: str, stamp: datetime) -> bytes:
    """An RFC 5545 calendar of `events`: all-day items as DATE, moments in Europe/London."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    cal.add_component(_london_timezone(stamp.astimezone(LONDON).date()))
    host = site_host()
    stamp_utc = stamp.astimezone(UTC)
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@{host}")
        event.add("dtstamp", stamp_utc)
        event.add("summary", item.title)
        if item.at is not None:
            start = item.at.astimezone(LONDON)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=30))
        else:
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        if item.url:
            event.add("url", item.url)
        if item.description:
            event.add("description", item.description)
        if item.category:
            event.add("categories", [item.category])
        cal.add_component(event)
    return cal.to_ical()


def absolute(path: str) -> str:
    return settings.SITE_URL + path
