"""After a merge: fill every untranslated entry of our catalogues from the same catalogue on another branch.

Usage: .venv/bin/python scripts/po_merge.py BRANCH
Run `make messages` first (so the catalogues hold every current msgid), then this, then `make messages`
again to compile. Our own translations win; only empty ones are taken from BRANCH.
"""

import glob
import subprocess
import sys

import polib


def main() -> int:
    branch = sys.argv[1]
    files = [
        f for f in glob.glob("**/locale/*/LC_MESSAGES/django.po", recursive=True) if not f.startswith(".venv")
    ]
    filled = 0
    for path in files:
        try:
            text = subprocess.run(
                ["git", "show", f"{branch}:{path}"], capture_output=True, text=True, check=True
            ).stdout
        except subprocess.CalledProcessError:
            continue
        theirs = {(e.msgctxt, e.msgid): e for e in polib.pofile(text) if e.translated()}
        ours = polib.pofile(path)
        for entry in ours:
            other = theirs.get((entry.msgctxt, entry.msgid))
            if other is None or entry.translated():
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = dict(other.msgstr_plural)
            else:
                entry.msgstr = other.msgstr
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
        ours.save(path)
    print(f"filled {filled} entries from {branch}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
