import pytest

from sharik.core.text import normalize_arabic


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("الإستشارة", "الاستشارة"),
        ("أحمد", "احمد"),
        ("مدرسة", "مدرسه"),
        ("مُشَارَكَة", "مشاركه"),
        ("شـــارك", "شارك"),
        ("Sharik", "SHARIK"),
    ],
)
def test_spelling_variants_fold_to_one_form(a, b):
    assert normalize_arabic(a) == normalize_arabic(b)


def test_different_words_stay_different():
    assert normalize_arabic("تعليم") != normalize_arabic("تعلم")
