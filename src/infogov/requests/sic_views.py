"""The Commissioner's quarterly return: the page (`/requests/statistics/sic/`) and the API
(`GET /api/requests/statistics/sic/`), both from `requests.sic`.

The return counts every FOI and EIR case of the council, so it is shown to the roles that
see every case (the IG manager, the SIRO and the auditor); a caseworker, who sees only
their own cases, is refused (403) rather than shown a partial return; anyone who sees no
cases at all gets 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from infogov.core.permissions import VIEW, get_roles
from infogov.core.roles import Role
from infogov.requests import sic
from infogov.requests.models import Case

SIC_READERS = (Role.IG_MANAGER, Role.SIRO, Role.AUDITOR)
REFUSED = (
    "The Commissioner's return counts every case of the council: only the IG manager, "
    "the SIRO and the auditor see it."
)


def sic_access(user: Any) -> str:
    """`ok`, `forbidden` (sees some cases, not all) or `hidden` (sees no cases)."""
    if get_roles(user).has_council_wide(*SIC_READERS):
        return "ok"
    if Case.policy.q(user, VIEW) is None:
        return "hidden"
    return "forbidden"


class SicReturnForm(forms.Form):
    year = forms.CharField(
        label="Year",
        max_length=4,
        help_text="The year in which the Commissioner's year starts: 2026 covers 1 April "
        "2026 to 31 March 2027.",
    )
    quarter = forms.ChoiceField(
        label="Quarter",
        choices=[(str(q), f"Q{q}: {sic.QUARTER_MONTHS[q]}") for q in (1, 2, 3, 4)],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update(
            {"inputmode": "numeric", "class": "govuk-input--width-4"}
        )


@login_required
def sic_return_page(request: HttpRequest) -> HttpResponseBase:
    access = sic_access(request.user)
    if access == "hidden":
        raise Http404("No statistics")
    if access == "forbidden":
        raise PermissionDenied(REFUSED)
    today = timezone.localdate()
    try:
        period = sic.parse_quarter(request.GET, today)
    except ValidationError as exc:
        form = SicReturnForm(
            data={"year": request.GET.get("year", ""), "quarter": request.GET.get("quarter", "")}
        )
        form.is_valid()
        for name, messages in exc.message_dict.items():
            form.errors.pop(name, None)
            for message in messages:
                form.add_error(name, message)
        return render(request, "requests/sic_return.html", {"form": form}, status=400)
    data = sic.build_return(Case.objects.restrict(request.user), period)
    if request.GET.get("format") == "xlsx":
        return sic.xlsx_response(data)
    form = SicReturnForm(initial={"year": str(period.year), "quarter": str(period.quarter)})
    return render(
        request,
        "requests/sic_return.html",
        {
            "form": form,
            "data": data,
            "period": period,
            "requests_rows": sic.table(data["requests"], sic.REQUEST_MEASURES),
            "reviews_rows": sic.table(data["reviews"], sic.REVIEW_MEASURES),
            "exemption_rows": sic.exemption_rows(data),
            "xlsx_query": f"year={period.year}&quarter={period.quarter}&format=xlsx",
        },
    )


class SicStatisticsView(APIView):
    """The Scottish Information Commissioner's quarterly return."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                OpenApiTypes.INT,
                description="The year the Commissioner's year starts in (2026: 1 April "
                "2026 to 31 March 2027). Default: that of the last quarter ended.",
            ),
            OpenApiParameter(
                "quarter",
                OpenApiTypes.INT,
                enum=[1, 2, 3, 4],
                description="1 April-June, 2 July-September, 3 October-December, "
                "4 January-March. Default: the last quarter ended.",
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        """Every measure of the return as a key, each with its FOISA and EIR figures
        (`null` where the measure does not exist under that regime); exemptions and
        exceptions per subsection."""
        access = sic_access(request.user)
        if access == "hidden":
            raise NotFound()
        if access == "forbidden":
            raise ApiPermissionDenied(REFUSED)
        period = sic.parse_quarter(request.query_params, timezone.localdate())
        return Response(sic.build_return(Case.objects.restrict(request.user), period))
