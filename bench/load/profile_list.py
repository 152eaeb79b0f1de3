"""cProfile of one list endpoint end to end (middleware, auth, view, SQL, validation, rendering).

    cd backend && source ../bench/load/env.sh && \\
        uv run --frozen python ../bench/load/profile_list.py /api/orgs --who city [--n 200] [--sort tottime]

Signed in as the bench's city administrator (`bench_city`) or 红旗区 officer (`bench_county_410702`), it
warms the endpoint up, then profiles N requests with Django's test client and prints the CPU time per
request and the top functions. Use it to see what the fixed per-request cost of a list is made of.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2] / "backend"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--who", choices=("city", "county"), default="city")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=45)
    args = parser.parse_args()
    sys.path.insert(0, str(BACKEND))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from smedt.accounts.models import User

    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username="bench_city" if args.who == "city" else "bench_county_410702"))
    for _ in range(5):
        res = client.get(args.path)
        assert res.status_code == 200, res.content[:300]
    started = time.process_time()
    profile = cProfile.Profile(time.process_time)  # CPU time: waiting for PostgreSQL is not ours
    profile.enable()
    for _ in range(args.n):
        client.get(args.path)
    profile.disable()
    cpu = (time.process_time() - started) * 1000 / args.n
    load = os.getloadavg()
    print(f"{args.who} {args.path}: {cpu:.2f} ms CPU per request under the profiler; load average {load[0]:.2f}")
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
