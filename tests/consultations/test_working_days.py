"""UAE working days: Monday to Friday, and the public holidays listed as data are skipped."""

from datetime import date

import pytest

from consultations.models import PublicHoliday
from consultations.working_days import working_days_add, working_days_between

pytestmark = pytest.mark.django_db


def test_a_friday_plus_one_working_day_is_the_monday():
    assert working_days_add(date(2026, 1, 2), 1) == date(2026, 1, 5)  # Fri -> Mon


def test_twenty_working_days_are_four_weeks_without_holidays():
    assert working_days_add(date(2026, 1, 5), 20) == date(2026, 2, 2)


def test_listed_holidays_are_skipped():
    # 1 and 2 December (National Day) fall on a Tuesday and a Wednesday in 2026.
    PublicHoliday.objects.create(day=date(2026, 12, 1), name_ar="عيد الاتحاد", name_en="National Day")
    PublicHoliday.objects.create(day=date(2026, 12, 2), name_ar="عيد الاتحاد", name_en="National Day")
    assert working_days_add(date(2026, 11, 30), 1) == date(2026, 12, 3)
    assert working_days_add(date(2026, 11, 27), 5) == date(2026, 12, 8)  # Mon 30, Thu 3, Fri 4, Mon 7, Tue 8
    assert working_days_between(date(2026, 11, 27), date(2026, 12, 8)) == 5


def test_no_working_days_between_a_day_and_itself_or_a_weekend():
    assert working_days_between(date(2026, 1, 2), date(2026, 1, 2)) == 0
    assert working_days_between(date(2026, 1, 2), date(2026, 1, 4)) == 0  # Sat, Sun
