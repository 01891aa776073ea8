"""Django 6.1's own strings that its Arabic catalogues do not translate yet.

Listed here so `make messages` puts them in sharik/core/locale, whose Arabic translations take
precedence over Django's (empty) ones: the form's blank choice, the admin's action button, its date
filter and the time-zone note of the date-time widgets' JavaScript (djangojs).
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS_WITHOUT_ARABIC = [
    gettext_noop("- Select an option -"),
    gettext_noop("Run"),
    gettext_noop("Filter by %(field_name)s"),
]
