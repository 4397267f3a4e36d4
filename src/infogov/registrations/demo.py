"""Demo ICO registrations: the council, the licensing board, and elected members."""

from __future__ import annotations

from datetime import timedelta

from infogov.core.demo import DemoContext
from infogov.core.models import bulk_with_history
from infogov.organisation.models import Council, Person
from infogov.registrations import models
from infogov.registrations.choices import MEMBER_EXEMPTION_START


def load(ctx: DemoContext) -> None:
    council = Council.current()
    contact = Person.objects.filter(user__username="ig.manager").first()
    start = ctx.anchor - timedelta(days=310)
    registrations = [
        models.Registration(
            controller_name=council.name if council else "Eskvale Council",
            registration_number=(council.ico_registration_number if council else "") or "Z5632145",
            tier=3,
            direct_debit=True,
            starts_on=start,
            payment_reference="DD-2025-0413",
            contact=contact,
            notes="Renewed annually by direct debit.",
        ),
        models.Registration(
            controller_name="Eskvale Licensing Board",
            registration_number="ZA418276",
            tier=1,
            direct_debit=False,
            starts_on=ctx.anchor - timedelta(days=120),
            payment_reference="INV-77120",
            contact=contact,
            notes="A separate controller: the board pays its own fee.",
        ),
        models.Registration(
            controller_name="Eskvale Valuation Joint Board",
            registration_number="ZB102938",
            tier=2,
            direct_debit=True,
            starts_on=ctx.anchor - timedelta(days=200),
            payment_reference="DD-2025-0981",
            contact=contact,
        ),
    ]
    for registration in registrations:
        registration.compute()
    bulk_with_history(models.Registration, registrations)

    members = list(Person.objects.filter(kind="elected_member").order_by("last_name", "pk"))
    exemptions = []
    for index, member in enumerate(members):
        other = index == 3
        exemptions.append(
            models.MemberExemption(
                person=member,
                exempt_since=MEMBER_EXEMPTION_START if index % 4 else ctx.days_ago(500 + index),
                registered_for_other_processing=other,
                registration_number="ZA771203" if other else "",
                notes="Also a registered landlord with a letting business." if other else "",
            )
        )
    bulk_with_history(models.MemberExemption, exemptions)
