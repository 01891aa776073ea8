"""Where one request's time goes, in-process: `python bench/profile_request.py PATH [N] [--signed-in]
[--dump=FILE]`.

Run on the bench's database after `make bench` (DATABASE_URL and REDIS_URL as bench/run.py sets
them; DJANGO_SETTINGS_MODULE=sharik.settings.base). Sends N (default 50) warm requests for PATH
through Django's test client (the whole middleware stack, no network, no server), signed in as
the bench's first voter with --signed-in, under cProfile, and prints the CPU per request, the
queries per request, and the functions that cost the most (cumulative and own time, per request).
The figures of docs/performance.md ("The three misses, and why") come from it.
"""

import cProfile
import io
import os
import pstats
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings.base")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from sharik.accounts.models import User  # noqa: E402


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    path, n = args[0], int(args[1]) if len(args) > 1 else 50
    settings.ALLOWED_HOSTS = ["*"]
    client = Client(HTTP_ACCEPT_LANGUAGE="ar")
    if "--signed-in" in sys.argv:
        client.force_login(User.objects.filter(email__endswith="@bench.example").order_by("pk").first())
    for _ in range(5):  # warm: imports, template compilation, the caches
        assert client.get(path).status_code == 200
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        client.get(path)
    profile = cProfile.Profile()
    started, cpu = time.perf_counter(), time.process_time()
    profile.enable()
    for _ in range(n):
        client.get(path)
    profile.disable()
    dump = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--dump=")), None)
    if dump:  # for pstats: python -m pstats FILE
        profile.dump_stats(dump)
    wall, cpu = (time.perf_counter() - started) / n * 1000, (time.process_time() - cpu) / n * 1000
    print(
        f"{path}: {wall:.1f} ms wall, {cpu:.1f} ms CPU per request (with the profiler's overhead), ", end=""
    )
    print(f"{len(queries)} queries")
    for sort in ("cumulative", "tottime"):
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats(sort).print_stats(25)
        print(f"--- by {sort} (totals are for {n} requests) ---")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


if __name__ == "__main__":
    main()
