"""QR posters: the code encodes the submission address, drawn on the server; staff print a street's in bulk."""

import re

import pytest
import segno
from django.test import Client

from public.qr import BORDER, qr_svg
from stations import services as station_services


def en() -> Client:
    return Client(headers={"accept-language": "en"})


def _dark_cells(svg: str) -> set[tuple[int, int]]:
    """Read back the modules segno's SVG path draws: "M x y" / "m dx dy" moves, "h n" dark runs."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    x = y = 0.0
    cells = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            cells |= {(int(x) + i, int(y)) for i in range(int(a))}
            x += float(a)
    return cells


@pytest.mark.parametrize(
    "url", ["https://liaison.example.cn/p/submit/?station=LT01", "http://testserver/p/submit/?deputy=12"]
)
def test_qr_svg_draws_segnos_matrix_for_the_url(url):
    svg = qr_svg(url)
    assert svg.startswith("<svg") and "style=" not in svg and "<script" not in svg
    expected = {
        (x, y)
        for y, row in enumerate(segno.make(url, error="m", micro=False).matrix_iter(border=BORDER))
        for x, dark in enumerate(row)
        if dark
    }
    assert _dark_cells(svg) == expected
    assert _dark_cells(qr_svg(url + "x")) != expected  # a different address, a different drawing


def test_station_poster_encodes_the_absolute_submission_url(world):
    response = en().get("/p/stations/LT01/poster/")
    html = response.content.decode()
    assert response.status_code == 200
    url = "http://testserver/p/submit/?station=LT01"
    assert f'data-testid="poster-url">{url}<' in html
    assert qr_svg(url) in html
    assert "南岭社区联络站" in html and "龙田街道人大代表之家" in html
    assert "<script>" not in html and 'style="' not in html
    assert '<section class="poster" data-testid="poster" lang="zh-hans">' in html  # Chinese, even if printed in English


def test_poster_uses_the_site_url_when_set(world, settings):
    settings.LIAISON_SITE_URL = "https://rd.longgang.example.cn"
    html = en().get(f"/p/deputies/{world.deputy.pk}/poster/").content.decode()
    url = f"https://rd.longgang.example.cn/p/submit/?deputy={world.deputy.pk}"
    assert f'data-testid="poster-url">{url}<' in html
    assert qr_svg(url) in html
    assert "张代表" in html and world.deputy.phone not in html


def test_posters_of_inactive_nodes_and_deputies_are_404(world):
    station_services.node_update(by=world.admin, node=world.station_b, is_active=False)
    world.other_deputy.is_active = False
    world.other_deputy.save(update_fields=["is_active"])
    assert en().get("/p/stations/NW01/poster/").status_code == 404
    assert en().get(f"/p/deputies/{world.other_deputy.pk}/poster/").status_code == 404


def test_street_posters_print_every_active_station_one_per_page(world, client_for):
    station_services.node_create(by=world.admin, kind="station", parent=world.street_a, name="新站", code="LT02")
    closed = station_services.node_create(
        by=world.admin, kind="station", parent=world.street_a, name="关闭站", code="LT03"
    )
    station_services.node_update(by=world.admin, node=closed, is_active=False)
    client = client_for("street_staff")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = client.get("/p/streets/LT/posters/").content.decode()
    assert html.count('data-testid="poster"') == 2
    for code in ("LT01", "LT02"):
        assert f"http://testserver/p/submit/?station={code}<" in html
        assert qr_svg(f"http://testserver/p/submit/?station={code}") in html
    assert "LT03" not in html and "NW01" not in html


@pytest.mark.parametrize("persona,status", [("street_staff", 404), ("clerk", 403), ("other_clerk", 403)])
def test_street_posters_are_scoped(world, client_for, persona, status):
    assert client_for(persona).get("/p/streets/NW/posters/").status_code == status


def test_poster_css_breaks_pages_when_printing():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/public.css")).read_text(encoding="utf-8")
    assert "@page { size: A4" in css
    assert "break-after: page" in css
