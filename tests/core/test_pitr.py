"""Point-in-time recovery, as the runbook does it (docs/operations.md, "Restore to a moment").

A throw-away PostgreSQL cluster on a free port archives its WAL (archive_mode=on, archive_command
copying each segment into an archive folder); a base backup is taken; rows are written, the time is
noted, more rows are written and archived; then the base backup is restored with
recovery_target_time set to the noted time. The restored cluster holds exactly the rows written
before that moment. Needs the PostgreSQL server binaries (skipped without them) and no Django database.
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest

from tests.replica_cluster import free_port


def _bin(name: str) -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if found:
        return found[-1]
    which = shutil.which(name)
    return Path(which) if which else None


NEEDED = ("initdb", "pg_ctl", "pg_basebackup", "postgres")
pytestmark = pytest.mark.skipif(
    any(_bin(name) is None for name in NEEDED) or (os.geteuid() == 0 and shutil.which("runuser") is None),
    reason="PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) are not installed",
)


def _run(*args, check=True):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    result = subprocess.run([*prefix, *map(str, args)], capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"{args[0]} failed: {result.stdout[-400:]} {result.stderr[-400:]}")
    return result


def _connect(port: int):
    deadline = time.monotonic() + 30
    while True:
        try:
            connection = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
            connection.autocommit = True
            return connection
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _query(port: int, sql: str, params=()):
    with _connect(port) as connection, connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall() if cursor.description else None
    connection.close()
    return rows


def _config(folder: Path, port: int, extra: str) -> None:
    with (folder / "postgresql.conf").open("a") as conf:
        conf.write(
            f"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{folder}'\n"
            "shared_buffers = 16MB\nmax_connections = 10\nfsync = off\n" + extra
        )


@pytest.fixture
def workspace():
    root = Path(tempfile.mkdtemp(prefix="sharik-pitr-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    root.chmod(0o700)
    started = []
    yield root, started
    for data in started:
        _run(_bin("pg_ctl"), "-D", data, "-m", "immediate", "stop", check=False)
    shutil.rmtree(root, ignore_errors=True)


def _start(data: Path, started: list) -> None:
    started.append(data)
    result = _run(_bin("pg_ctl"), "-D", data, "-l", data / "log", "-w", "-t", "60", "start", check=False)
    if result.returncode != 0:
        log = (data / "log").read_text()[-800:] if (data / "log").exists() else ""
        raise AssertionError(f"PostgreSQL did not start: {result.stderr[-300:]} {log}")


def test_restore_to_a_noted_time_finds_exactly_the_writes_before_it(workspace):
    root, started = workspace
    primary, archive, restored = root / "primary", root / "wal-archive", root / "restored"
    _run("mkdir", "-p", archive)
    _run(_bin("initdb"), "-D", primary, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    port = free_port()
    # The runbook's settings: every finished WAL segment copied to the archive, never overwritten.
    _config(
        primary,
        port,
        "wal_level = replica\narchive_mode = on\n"
        f"archive_command = 'test ! -f {archive}/%f && cp %p {archive}/%f'\nmax_wal_senders = 3\n",
    )
    _start(primary, started)
    _query(port, "CREATE TABLE vote (id serial PRIMARY KEY, label text NOT NULL)")
    _query(port, "INSERT INTO vote (label) VALUES ('before the backup')")

    # The nightly base backup (docs/operations.md), taken while the portal runs.
    _run(_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-D", root / "base",
         "-X", "stream", "-c", "fast", "--no-sync")  # fmt: skip

    for i in range(3):
        _query(port, "INSERT INTO vote (label) VALUES (%s)", (f"first {i}",))
    noted = _query(port, "SELECT clock_timestamp()")[0][0]  # "the mistake happened after this"
    time.sleep(0.5)
    for i in range(2):
        _query(port, "INSERT INTO vote (label) VALUES (%s)", (f"later {i}",))
    _query(port, "DELETE FROM vote WHERE label = 'first 0'")  # the kind of mistake one restores for
    # Close the current WAL segment so the later writes are in the archive too: a restore that ignored
    # the target time would find them (this is what makes the test able to fail).
    segment = _query(port, "SELECT pg_walfile_name(pg_current_wal_lsn())")[0][0]
    _query(port, "SELECT pg_switch_wal()")
    deadline = time.monotonic() + 30
    while not (archive / segment).exists():
        assert time.monotonic() < deadline, "the WAL segment with the later writes was not archived"
        time.sleep(0.1)
    _run(_bin("pg_ctl"), "-D", primary, "-m", "fast", "stop")
    started.remove(primary)

    # The restore: the base backup, WAL from the archive, stop at the noted time, then open for writes.
    _run("cp", "-a", root / "base", restored)
    restored_port = free_port()
    _config(
        restored,
        restored_port,
        f"restore_command = 'cp {archive}/%f %p'\n"
        f"recovery_target_time = '{noted.isoformat()}'\nrecovery_target_action = 'promote'\n",
    )
    _run("touch", restored / "recovery.signal")
    _start(restored, started)
    deadline = time.monotonic() + 60
    while _query(restored_port, "SELECT pg_is_in_recovery()")[0][0]:
        assert time.monotonic() < deadline, "recovery did not finish"
        time.sleep(0.2)

    labels = [row[0] for row in _query(restored_port, "SELECT label FROM vote ORDER BY id")]
    assert labels == ["before the backup", "first 0", "first 1", "first 2"]
    log = (restored / "log").read_text()
    assert "recovery stopping before commit" in log
    # the restored cluster takes writes again (promoted), on a new timeline
    _query(restored_port, "INSERT INTO vote (label) VALUES ('after the restore')")
