"""`manage.py restore FILE`: pg_restore on PostgreSQL, migrate + loaddata elsewhere."""

import shutil
import subprocess  # noqa: S404 - pg_restore, with arguments from our own settings
import tempfile
from pathlib import Path

from django.core.management import BaseCommand, call_command
from django.db import connection

from .backup import pg_env_and_args


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into the (empty) database."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        if connection.vendor == "postgresql":
            env, conn = pg_env_and_args()
            connection.close()
            subprocess.run(  # noqa: S603, S607
                [
                    shutil.which("pg_restore") or "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    *conn,
                    "-d",
                    connection.settings_dict["NAME"],
                    path,
                ],
                env=env,
                check=True,
            )
        else:
            call_command("migrate", verbosity=0)
            with tempfile.TemporaryDirectory() as tmp:  # loaddata knows the format by the file's suffix
                fixture = Path(tmp) / "backup.json"
                shutil.copyfile(path, fixture)
                call_command("loaddata", str(fixture), verbosity=0)
        self.stdout.write(f"restored {path}")
