"""Sharik's date and number formats (FORMAT_MODULE_PATH), one style per language everywhere.

Django's Arabic formats mix "j F، Y" with the global "N j, Y, P" for date-times and write
"12/03/2026" for short dates (read as 12 March by half the readers); they also group thousands with
a dot. Sharik writes "3 ديسمبر 2026", "3 ديسمبر 2026، 9:36 م" and "1,000,000" in Arabic, and
"3 December 2026", "3 December 2026, 9:36 PM" and "1,000,000" in English — the public pages and the
admin alike.
"""
