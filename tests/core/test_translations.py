"""Arabic first: every string of every catalogue is translated, and the compiled files match."""

import glob
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(
    p
    for p in glob.glob(str(Path(settings.BASE_DIR) / "**/locale/ar/LC_MESSAGES/django.po"), recursive=True)
    if "/.venv/" not in p and "/node_modules/" not in p
)


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 5


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(Path(p).relative_to(settings.BASE_DIR)))
def test_every_arabic_string_is_translated_and_compiled(path):
    po = polib.pofile(path)
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    assert untranslated == [], f"untranslated in {path}"
    mo = polib.mofile(path[:-3] + ".mo")
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    stale = [e.msgid for e in po if e.translated() and (e.msgctxt, e.msgid) not in compiled]
    assert stale == [], f"{path}: run `make messages` to compile"
