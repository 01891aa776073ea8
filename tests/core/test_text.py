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


def test_search_stems_are_right_when_threads_stem_at_once():
    """gunicorn serves requests on several threads and pushes run side by side: a stemmer shared
    between threads mixed their words up (wrong stems, or IndexError in a concurrent bulk push)."""
    import threading

    from sharik.core.text import search_stems

    words = "المدرسة بالمدرسة للمعلمين consultations الاستشارات الوطنية " * 50
    expected = search_stems(words)
    wrong = []

    def stem_many():
        for _ in range(100):
            try:
                if search_stems(words) != expected:
                    wrong.append("different stems")
            except Exception as error:  # noqa: BLE001 - every failure is asserted below
                wrong.append(repr(error))

    threads = [threading.Thread(target=stem_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
