"""Every URL of the portal is in the access matrix (ROWS in tests/*/test_access*.py)."""

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import tests

# Django's own pages, checked elsewhere or not ours to scope.
NOT_IN_MATRIX = {"login", "logout", "password_change", "set_language", "healthz"}


def _names(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


def _matrix_names():
    names = set()
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.rsplit(".", 1)[-1].startswith("test_access"):
            names |= {row.name for row in importlib.import_module(module.name).ROWS}
    return names


def test_every_url_is_in_the_access_matrix():
    urls = set(_names(get_resolver().url_patterns)) - NOT_IN_MATRIX
    missing = sorted(urls - _matrix_names())
    assert not missing, f"URLs with no row in any tests/*/test_access.py: {missing}"
