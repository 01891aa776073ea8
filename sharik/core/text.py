"""Arabic-aware text normalisation for search: one function used by every search in the portal.

Alef and hamza forms fold to a bare alef, taa marbuta to haa, alef maqsura to yaa; diacritics
(tashkeel) and tatweel are removed; Latin text is case-folded. "الإستشارة" and "الاستشارة" match.
"""

import re

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_FOLD = str.maketrans(
    {
        "\u0622": "\u0627",  # آ -> ا
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0629": "\u0647",  # ة -> ه
        "\u0649": "\u064a",  # ى -> ي
        "\u0624": "\u0648",  # ؤ -> و
        "\u0626": "\u064a",  # ئ -> ي
    }
)


def normalize_arabic(text: str) -> str:
    if not text:
        return ""
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    return text.translate(_FOLD).casefold()
