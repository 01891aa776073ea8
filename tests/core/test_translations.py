"""Arabic first: every string of every catalogue is translated, the compiled files match, and a string
means one thing in Arabic across the apps (Django merges their catalogues into one table)."""

import glob
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

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


def test_no_string_has_two_arabic_translations():
    """Django merges every catalogue into one table per language, the first catalogue winning: a string
    (with its context) that two apps translate differently shows the first app's Arabic on every page.
    Strings whose meanings differ carry a context (pgettext / `context "…"`), so each has its own entry."""
    translations: dict[tuple, dict] = {}
    for path in CATALOGUES:
        for entry in polib.pofile(path):
            if entry.obsolete or not entry.translated():
                continue
            arabic = entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
            where = str(Path(path).relative_to(settings.BASE_DIR)).split("/locale/")[0]
            translations.setdefault((entry.msgctxt, entry.msgid), {}).setdefault(arabic, []).append(where)
    clashes = {key: arabic for key, arabic in translations.items() if len(arabic) > 1}
    assert clashes == {}, "\n".join(f"{key}: {arabic}" for key, arabic in clashes.items())


@pytest.mark.parametrize(
    ("context", "source", "arabic"),
    [
        (None, "Support", "تأييد"),  # backing a comment or an amendment (consultations)
        ("KPI area", "Support", "الدعم"),  # the national plan's support axis (governance)
        (None, "Share", "مشاركة"),  # sharing a consultation's link
        ("proportion of the votes", "Share", "النسبة"),  # a poll's results (analytics)
        (None, "consultation", "الاستشارة"),  # never «المشورة» (advice)
        (None, "Register", "التسجيل"),  # creating an account
        ("workshop registration button", "Register", "سجّلني"),
        ("consultation status", "Open", "مفتوحة"),  # a consultation is feminine
        (None, "Open", "مفتوح"),
    ],
)
def test_the_merged_arabic_table_keeps_each_meaning(context, source, arabic):
    with translation.override("ar"):
        assert (translation.pgettext(context, source) if context else translation.gettext(source)) == arabic


@pytest.mark.django_db
def test_a_draft_page_offers_to_back_a_comment_with_the_consultations_word(
    client, open_consultation, coordinator
):
    from consultations.services import drafts as services
    from tests.consultations.drafts_helpers import make_draft, paragraphs
    from tests.factories import UserFactory

    draft = make_draft(open_consultation, coordinator)
    services.paragraph_comment_create(
        paragraph=paragraphs(draft.current_version)[0], author=UserFactory(), body="تعليق"
    )
    client.force_login(UserFactory())
    html = client.get(draft.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert ">تأييد</button>" in html
    assert ">الدعم</button>" not in html


@pytest.mark.django_db
def test_the_kpi_page_names_the_support_axis_in_its_own_sense(client):
    from governance.models import Kpi

    Kpi.objects.create(code="t-support", name="مؤشر الدعم الفني", axis="support", track="platform", target=1)
    html = client.get(reverse("governance:kpis"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    row = html[html.index("مؤشر الدعم الفني") :]
    assert "<td>الدعم<br>" in row[: row.index("</tr>")]
