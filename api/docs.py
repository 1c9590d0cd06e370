"""The API's readable docs at ``/api/docs/``: the portal's own page, drawn on the server from the
OpenAPI schema, with the portal's layout and KRDS styles.

django-ninja's own renderers (Swagger UI, Redoc) load their scripts from a CDN unless ``ninja``
is an installed app, speak English whatever the language, and Swagger UI asks an outside
validator about the schema; the portal runs on closed networks under a strict Content Security
Policy. This page needs no script: every summary and description is an English msgid (marked
with ``gettext_noop`` where it is written) shown through gettext, so it reads in Korean."""

from functools import cache as once

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from ninja.openapi.docs import DocsBase

METHODS = ("get", "post", "put", "patch", "delete")
PLACES = {
    "query": pgettext_lazy("API parameter place", "in the address"),
    "path": pgettext_lazy("API parameter place", "in the path"),
    "header": pgettext_lazy("API parameter place", "in a header"),
}


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_label(prop: dict) -> str:
    """A property's type in a few words: ``string (date-time)``, ``CallOut``, ``CallOut[]``."""
    if "$ref" in prop:
        return _ref_name(prop["$ref"])
    if "anyOf" in prop:
        kinds = [type_label(p) for p in prop["anyOf"] if p.get("type") != "null"]
        nullable = any(p.get("type") == "null" for p in prop["anyOf"])
        return " | ".join(kinds) + (" | null" if nullable else "")
    if prop.get("type") == "array":
        return type_label(prop.get("items", {})) + "[]"
    kind = prop.get("type", "object")
    return f"{kind} ({prop['format']})" if "format" in prop else kind


def _text(value: str | None) -> str:
    return _(value) if value else ""


def _schema_name(response: dict) -> str:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return type_label(schema) if schema else ""


def endpoints(schema: dict) -> list[dict]:
    rows = []
    for path, operations in schema.get("paths", {}).items():
        for method in METHODS:
            op = operations.get(method)
            if op is None:
                continue
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": op.get("operationId", ""),
                    "summary": _text(op.get("summary")),
                    "description": _text(op.get("description")),
                    "token": bool(op.get("security")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": PLACES.get(p.get("in", ""), p.get("in", "")),
                            "required": p.get("required", False),
                            "type": type_label(p.get("schema", {})),
                            "description": _text(
                                p.get("description") or p.get("schema", {}).get("description")
                            ),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "responses": [
                        {"status": status, "schema": _schema_name(response)}
                        for status, response in op.get("responses", {}).items()
                    ],
                }
            )
    return rows


def models(schema: dict) -> list[dict]:
    result = []
    for name, model in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(model.get("required", []))
        result.append(
            {
                "name": name,
                "fields": [
                    {
                        "name": field,
                        "type": type_label(prop),
                        "required": field in required,
                        "description": _text(prop.get("description")),
                    }
                    for field, prop in model.get("properties", {}).items()
                ],
            }
        )
    return result


@once
def _schema(api) -> dict:
    """The OpenAPI schema, built once per process: it follows from the code alone (the routes
    and their models, no data and no viewer), and building it took most of the page's time."""
    return api.get_openapi_schema()


class PortalDocs(DocsBase):
    def render_page(self, request, api, **kwargs):
        """API 문서: who comes is an integrator (or the IT team) of another government system;
        they came to learn what the API answers and how to call it; next they make a token on
        the "API 토큰" page and try the first call with curl."""
        schema = api.get_openapi_schema(path_params=kwargs) if kwargs else _schema(api)
        return render(
            request,
            "api/docs.html",
            {
                "title": _(api.title),
                "description": _(api.description),
                "version": api.version,
                "schema_url": self.get_openapi_url(api, kwargs),
                "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
                "endpoints": endpoints(schema),
                "models": models(schema),
                "crumbs": [(_(api.title), "")],
            },
        )
