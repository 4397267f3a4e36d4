"""DRF settings hooks: pagination and JSON errors (imported by DRF's own settings)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, pagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(pagination.PageNumberPagination):
    """`{"count", "next", "previous", "results"}` with absolute `next` URLs."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response(self, data: Any) -> Response:
        assert self.page is not None  # noqa: S101 - set by paginate_queryset
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's errors, always JSON; Django validation errors become field errors."""
    from django.core.exceptions import ValidationError as DjangoValidationError

    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, OverflowError):
        # An id or number beyond what the database holds (SQLite's 64-bit integers):
        # no such record, never a server error.
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
