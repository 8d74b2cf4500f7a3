"""Public pages (no login): station finder, station pages, deputy directory and pages, QR posters.

Reads only through public.selectors, which never return a resident's name or phone. The one page
behind a login is the bulk poster print for a street's staff.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from deputies.models import Deputy
from public import selectors
from public.qr import qr_svg
from stations.access import staff_required
from stations.models import Node
from stations.selectors import nodes_visible_to

DEPUTIES_PER_PAGE = 20


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def stations(request):
    """Streets with their stations; filter by street and community, search by name, code, address."""
    street = request.GET.get("street", "")[:20]
    community = _int_or_none(request.GET.get("community"))
    search = request.GET.get("q", "")[:50]
    context = {
        "groups": selectors.station_finder(street=street, community=community, search=search),
        "streets": selectors.public_streets(),
        "communities": selectors.public_communities(),
        "street": street,
        "community": community,
        "q": search,
        "filtered": bool(street or community or search.strip()),
    }
    return render(request, "public/station_list.html", context)


def station(request, code: str):
    node = selectors.public_node_or_404(code)
    rules = selectors.active_rules(node)
    context = {
        "node": node,
        "communities": node.communities.order_by("name"),
        "assignments": selectors.node_deputies(node),
        "rules": [selectors.rule_in_words(rule) for rule in rules],
        "upcoming": selectors.upcoming_receptions(node),
        "results": selectors.station_results(node),
        "submit_query": urlencode({"station": node.code}),
    }
    return render(request, "public/station_detail.html", context)


def deputies(request):
    level = request.GET.get("level", "")
    street = request.GET.get("street", "")[:20]
    search = request.GET.get("q", "")[:50]
    rows = selectors.public_deputies(level=level, street=street, search=search)
    context = {
        "page_obj": Paginator(rows, DEPUTIES_PER_PAGE).get_page(request.GET.get("page")),
        "levels": Deputy.Level.choices,
        "streets": selectors.public_streets(),
        "level": level,
        "street": street,
        "q": search,
    }
    return render(request, "public/deputy_list.html", context)


def deputy(request, pk: int):
    person = selectors.public_deputy_or_404(pk)
    context = {
        "deputy": person,
        "duties": selectors.upcoming_duties(person),
        "activity": selectors.deputy_activity(person),
        "submit_query": urlencode({"deputy": person.pk}),
    }
    return render(request, "public/deputy_detail.html", context)


def deputy_photo(request, pk: int):
    """An active deputy's photo; anyone may see it (deputies:photo is for staff, and any deputy)."""
    person = selectors.deputy_with_photo_or_404(pk)
    try:
        file = person.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(file, content_type=mimetypes.guess_type(person.photo.name)[0] or "image/jpeg")
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# QR posters


def submission_url(request, **params) -> str:
    """The absolute address of the submission form prefilled with a station or deputy.

    LIAISON_SITE_URL wins when set: behind a proxy the request's own host may be an internal name."""
    path = f"{reverse('public:submit')}?{urlencode(params)}"
    if settings.LIAISON_SITE_URL:
        return settings.LIAISON_SITE_URL + path
    return request.build_absolute_uri(path)


def _sheet(request, *, title: str, subtitle: str, **params) -> dict:
    url = submission_url(request, **params)
    return {"title": title, "subtitle": subtitle, "url": url, "svg": qr_svg(url)}


def _station_sheet(request, node: Node) -> dict:
    subtitle = node.street.display_name if node.street_id and node.street_id != node.pk else ""
    return _sheet(request, title=node.display_name, subtitle=subtitle, station=node.code)


def station_poster(request, code: str):
    node = selectors.public_node_or_404(code)
    context = {"sheets": [_station_sheet(request, node)], "back": reverse("public:station", args=[node.code])}
    return render(request, "public/poster.html", context)


def deputy_poster(request, pk: int):
    person = selectors.public_deputy_or_404(pk)
    sheet = _sheet(request, title=person.name, subtitle=person.get_level_display(), deputy=person.pk)
    context = {"sheets": [sheet], "back": reverse("public:deputy", args=[person.pk]), "for_deputy": True}
    return render(request, "public/poster.html", context)


@staff_required
def street_posters(request, code: str):
    """Every active station's poster of one street, one per printed page; street or district staff."""
    street = get_object_or_404(nodes_visible_to(request.user).filter(kind=Node.Kind.STREET, is_active=True), code=code)
    sheets = [_station_sheet(request, node) for node in selectors.street_stations(street).select_related("street")]
    context = {"sheets": sheets, "street": street, "back": reverse("public:stations") + f"?street={street.code}"}
    return render(request, "public/poster_street.html", context)
