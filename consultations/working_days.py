"""UAE working days: Monday to Friday, minus the public holidays kept as data (PublicHoliday).

Every service-level deadline of the agenda (proposal answers, case acknowledgements) is counted here.
"""

from datetime import date, timedelta

WEEKEND = (5, 6)  # Saturday, Sunday (date.weekday())


def _holidays(start: date, end: date) -> set[date]:
    from .models import PublicHoliday

    return set(PublicHoliday.objects.filter(day__gte=start, day__lte=end).values_list("day", flat=True))


def is_working_day(day: date, holidays: set[date] | None = None) -> bool:
    if holidays is None:
        holidays = _holidays(day, day)
    return day.weekday() not in WEEKEND and day not in holidays


def working_days_add(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    # Enough calendar room for weekends and a generous holiday season in one query.
    holidays = _holidays(start, start + timedelta(days=days * 2 + 60))
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days after `start` up to and including `end` (0 if end <= start)."""
    if end <= start:
        return 0
    holidays = _holidays(start, end)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count
