"""The public site on the UAE Design System (issue 13): served stylesheet and typefaces, header and footer."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"


def test_stylesheet_is_the_design_system_and_loads_nothing_from_elsewhere():
    css = (STATIC / "css" / "sharik.css").read_text()
    assert ".aegov-btn" in css and ".aegov-card" in css and ".aegov-form-control" in css
    assert not re.search(r"url\(['\"]?https?://", css), "a font or image would leave the server"
    fonts = re.findall(r"url\(\"?\.\./vendor/fonts/([^\")]+)\"?\)", css)
    families = set(re.findall(r"font-family:\s*['\"]?([^;'\"}]+)", css))
    assert {"Noto Kufi Arabic", "Alexandria", "Roboto", "Inter"} <= families
    assert fonts and all((STATIC / "vendor" / "fonts" / name).is_file() for name in fonts)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_page_has_the_federal_header_and_footer(client, prefix):
    html = client.get(f"{prefix}/").content.decode()
    assert "bootstrap" not in html.lower()
    header, footer = html.split("<main", 1)[0], html.rsplit("<footer", 1)[1]
    assert 'aria-controls="site-nav"' in header  # the phone menu
    # defect 15: the newsletter and the KPIs are reachable from every page, not only from governance
    assert f'href="{prefix}/kpis/"' in header and f'href="{prefix}/kpis/"' in footer
    assert f'href="{prefix}/newsletter/"' in footer
    # defect 17: the accessibility statement, from every page's footer
    assert f'href="{prefix}/legal/accessibility/"' in footer
    assert client.get(f"{prefix}/legal/accessibility/").status_code == 200


def test_register_terms_checkbox_links_the_terms_and_fields_share_one_style(client):
    html = client.get("/en/accounts/register/").content.decode()
    label = re.search(r'<label for="id_accept_terms">(.*?)</label>', html, re.S).group(1)
    assert 'href="/en/legal/terms/"' in label and 'href="/en/legal/privacy/"' in label
    # defect 6: every text field sits in the design system's form control, at the form's width
    inputs = re.findall(r'<input type="(?:email|text|password)"', html)
    assert len(inputs) == html.count('class="aegov-form-control mb-4"') >= 4
