"""The global search page (`/search/?q=`) and its API (`/api/search/?q=`): one function,
`core.search.run_search`, answers both, so they always agree."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from infogov.core.search import (
    MAX_QUERY_LENGTH,
    RESULTS_PER_MODULE,
    SearchQueryError,
    clean_query,
    run_search,
)

EMPTY_QUERY = "Enter a word, name or reference to search for."


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    """Results grouped by module, each group with its count and a link to its list."""
    raw = request.GET.get("q", "")
    error = None
    try:
        query = clean_query(raw)
    except SearchQueryError as exc:
        query, error = "", str(exc)
    groups = run_search(request.user, query) if query else []
    context = {
        "query": query if error is None else raw[: MAX_QUERY_LENGTH * 2],
        "searched": bool(query),
        "error": error,
        "groups": groups,
        "total": sum(group.count for group in groups),
        "max_length": MAX_QUERY_LENGTH,
        "per_module": RESULTS_PER_MODULE,
    }
    return render(request, "core/search.html", context, status=400 if error else 200)


def _hits() -> serializers.Serializer:  # type: ignore[type-arg]
    detail = inline_serializer(
        "SearchDetail",
        {"label": serializers.CharField(), "value": serializers.CharField()},
        many=True,
    )
    fields = {"title": serializers.CharField(), "url": serializers.CharField(), "details": detail}
    return inline_serializer("SearchResult", fields, many=True)  # type: ignore[no-any-return]


class SearchAPIView(APIView):
    """`GET /api/search/?q=` → the same groups as the search page, as JSON."""

    @extend_schema(
        operation_id="search",
        summary="Search every module",
        description=(
            "Records the caller may open whose searchable fields contain `q` "
            "(case-insensitive), grouped by module: each group's `count` of matches and "
            f"its first {RESULTS_PER_MODULE} `results`. Fields the caller may not read are "
            "not searched. `q` is required and at most "
            f"{MAX_QUERY_LENGTH} characters; otherwise 400."
        ),
        parameters=[OpenApiParameter("q", str, required=True, description="What to find.")],
        responses={
            200: inline_serializer(
                "SearchResults",
                {
                    "query": serializers.CharField(),
                    "total": serializers.IntegerField(),
                    "groups": inline_serializer(
                        "SearchGroup",
                        {
                            "module": serializers.CharField(),
                            "label": serializers.CharField(),
                            "count": serializers.IntegerField(),
                            "list_url": serializers.CharField(allow_null=True),
                            "results": _hits(),
                        },
                        many=True,
                    ),
                },
            ),
            400: inline_serializer("SearchError", {"q": serializers.ListField()}),
        },
    )
    def get(self, request: Request) -> Response:
        try:
            query = clean_query(request.query_params.get("q", ""))
        except SearchQueryError as exc:
            return Response({"q": [str(exc)]}, status=400)
        if not query:
            return Response({"q": [EMPTY_QUERY]}, status=400)
        groups = run_search(request.user, query)
        return Response(
            {
                "query": query,
                "total": sum(group.count for group in groups),
                "groups": [group.as_dict() for group in groups],
            }
        )
