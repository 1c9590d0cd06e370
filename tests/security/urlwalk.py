"""Walks the URLconf: every pattern with its full name, path template and keyword arguments."""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

EXCLUDED_PREFIXES = ("admin/", "i18n/", "jsi18n/", "static/")


@dataclass
class Route:
    name: str
    template: str
    kwargs: list[str]
    defaults: dict = field(default_factory=dict)


def walk(patterns=None, prefix: str = "", namespace: str = ""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            template = prefix + str(entry.pattern)
            if template.lstrip("^").startswith(EXCLUDED_PREFIXES):
                continue
            converters = entry.pattern.converters if hasattr(entry.pattern, "converters") else {}
            kwargs = list(entry.pattern.regex.groupindex) or list(converters)
            yield Route(f"{namespace}{entry.name}", template, kwargs, dict(entry.default_args))


def all_routes() -> list[Route]:
    return list(walk())


def all_url_names() -> set[str]:
    return {route.name for route in walk()}
