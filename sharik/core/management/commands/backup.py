"""`manage.py backup FILE`: pg_dump (custom format) on PostgreSQL, dumpdata (JSON) elsewhere."""

import os
import shutil
import subprocess  # noqa: S404 - pg_dump, with arguments from our own settings

from django.core.management import BaseCommand, call_command
from django.db import connection

# Rows Django re-creates itself after migrate (or that hold nothing worth keeping).
DUMPDATA_EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def pg_env_and_args():
    s = connection.settings_dict
    env = dict(os.environ, PGPASSWORD=s.get("PASSWORD") or "")
    args = [
        "-h",
        s.get("HOST") or "127.0.0.1",
        "-p",
        str(s.get("PORT") or 5432),
        "-U",
        s.get("USER") or "postgres",
    ]
    return env, args


class Command(BaseCommand):
    help = "Write a backup of the database to FILE."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        if connection.vendor == "postgresql":
            env, conn = pg_env_and_args()
            subprocess.run(  # noqa: S603, S607
                [
                    shutil.which("pg_dump") or "pg_dump",
                    "-Fc",
                    "--no-owner",
                    *conn,
                    "-f",
                    path,
                    connection.settings_dict["NAME"],
                ],
                env=env,
                check=True,
            )
        else:
            call_command(
                "dumpdata",
                "--natural-foreign",
                "--natural-primary",
                *[f"--exclude={label}" for label in DUMPDATA_EXCLUDE],
                output=path,
            )
        self.stdout.write(f"backup written to {path}")
