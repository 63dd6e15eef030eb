"""Cost of one named lock (take + release) on one machine (flock) and across machines (Redis).

    .venv/bin/python bench/locks_bench.py [--redis redis://127.0.0.1:6379/4] [--count 5000]

The publisher takes one lock per page it writes, so this is the lock's share of a rebuild. Prints the
mean microseconds per take + release for each backend and the page count at which the locks add one
second; writes nothing. Redis is skipped when it cannot be reached.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from django.conf import settings


def measure(count: int) -> float:
    from gongkai.core.locks import named_lock

    names = [f"publish:b/bench/{i}/index.html" for i in range(count)]
    started = time.perf_counter()
    for name in names:
        with named_lock(name):
            pass
    return (time.perf_counter() - started) / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--count", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        settings.configure(REDIS_URL="", VAR_DIR=var_dir)
        results = {"flock (one machine)": measure(args.count)}
        import redis

        try:
            redis.Redis.from_url(args.redis, socket_connect_timeout=0.5).ping()
            settings.REDIS_URL = args.redis
            results["Redis (several machines)"] = measure(args.count)
        except redis.exceptions.ConnectionError:
            print(f"Redis at {args.redis} not reachable: skipped")
    for label, micros in results.items():
        print(f"{label:28} {micros:8.1f} µs per take + release; 1 s per {1e6 / micros:,.0f} pages")


if __name__ == "__main__":
    main()
