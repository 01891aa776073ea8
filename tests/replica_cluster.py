"""A PostgreSQL streaming replica of a running server, made on this machine: a second cluster on a
free port, copied with `pg_basebackup -R` and streaming from its primary.

Shared by tests/core/test_replica.py and the bench's replica row (bench/replica.py), which both need a
real replica to read from and to stop in the middle of a load. Needs the PostgreSQL server binaries,
replication connections allowed from 127.0.0.1 (.ci/run adds the pg_hba line) and root (the cluster
is run as the postgres user through runuser) or the postgres user itself. No pytest and no Django
here: the caller decides what an unavailable replica means (a skipped test, a bench row not run).
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class ReplicaUnavailable(Exception):
    """This machine cannot make a replica (no binaries, no rights, pg_basebackup or start failed)."""


def pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(found[-1]) if found else (shutil.which(name) or name)


def as_postgres(*args, check=True) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *map(str, args)], capture_output=True, text=True, check=check)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ReplicaCluster:
    data: Path
    port: int

    def stop(self, mode: str = "immediate") -> None:
        """Stop the replica (`immediate`: as if its machine went away)."""
        as_postgres(pg_bin("pg_ctl"), "-D", self.data, "-m", mode, "stop", check=False)

    def start(self) -> None:
        as_postgres(pg_bin("pg_ctl"), "-D", self.data, "-l", self.data / "log", "-w", "-t", "180", "start")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.data, ignore_errors=True)

    def database_settings(self, primary: dict) -> dict:
        """Django's DATABASES entry for the replica, from the primary's."""
        return {
            **primary,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "CONN_MAX_AGE": 0,
            "OPTIONS": {**primary.get("OPTIONS", {}), "connect_timeout": 2},
        }

    def url(self, user: str, name: str) -> str:
        """A DATABASE_REPLICA_URL for a database of the replica."""
        return f"postgres://{user}@127.0.0.1:{self.port}/{name}?connect_timeout=2"


def replica_make(*, host: str, port: int | str, user: str, max_connections: int | str) -> ReplicaCluster:
    """Copy the server at host:port with pg_basebackup into a new cluster on a free port, start it
    streaming from it, and return it. Raises ReplicaUnavailable with the reason when it cannot.

    `max_connections` must be the primary's: a standby may not have fewer.
    """
    if os.geteuid() != 0 and os.environ.get("USER") != "postgres":
        raise ReplicaUnavailable("making a cluster needs root (runuser) or the postgres user")
    replica_port = free_port()
    data = Path(tempfile.mkdtemp(prefix="sharik-replica-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    data.chmod(0o700)
    backup = as_postgres(
        pg_bin("pg_basebackup"), "-h", host or "127.0.0.1", "-p", str(port or 5432), "-U", user or "postgres",
        "-D", data, "-R", "-X", "stream", "-c", "fast", "--no-sync", check=False,
    )  # fmt: skip
    if backup.returncode != 0:
        shutil.rmtree(data, ignore_errors=True)
        raise ReplicaUnavailable(f"pg_basebackup failed: {backup.stderr.strip()[:300]}")
    # Debian keeps the configuration outside the data folder: the copy gets a minimal one of its own.
    (data / "postgresql.conf").write_text(
        f"port = {replica_port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{data}'\n"
        f"hot_standby = on\nhot_standby_feedback = on\nmax_connections = {max_connections}\n"
        "shared_buffers = 32MB\nfsync = off\n"  # a throw-away copy: no need to wait for the disk
    )
    (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    if os.geteuid() == 0:
        for name in ("postgresql.conf", "pg_hba.conf"):
            shutil.chown(data / name, "postgres", "postgres")
    cluster = ReplicaCluster(data=data, port=replica_port)
    try:
        cluster.start()
    except subprocess.CalledProcessError as error:
        log = (data / "log").read_text()[-600:] if (data / "log").exists() else ""
        cluster.remove()
        raise ReplicaUnavailable(f"the replica did not start: {error.stdout[-200:]} {log}") from error
    return cluster


def replica_wait_until(query, condition_sql: str, *, timeout: float = 30, tolerate=()) -> bool:
    """Poll `query(sql)` (a function running SQL on the replica, returning the first row) until the
    condition holds; False after `timeout` seconds. Errors of the `tolerate` classes (a replica
    still starting refuses connections) count as "not yet"."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if query(condition_sql)[0]:
                return True
        except tolerate:
            pass
        time.sleep(0.05)
    return False
