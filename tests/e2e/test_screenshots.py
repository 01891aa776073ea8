"""docs/screenshots/: the README's pictures, made by the browser suite from the demo data.

Run on purpose (it rewrites the committed PNGs): SHARIK_SCREENSHOTS=1 .venv/bin/python -m pytest
tests/e2e/test_screenshots.py. Without that variable the test is skipped, so `make test` does not
touch the working tree.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("SHARIK_SCREENSHOTS"), reason="set SHARIK_SCREENSHOTS=1 to remake them"
    ),
]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1366, "height": 768}}


def shots(browser, base_url: str, out: Path = OUT) -> list[Path]:
    """Home, a consultation, a dataset, the index page and a form with an error; ar and en; phone and desktop."""
    from consultations.models import Consultation
    from opendata.models import Dataset

    consultation = Consultation.objects.public().open_now().order_by("closes_at").first()
    dataset = Dataset.objects.order_by("pk").first()
    pages = {
        "home": "/",
        "consultation": consultation.get_absolute_url().removeprefix("/en").removeprefix("/ar"),
        "dataset": f"/opendata/datasets/{dataset.name}/",
        "index": "/epi/",
    }
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for device, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport, reduced_motion="reduce")
        page = context.new_page()
        for language, prefix in (("ar", ""), ("en", "/en")):
            for name, path in pages.items():
                page.goto(base_url + prefix + path)
                made.append(out / f"{name}-{language}-{device}.png")
                page.screenshot(path=str(made[-1]), full_page=device == "desktop")
            # a form with an error: register without filling anything in
            page.goto(base_url + prefix + "/accounts/register/")
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()
            page.locator("main .field-error").first.scroll_into_view_if_needed()
            made.append(out / f"form-error-{language}-{device}.png")
            page.screenshot(path=str(made[-1]))
        context.close()
    return made


def test_screenshots(live_server, browser):
    call_command("seed_demo", verbosity=0)
    made = shots(browser, live_server.url)
    assert len(made) == 20 and all(path.stat().st_size > 10_000 for path in made)
