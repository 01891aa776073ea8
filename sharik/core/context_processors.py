from django.conf import settings
from django.utils import translation


def portal(request):
    """Direction of the current language and the language list, for the base template."""
    lang = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "LANGUAGE_DIRECTION": "rtl" if lang.split("-")[0] in settings.RTL_LANGUAGES else "ltr",
        "SITE_NAME_AR": "شارك",
    }
