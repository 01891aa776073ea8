"""Fill the Arabic catalogues from a dictionary module (msgid -> Arabic), keeping what is there.

Usage: .venv/bin/python scripts/po_fill.py DICT_MODULE.py [catalogue.po ...]
The module defines AR = {msgid: msgstr} and AR_PLURAL = {msgid: [six plural forms]}.
Without catalogues it fills every */locale/ar/LC_MESSAGES/django.po of the project.
"""

import glob
import runpy
import sys

import polib


def main() -> int:
    table = runpy.run_path(sys.argv[1])
    singular, plural = table.get("AR", {}), table.get("AR_PLURAL", {})
    files = sys.argv[2:] or [
        f
        for f in glob.glob("**/locale/ar/LC_MESSAGES/django.po", recursive=True)
        if not f.startswith(".venv")
    ]
    missing = 0
    for path in files:
        po = polib.pofile(path)
        for entry in po:
            if entry.msgid_plural:
                if entry.msgid in plural and not any(entry.msgstr_plural.values()):
                    entry.msgstr_plural = dict(enumerate(plural[entry.msgid]))
            elif entry.msgid in singular and not entry.msgstr:
                entry.msgstr = singular[entry.msgid]
            if "fuzzy" in entry.flags and (entry.msgstr or any(entry.msgstr_plural.values())):
                entry.flags.remove("fuzzy")
            if not (entry.msgstr or any(entry.msgstr_plural.values())):
                missing += 1
                print(f"{path}: untranslated: {entry.msgid!r}")
        po.save(path)
    print(f"{missing} untranslated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
