"""The share card (issue 15): a 1200×630 PNG with the title, the entity and the state, for Open Graph
and X cards. Arabic is drawn by Pillow's Raqm layout (HarfBuzz shaping, FriBiDi direction), so the
letters join and the line runs right to left; Debian's `libraqm0` must be installed (it is listed in
deploy/debian-packages.txt) and the fonts come from `fonts-noto-core`.
"""

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
TITLE_SIZE = 60
LINE_HEIGHT = 84
MAX_TITLE_LINES = 4
FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu")
FONTS = {
    # language -> (title font, small font), first found wins
    "ar": (
        ("NotoSansArabic-Bold.ttf", "DejaVuSans-Bold.ttf"),
        ("NotoSansArabic-Regular.ttf", "DejaVuSans.ttf"),
    ),
    "en": (("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"), ("NotoSans-Regular.ttf", "DejaVuSans.ttf")),
}
# UAE Design System colours: aegold-600 band, aeblack-900 text.
GOLD, INK, MUTED, PAPER = (146, 114, 42), (35, 31, 32), (84, 84, 84), (255, 255, 255)


class ShapingUnavailable(RuntimeError):
    """Pillow has no Raqm layout: Arabic would be drawn as separate, reversed letters."""


def font_path(language: str, *, title: bool = True) -> str:
    names = FONTS["ar" if language == "ar" else "en"][0 if title else 1]
    for name in names:
        for folder in FONT_DIRS:
            path = Path(folder) / name
            if path.exists():
                return str(path)
    raise FileNotFoundError(f"none of {names} in {FONT_DIRS}")


def _font(language: str, size: int, *, title: bool = True) -> ImageFont.FreeTypeFont:
    if not features.check("raqm"):
        raise ShapingUnavailable("install Debian's libraqm0")
    return ImageFont.truetype(font_path(language, title=title), size, layout_engine=ImageFont.Layout.RAQM)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, direction: str, language: str) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate, direction=direction, language=language) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    if len(lines) > MAX_TITLE_LINES:
        lines = lines[:MAX_TITLE_LINES]
        lines[-1] = lines[-1] + " …"
    return lines


def title_lines(title: str, language: str) -> list[str]:
    direction = "rtl" if language == "ar" else "ltr"
    return _wrap(title, _font(language, TITLE_SIZE), WIDTH - 2 * MARGIN, direction, language)


def title_origin(line_index: int, language: str) -> tuple[int, int]:
    """Where line `line_index` of the title is drawn: (x of its start edge, baseline y)."""
    x = WIDTH - MARGIN if language == "ar" else MARGIN
    return x, 150 + TITLE_SIZE + line_index * LINE_HEIGHT


def share_card_png(*, title: str, entity: str, state: str, language: str) -> bytes:
    rtl = language == "ar"
    direction = "rtl" if rtl else "ltr"
    start_anchor = "rs" if rtl else "ls"  # the start edge of the line on its baseline
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 24), fill=GOLD)
    draw.rectangle((0, HEIGHT - 96, WIDTH, HEIGHT), fill=(249, 247, 237))
    small = _font(language, 34, title=False)
    label = _font(language, 30, title=False)
    start_x = WIDTH - MARGIN if rtl else MARGIN
    end_x = MARGIN if rtl else WIDTH - MARGIN
    draw.text(
        (start_x, 110),
        entity,
        font=small,
        fill=MUTED,
        anchor=start_anchor,
        direction=direction,
        language=language,
    )
    title_font = _font(language, TITLE_SIZE)
    for index, line in enumerate(title_lines(title, language)):
        draw.text(
            title_origin(index, language),
            line,
            font=title_font,
            fill=INK,
            anchor=start_anchor,
            direction=direction,
            language=language,
        )
    draw.text(
        (start_x, HEIGHT - 38),
        state,
        font=label,
        fill=GOLD,
        anchor=start_anchor,
        direction=direction,
        language=language,
    )
    brand = _font(language, 30)
    draw.text(
        (end_x, HEIGHT - 38),
        "شارك" if rtl else "Sharik",
        font=brand,
        fill=INK,
        anchor="ls" if rtl else "rs",
        direction=direction,
        language=language,
    )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
