"""Defect 13.12: Arabic search matches singular/plural, with or without the article and the joined
particles (ب، ل، و) — on the consultations list and in the archive, on SQLite and on PostgreSQL
(CI runs this module on both)."""

import pytest

from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_and_health():
    school = ConsultationFactory(title_ar="تطوير مدرسة الحي", title_en="Neighbourhood school", summary_ar="")
    health = ConsultationFactory(title_ar="خدمات صحة الأسرة", title_en="Family health", summary_ar="")
    teachers = ConsultationFactory(title_ar="تدريب المعلمين", title_en="Teacher training", summary_ar="")
    return school, health, teachers


def _titles(client, url, q):
    html = client.get(url, {"q": q}).content.decode()
    return {title for title in ("Neighbourhood school", "Family health", "Teacher training") if title in html}


@pytest.mark.parametrize("url", ["/en/consultations/", "/en/archive/"])
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("المدرسة", {"Neighbourhood school"}),  # the article, the example
        ("بالمدرسة", {"Neighbourhood school"}),  # ب + the article
        ("للمدرسة", {"Neighbourhood school"}),  # ل + the article
        ("والمدرسة", {"Neighbourhood school"}),  # و + the article
        ("الصحة", {"Family health"}),  # the other example
        ("معلم", {"Teacher training"}),  # singular finds the plural
        ("المعلمون", {"Teacher training"}),  # another plural form finds it too
        ("schools", {"Neighbourhood school"}),  # English plural
        ("مستشفى", set()),
    ],
)
def test_arabic_words_match_in_their_forms(client, school_and_health, url, q, expected):
    assert _titles(client, url, q) == expected


def test_stems_fold_the_forms_a_reader_types():
    from sharik.core.text import search_stem

    forms = ["المدرسة", "مدرسة", "بالمدرسة", "للمدرسة", "والمدرسة", "وبالمدرسة"]
    assert {search_stem(word) for word in forms} == {search_stem("مدرسة")}
    assert search_stem("المعلمين") == search_stem("معلم") == search_stem("المعلمون")
    assert search_stem("استشارات") == search_stem("الاستشارة")
    assert search_stem("بيت") == "بيت"  # a root ب is not taken for the preposition
