"""Defect 13.1: the language switch lands on the same page in the other language, both ways, for
every public URL pattern; the logo leads to the home page of the page's language."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

SAMPLES = ("7", "sample-slug", str(uuid.UUID(int=7)), "a/b")
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def _route_paths(patterns, prefix=""):
    """Every route under the language prefix, its converters filled with sample values."""
    for entry in patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue  # regex routes (the admin's) are walked by the admin's own tests
        converters = entry.pattern.converters

        def sample(match, converters=converters):
            regex = converters[match.group(1)].regex
            return next(value for value in SAMPLES if re.fullmatch(regex, value))

        route = PARAMETER.sub(sample, str(entry.pattern))
        if isinstance(entry, URLResolver):
            if str(entry.pattern) == "admin/":
                continue
            yield from _route_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def _public_paths():
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
            return sorted(set(_route_paths(entry.url_patterns)))
    raise AssertionError("no language-prefixed URL patterns")


PUBLIC_PATHS = _public_paths()


def test_the_walk_covers_the_public_site():
    assert len(PUBLIC_PATHS) > 40
    assert "" in PUBLIC_PATHS and "consultations/" in PUBLIC_PATHS


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_switch_from_arabic_to_english_keeps_the_page(client, path):
    response = client.post("/i18n/setlang/", {"language": "en", "next": f"/{path}?page=2"})
    assert response.status_code == 302
    assert response["Location"] == f"/en/{path}?page=2"


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_switch_from_english_to_arabic_keeps_the_page(client, path):
    client.cookies["django_language"] = "en"  # the visitor chose English before
    response = client.post("/i18n/setlang/", {"language": "ar", "next": f"/en/{path}"})
    assert response.status_code == 302
    assert response["Location"] == f"/{path}"


def test_the_english_switch_button_takes_an_english_visitor_back_to_arabic(client, open_consultation):
    page = f"/en/consultations/{open_consultation.pk}/"
    client.get(page)
    response = client.post("/i18n/setlang/", {"language": "ar", "next": page}, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == f"/consultations/{open_consultation.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.parametrize(("page", "home"), [("/consultations/", "/"), ("/en/consultations/", "/en/")])
@pytest.mark.django_db
def test_the_logo_leads_home_in_the_page_language(client, page, home):
    header = client.get(page).content.decode().split("<header", 1)[1].split("</header>", 1)[0]
    assert f'href="{home}"' in header
    assert f'href="{"/en/" if home == "/" else "/"}"' not in header
