"""The API's own pages: `/api/` lists every module's endpoints; `/api/docs/` documents
each operation from the OpenAPI schema, as accessible server-rendered pages.

The schema (`/api/schema/`) stays the machine-readable contract; these pages render the
same schema for people, so they pass the same accessibility checks as every other page.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.text import capfirst

from infogov.core.search import MAX_QUERY_LENGTH, RESULTS_PER_MODULE

METHODS = ("get", "post", "put", "patch", "delete")


def _modules() -> list[dict[str, Any]]:
    """Each InfoGov app with an API router, and its endpoints' list addresses."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("infogov.") or config.label == "core":
            continue
        if not find_spec(f"{config.name}.api"):
            continue
        router = getattr(import_module(f"{config.name}.api"), "router", None)
        if router is None:
            continue
        endpoints = []
        for prefix, viewset, _basename in router.registry:
            model = getattr(getattr(viewset, "queryset", None), "model", None)
            label = (
                capfirst(str(model._meta.verbose_name_plural))
                if model is not None
                else capfirst(prefix.replace("-", " "))
            )
            endpoints.append({"label": label, "url": f"/api/{config.label}/{prefix}/"})
        modules.append(
            {
                "label": config.label,
                "name": capfirst(str(config.verbose_name)),
                "endpoints": endpoints,
            }
        )
    return modules


def api_index(request: HttpRequest) -> HttpResponse:
    """`/api/`: every module's endpoints (JSON for clients that ask for it)."""
    modules = _modules()
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                module["label"]: {
                    e["url"].rstrip("/").rsplit("/", 1)[-1]: request.build_absolute_uri(e["url"])
                    for e in module["endpoints"]
                }
                for module in modules
            }
        )
    return render(request, "core/api_index.html", {"modules": modules})


@cache
def _schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


def _resolve(schema: dict[str, Any], node: Any) -> dict[str, Any]:
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"].get(name, {})
    return node if isinstance(node, dict) else {}


def _type_of(schema: dict[str, Any], node: dict[str, Any]) -> str:
    if "$ref" in node:
        return _type_of(schema, _resolve(schema, node))
    for key in ("oneOf", "anyOf", "allOf"):
        if key in node:
            return " or ".join(_type_of(schema, _resolve(schema, n) or n) for n in node[key])
    kind = str(node.get("type", "object"))
    if kind == "array":
        return f"list of {_type_of(schema, node.get('items', {}))}"
    if node.get("format"):
        kind = f"{kind} ({node['format']})"
    if node.get("enum"):
        kind = f"one of {', '.join(str(v) for v in node['enum'] if v not in ('', None))}"
    if node.get("nullable"):
        kind = f"{kind}, or null"
    return kind


def _fields(schema: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    body = _resolve(schema, node)
    required = set(body.get("required", ()))
    rows = []
    for name, prop in body.get("properties", {}).items():
        resolved = _resolve(schema, prop) if "$ref" in prop else prop
        rows.append(
            {
                "name": name,
                "type": _type_of(schema, prop),
                "required": name in required,
                "read_only": bool(resolved.get("readOnly")),
                "description": str(resolved.get("description", "")).split("\n\n")[0],
            }
        )
    return rows


def _operations(label: str) -> list[dict[str, Any]]:
    schema = _schema()
    prefix = f"/api/{label}/"
    operations = []
    for path, item in schema["paths"].items():
        if not path.startswith(prefix):
            continue
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            request_body = op.get("requestBody", {}).get("content", {}).get("application/json")
            responses = []
            for code, response in op.get("responses", {}).items():
                content = response.get("content", {}).get("application/json", {})
                responses.append(
                    {
                        "code": code,
                        "type": _type_of(schema, content["schema"]) if content else "no body",
                    }
                )
            operations.append(
                {
                    "id": op["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "description": str(op.get("description", "")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": bool(p.get("required")),
                            "type": _type_of(schema, p.get("schema", {})),
                            "description": str(p.get("description", "")).split("\n\n")[0],
                        }
                        for p in op.get("parameters", [])
                    ],
                    "fields": _fields(schema, request_body["schema"]) if request_body else [],
                    "responses": responses,
                    # A GET without path parameters opens in the browsable API.
                    "try_url": f"{path}?format=api" if method == "get" and "{" not in path else "",
                }
            )
    return operations


def api_docs(request: HttpRequest, module: str | None = None) -> HttpResponse:
    """`/api/docs/`: how to authenticate and the modules; `/api/docs/<module>/`: each
    operation of a module with its parameters, request fields and responses."""
    modules = _modules()
    if module is None:
        context = {
            "modules": modules,
            "search_max_length": MAX_QUERY_LENGTH,
            "search_per_module": RESULTS_PER_MODULE,
        }
        return render(request, "core/api_docs.html", context)
    chosen = next((m for m in modules if m["label"] == module), None)
    if chosen is None:
        raise Http404("No such API module")
    return render(
        request,
        "core/api_docs_module.html",
        {"modules": modules, "module": chosen, "operations": _operations(module)},
    )
