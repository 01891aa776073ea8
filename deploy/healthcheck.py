"""Container health checks, without loading Django: `python deploy/healthcheck.py web|worker|beat`.

- web: /healthz answers 200 (database and cache reachable) on the container's own port.
- worker: the Celery worker of this container answers a ping over the broker.
- beat: the schedule file was written recently (beat writes it at least every few minutes while it
  sends the five-minute jobs), so a hung beat is restarted.
Exit 0 when healthy, 1 otherwise (Docker's HEALTHCHECK convention).
"""

import glob
import os
import socket
import subprocess  # noqa: S404 - runs celery, our own command
import sys
import time
import urllib.request

BEAT_SCHEDULE = os.environ.get("CELERY_BEAT_SCHEDULE_FILE", "/app/var/beat/celerybeat-schedule")
BEAT_MAX_AGE_SECONDS = int(os.environ.get("BEAT_MAX_AGE_SECONDS", "900"))


def web() -> bool:
    port = os.environ.get("PORT", "8000")
    # The Host header must be one of ALLOWED_HOSTS; the first one is the site's own name.
    host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost"
    request = urllib.request.Request(  # noqa: S310 - a fixed http://127.0.0.1 address
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": host, "X-Forwarded-Proto": "https"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return response.status == 200


def worker() -> bool:
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "sharik",
            "inspect",
            "ping",
            "--timeout",
            "10",
            "-d",
            f"celery@{socket.gethostname()}",
        ],
        capture_output=True,
        timeout=30,
        check=False,
    )
    return result.returncode == 0


def beat() -> bool:
    files = glob.glob(BEAT_SCHEDULE + "*")
    return bool(files) and time.time() - max(os.path.getmtime(f) for f in files) < BEAT_MAX_AGE_SECONDS


CHECKS = {"web": web, "worker": worker, "beat": beat}

if __name__ == "__main__":
    try:
        healthy = CHECKS[sys.argv[1]]()
    except Exception as exc:  # noqa: BLE001 - any failure is "unhealthy", said on stderr
        print(f"unhealthy: {exc}", file=sys.stderr)
        healthy = False
    sys.exit(0 if healthy else 1)
