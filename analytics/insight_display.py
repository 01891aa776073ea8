"""The stored campaign insight turned into rows and charts for the page, in the reader's language.

The job stores codes and ids; labels (question and option texts, places, age bands) are looked up when
the page is shown, so the Arabic and English pages each show their own texts.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from sharik.accounts.models import AgeBand, Place


def _percent(part: int, whole: int | None) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def reach(stored: dict) -> dict:
    """Target groups with who they are, planned and reached participants, and the share reached."""
    languages = dict(settings.LANGUAGES)
    places = dict(Place.choices)
    bands = dict(AgeBand.choices)
    groups = []
    for group in stored.get("groups", []):
        who = [
            str(languages.get(group["language"], "")) if group["language"] else "",
            str(places.get(group["place"], "")) if group["place"] else "",
            str(bands.get(group["age_band"], "")) if group["age_band"] else "",
            str(_("verified residents")) if group["verified"] else "",
        ]
        groups.append(
            {
                "name": group["name"],
                "who": " · ".join(w for w in who if w) or str(_("everyone")),
                "planned": group["planned"],
                "reached": group["reached"],
                "percent": _percent(group["reached"], group["planned"]),
            }
        )
    chart = {
        "type": "bar",
        "labels": [g["name"] for g in groups],
        "datasets": [
            {"label": str(_("Planned")), "values": [g["planned"] for g in groups]},
            {"label": str(_("Reached")), "values": [g["reached"] for g in groups]},
        ],
    }
    return {**stored, "groups": groups, "chart": chart}


def polls(stored: list[dict]) -> list[dict]:
    """Each question with its options' counts and shares, and a chart spec per question."""
    from consultations.models import Poll

    by_id = {
        p.pk: p for p in Poll.objects.filter(pk__in=[q["poll"] for q in stored]).prefetch_related("options")
    }
    result = []
    for question in stored:
        poll = by_id.get(question["poll"])
        if poll is None:  # deleted since the analysis was computed
            continue
        labels = {o.pk: o.label for o in poll.options.all()}
        options = [{**o, "label": labels.get(o["option"], "—")} for o in question["options"]]
        result.append(
            {
                "question": poll.question,
                "total": question["total"],
                "options": options,
                "chart_id": f"poll-chart-{poll.pk}",
                "chart": {
                    "type": "bar",
                    "label": str(_("Votes")),
                    "labels": [o["label"] for o in options],
                    "values": [o["votes"] for o in options],
                },
            }
        )
    return result


def bursts(stored: dict) -> dict:
    """The burst hours with their start as a date-time, for the reader's date format."""
    windows = [{**w, "hour": datetime.datetime.fromisoformat(w["hour"])} for w in stored.get("windows", [])]
    return {**stored, "windows": windows}
