#!/usr/bin/env python3
"""Lifecycle engine benchmark (docs/PERFORMANCE.md, "Lifecycle engine"): seeds a SQLite store
once per size, then measures the 90-day forecast, the first daily evaluation and the next day's
evaluation, each in a fresh process so each peak RSS is that phase's alone, and shows SQLite's
plan for the engine's range query. Builds nothing: needs the release build
(cmake --preset release && cmake --build build/release -j2 --target certflow_lifecycle_bench).

usage: bench/lifecycle/lifecycle_bench.py [--certs 1000000 [100000 ...]] [--in-window 5]
           [--data-dir build/release/lifecycle-bench] [--log-level info] [--runs 1] [--cold]
           [--json]
The data directory keeps one seeded store per size (certflow.db and seed.json), reused by later
runs; the engine's log (one line per event at info, as the daemon logs) goes to
<data-dir>/<size>/engine.log. --cold evicts the database file from the OS page cache
(posix_fadvise DONTNEED on that file only) before each measuring process.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(REPO, "build/release/bench/lifecycle/certflow_lifecycle_bench")
DAY_MS = 86400000
PHASES = ("day1", "day2", "forecast")

# The engine's read (src/store/sqlite/lifecycle_queries.cc, select_issued_expiring) with the
# bounds of the first evaluation's window, (now, now + 45 days], or the renewal pass's 60 days.
RANGE_QUERY = (
    "SELECT arn, type, status, domain_name, key_algorithm, key_usages, extended_key_usages, "
    "export_option, in_use, exported, not_before_ms, not_after_ms, created_at_ms, "
    "imported_at_ms, issued_at_ms, version, details_json, renewal_status, "
    "renewal_status_reason, renewal_updated_at_ms, renewal_attempt_days "
    "FROM certificates INDEXED BY certificates_by_expiry WHERE status = 'ISSUED' AND "
    "not_after_ms > {lo} AND not_after_ms <= {hi} AND (not_after_ms, arn) > ({lo}, '') "
    "{managed}ORDER BY not_after_ms, arn LIMIT 2000")


def bench(args, data, size, extra):
    cmd = [BENCH, "--dir", data, "--certs", str(size), "--in-window", str(args.in_window),
           "--log-level", args.log_level, "--json"] + extra
    with open(os.path.join(data, "engine.log"), "a") as log:
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=log).stdout
    return json.loads(out.decode().strip().splitlines()[-1])


def evict(db):
    for path in (db, db + "-wal"):
        if os.path.exists(path):
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def sql(db, text):
    return subprocess.run(["sqlite3", "-readonly", db, text], check=True,
                          stdout=subprocess.PIPE).stdout.decode().strip()


def query_plans(db, now_ms):
    plans = {}
    for name, days, managed in (("window", 45, ""), ("renewals", 60, "AND type != 'IMPORTED' ")):
        text = RANGE_QUERY.format(lo=now_ms, hi=now_ms + days * DAY_MS, managed=managed)
        plans[name] = sql(db, "EXPLAIN QUERY PLAN " + text)
        # As SQLite plans it on its own: the index must be its choice, not only the hint's.
        plans[name + "_unhinted"] = sql(
            db, "EXPLAIN QUERY PLAN " + text.replace("INDEXED BY certificates_by_expiry ", ""))
    return plans


def measure_size(args, size):
    data = os.path.join(args.data_dir, str(size))
    os.makedirs(data, exist_ok=True)
    db = os.path.join(data, "certflow.db")
    # Seeds if needed, and goes back to the seeded state (no events, nothing evaluated yet).
    seed = bench(args, data, size, ["--seed-only", "--reset"])["seed"]
    now_ms = seed["evaluation_ms"]
    counts = sql(db, "SELECT count(*) FROM certificates; SELECT count(*) FROM certificates "
                     "WHERE status = 'ISSUED' AND not_after_ms > %d AND not_after_ms <= %d;"
                 % (now_ms, now_ms + 45 * DAY_MS)).split()
    entry = {"certs": size, "dir": data, "seed": seed, "db_bytes": os.path.getsize(db),
             "total_sql": int(counts[0]), "in_window_sql": int(counts[1]),
             "plans": query_plans(db, now_ms), "runs": []}
    for i in range(args.runs):
        run = {}
        if i > 0:
            bench(args, data, size, ["--seed-only", "--reset"])
        for phase in ("forecast", "day1", "day2"):
            if args.cold:
                evict(db)
            run[phase] = bench(args, data, size, ["--phase", phase])["phases"][0]
        entry["runs"].append(run)
    return entry


def print_entry(entry):
    print("== %d certificates, %d in the 45-day window (SQL count), database %.2f GB, %s" % (
        entry["certs"], entry["in_window_sql"], entry["db_bytes"] / 1e9, entry["dir"]))
    print("%-9s %8s %7s %9s %9s %8s %8s %8s %9s %9s %10s %10s" % (
        "phase", "wall s", "CPU s", "rows read", "events", "read s", "append s", "commit s",
        "io r MiB", "io w MiB", "peak delta", "proc peak"))
    for run in entry["runs"]:
        for phase in PHASES:
            p = run[phase]
            s = p["store"]
            r = p["result"]
            print("%-9s %8.3f %7.3f %9d %9d %8.3f %8.3f %8.3f %9.0f %9.0f %6.1f MiB %6.1f MiB" % (
                phase, p["seconds"], p["cpu_user_seconds"] + p["cpu_system_seconds"],
                s["list_issued_expiring"]["rows"], r.get("events", r.get("total_entries", 0)),
                s["list_issued_expiring"]["seconds"], s["append_event"]["seconds"],
                s["commit"]["seconds"], p["io"]["read_mib"], p["io"]["write_mib"],
                p["peak_rss_delta_mib"], p["process_maxrss_mib"]))
    if len(entry["runs"]) > 1:
        for phase in PHASES:
            walls = [run[phase]["seconds"] for run in entry["runs"]]
            print("%-9s wall median %.3f s, min %.3f s, max %.3f s over %d runs" % (
                phase, statistics.median(walls), min(walls), max(walls), len(walls)))
    last = entry["runs"][-1]
    print("day1 report:     %s" % json.dumps(last["day1"]["result"]))
    print("day2 report:     %s" % json.dumps(last["day2"]["result"]))
    print("forecast report: %s" % json.dumps(last["forecast"]["result"]))
    for name, plan in entry["plans"].items():
        print("query plan, %s:\n  %s" % (name, plan.replace("\n", "\n  ")))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--certs", type=int, nargs="+", default=[1000000])
    parser.add_argument("--in-window", type=float, default=5)
    parser.add_argument("--data-dir", default=os.path.join(REPO, "build/release/lifecycle-bench"))
    parser.add_argument("--log-level", default="info")
    parser.add_argument("--runs", type=int, default=1, help="measurements per size")
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(BENCH):
        sys.exit("build it first: cmake --build build/release -j2 --target "
                 "certflow_lifecycle_bench")
    results = [measure_size(args, size) for size in args.certs]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for entry in results:
        print_entry(entry)


if __name__ == "__main__":
    main()
