"""Tim Berners-Lee's 5-star scheme as one table: the stars are computed from it, never typed.

0 ★ no open licence; ★ open licence, any format; ★★ machine-readable structured (XLSX);
★★★ non-proprietary (CSV, JSON); ★★★★ URIs / RDF (JSON-LD, RDF/XML, Turtle);
★★★★★ RDF that links to other people's data. A dataset has the stars of its best resource.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# format -> stars an openly licensed resource in that format earns (before the link bonus)
FORMAT_STARS: dict[str, int] = {
    "PDF": 1,
    "DOC": 1,
    "DOCX": 1,
    "HTML": 1,
    "JPG": 1,
    "PNG": 1,
    "XLS": 2,
    "XLSX": 2,
    "ODS": 3,
    "CSV": 3,
    "TSV": 3,
    "JSON": 3,
    "XML": 3,
    "GEOJSON": 3,
    "JSON-LD": 4,
    "JSONLD": 4,
    "RDF": 4,
    "RDF/XML": 4,
    "TTL": 4,
    "TURTLE": 4,
    "N-TRIPLES": 4,
    "NT": 4,
}
RDF_FORMATS = {fmt for fmt, stars in FORMAT_STARS.items() if stars == 4}
UNKNOWN_FORMAT_STARS = 1

# stars -> (what earned them, what to do for the next star)
STAR_REASONS: dict[int, tuple] = {
    0: (
        gettext_lazy("no open licence"),
        gettext_lazy("publish it under an open licence for 1 star"),
    ),
    1: (
        gettext_lazy("open licence, not machine-readable"),
        gettext_lazy("add a structured format such as XLSX for 2"),
    ),
    2: (
        gettext_lazy("machine-readable but proprietary"),
        gettext_lazy("add CSV or JSON for 3"),
    ),
    3: (
        gettext_lazy("non-proprietary"),
        gettext_lazy("add JSON-LD with URIs for 4"),
    ),
    4: (
        gettext_lazy("uses URIs (RDF)"),
        gettext_lazy("link to other publishers' data for 5"),
    ),
    5: (gettext_lazy("linked to other data"), None),
}


@dataclass(frozen=True)
class Rating:
    stars: int
    reason: str


def resource_stars(*, fmt: str, licence_open: bool, external_links: int = 0) -> int:
    if not licence_open:
        return 0
    fmt = (fmt or "").strip().upper()
    stars = FORMAT_STARS.get(fmt, UNKNOWN_FORMAT_STARS)
    if stars == 4 and external_links > 0:
        stars = 5
    return stars


def _stars_word(n: int) -> str:
    from django.utils.translation import ngettext

    return ngettext("%(n)d star", "%(n)d stars", n) % {"n": n}


def rate(*, licence_open: bool, resources: list[tuple[str, int]]) -> Rating:
    """The best resource's stars, and a sentence saying why and how to earn the next one.

    `resources` is a list of (format, external_links) pairs.
    """
    if not licence_open:
        earned, advice = STAR_REASONS[0]
        return Rating(0, f"{earned} → {_stars_word(0)}; {advice}")
    if not resources:
        return Rating(0, _("no resources yet → 0 stars; add a data file"))
    best_fmt, best = "", -1
    for fmt, links in resources:
        stars = resource_stars(fmt=fmt, licence_open=True, external_links=links)
        if stars > best:
            best_fmt, best = (fmt or "?").upper(), stars
    earned, advice = STAR_REASONS[best]
    reason = f"{best_fmt}: {earned} → {_stars_word(best)}"
    if advice:
        reason += f"; {advice}"
    return Rating(best, reason)
