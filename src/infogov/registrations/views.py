"""ICO registration views: a few attributes each on the shared generic views."""

from __future__ import annotations

from typing import Any

from infogov.core.tables import Column
from infogov.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from infogov.registrations import filters, forms, models


def _fee(value: Any) -> str:
    return f"£{value:,.2f}".replace(".00", "")


class RegistrationList(ObjectListView):
    model = models.Registration
    filterset_class = filters.RegistrationFilterSet
    columns = (
        Column("controller_name", "Controller", sort="controller_name", link=True),
        Column("registration_number", "Registration number", sort="registration_number"),
        Column("tier", "Tier", sort="tier"),
        Column("fee", "Fee", lambda r: _fee(r.fee), sort="fee"),
        Column("expires_on", "Expires", sort="expires_on"),
        Column("status", "Status", sort="status"),
    )
    default_sort = "expires_on"
    intro = (
        "The council's and other controllers' registrations with the ICO (the data protection "
        "fee): tier 1 £52, tier 2 £78, tier 3 £3,763 since 17 February 2025; £5 less by "
        "direct debit. Renewal reminders go 60, 30 and 7 days before expiry."
    )


class RegistrationDetail(ObjectDetailView):
    model = models.Registration
    fields = (
        "controller_name",
        "registration_number",
        "tier",
        "direct_debit",
        ("fee_shown", "Fee"),
        "starts_on",
        "expires_on",
        ("days_left", "Days to expiry"),
        "payment_reference",
        "status",
        "contact",
        "notes",
    )

    select_related = ("contact",)

    def detail_rows(self, obj: Any) -> list[dict[str, Any]]:
        obj.fee_shown = _fee(obj.fee) + (" (by direct debit)" if obj.direct_debit else "")
        obj.days_left = obj.days_to_expiry
        return super().detail_rows(obj)


class RegistrationEdit(ObjectEditView):
    model = models.Registration
    form_class = forms.RegistrationForm


class MemberExemptionList(ObjectListView):
    model = models.MemberExemption
    filterset_class = filters.MemberExemptionFilterSet
    columns = (
        Column("person", "Elected member", sort="person__last_name", link=True),
        Column("ward", "Ward", lambda e: e.person.ward, sort="person__ward"),
        Column("exempt_since", "Exempt since", sort="exempt_since"),
        Column("status_text", "Status"),
    )
    intro = (
        "Elected members acting for their functions have been exempt from the data "
        "protection fee since 1 April 2019; a member who processes personal data for other "
        "purposes registers separately."
    )

    select_related = ("person",)


class MemberExemptionDetail(ObjectDetailView):
    model = models.MemberExemption
    fields = (
        "person",
        ("person.ward", "Ward"),
        "exempt_since",
        "registered_for_other_processing",
        "registration_number",
        ("status_text", "Status"),
        "notes",
    )

    select_related = ("person",)


class MemberExemptionEdit(ObjectEditView):
    model = models.MemberExemption
    form_class = forms.MemberExemptionForm


class MemberExemptionHistory(ObjectHistoryView):
    model = models.MemberExemption
