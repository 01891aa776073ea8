"""Defect 13.12 in open data: singular/plural and joined particles find the dataset (both databases)."""

import pytest

from opendata.selectors import dataset_browse

pytestmark = pytest.mark.django_db


def _names(result):
    return sorted(d.name for d in result.datasets)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("المدرسة", ["schools"]),
        ("بالمدرسة", ["schools"]),
        ("مدرسة", ["schools"]),
        ("المعلم", ["teachers"]),
        ("للمعلمين", ["teachers"]),
        ("school", ["schools"]),
        ("مستشفى", []),
    ],
)
def test_dataset_search_matches_arabic_forms(make_dataset, licences, q, expected):
    make_dataset(name="schools", title_ar="مدرسة حكومية", title_en="Public schools")
    make_dataset(name="teachers", title_ar="أعداد المعلمين", title_en="Teacher counts")
    assert _names(dataset_browse(q=q)) == expected
