"""Arabic-aware text normalisation for search: one function used by every search in the portal.

Alef and hamza forms fold to a bare alef, taa marbuta to haa, alef maqsura to yaa; diacritics
(tashkeel) and tatweel are removed; Latin text is case-folded. "الإستشارة" and "الاستشارة" match.
"""

import re
import threading

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


# --- Stems: singular/plural, the article and the attached particles ---------------------------

_WORD = re.compile(r"\w+")
_ARABIC = re.compile("[\u0621-\u064a]")
# A conjunction (و، ف) and/or a preposition (ب، ك، ل) written joined to the article: "وبالمدرسة",
# "للمدرسة" (ل + ال). Only before the article, so a root letter ("وزارة"، "بيت") is never cut.
_PARTICLES_AND_ARTICLE = re.compile(
    "^(?:[\u0648\u0641]?[\u0628\u0643]?\u0627\u0644|[\u0648\u0641]?\u0644\u0644)(?=\\w{2,})"
)
_FEMININE_PLURAL = "\u0627\u062a"  # ات


_per_thread = threading.local()


def _stemmers():
    """One pair of stemmers per thread: a Snowball stemmer keeps the word it works on in itself, so
    two threads sharing one (gunicorn's threads, concurrent pushes) corrupt each other's words."""
    pair = getattr(_per_thread, "stemmers", None)
    if pair is None:
        import snowballstemmer

        pair = _per_thread.stemmers = (snowballstemmer.stemmer("arabic"), snowballstemmer.stemmer("english"))
    return pair


def search_stem(word: str) -> str:
    """The form a word is matched by: "المدرسة"، "بالمدرسة"، "للمدرسة"، "مدرسة" → "مدرس";
    "المعلمين"، "معلم" → "معلم"; "consultations" → "consult". Folded like `normalize_arabic`.

    The Snowball Arabic stemmer (PostgreSQL's "arabic" configuration runs the same algorithm),
    after the article with its joined particles is removed, which Snowball leaves on short words.
    Broken plurals ("مدارس") keep their own stem: that needs a dictionary.
    """
    word = _DIACRITICS.sub("", word).replace(_TATWEEL, "")
    arabic, english = _stemmers()
    if _ARABIC.search(word):
        word = _PARTICLES_AND_ARTICLE.sub("", word)
        if word.endswith(_FEMININE_PLURAL) and len(word) > 5:
            word = word[:-2]
        stem = normalize_arabic(arabic.stemWord(word))
        if stem.endswith("\u0647") and len(stem) > 2:  # a taa marbuta the stemmer kept (folded to ه)
            stem = stem[:-1]
        return stem
    return english.stemWord(word.casefold())


def _words(text: str) -> list[str]:
    # Marks first: a kasra or a shadda is not a word character and would split the word.
    return _WORD.findall(_DIACRITICS.sub("", text or "").replace(_TATWEEL, ""))


def search_stems(text: str) -> list[str]:
    """The distinct stems of a text's words, in order."""
    return list(dict.fromkeys(search_stem(word) for word in _words(text)))


def search_terms(query: str, limit: int = 20) -> list[tuple[str, str]]:
    """A search query's words, each normalised and with its stem: what a search matches."""
    return [(normalize_arabic(word), search_stem(word)) for word in _words(query)[:limit]]
