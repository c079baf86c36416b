#!/usr/bin/env python3
"""Certificate issuance benchmark (docs/PERFORMANCE.md, "Certificate issuance"): runs
certflow_issue_bench (Google Benchmark) and `openssl speed -seconds 3 -elapsed ecdsap256
rsa2048` in the same run, and prints certificates issued per second beside OpenSSL's raw
signatures per second for the same algorithm: the machine's signing limit, since every
certificate costs at least one signature. Builds nothing: needs the release build
(cmake --preset release && cmake --build build/release -j2 --target certflow_issue_bench).

usage: bench/pki/issue_bench.py [path/to/certflow_issue_bench] [--seconds 3] [--json]

Rows: "issue" generates the key, builds and checks the CSR and signs (RequestCertificate for a
private certificate); "sign only" signs a CSR prepared once (IssueCertificate). Both are one
thread, as `openssl speed` is without -multi.
"""
import argparse
import json
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(REPO, "build/release/bench/pki/certflow_issue_bench")

# (benchmark name prefix, algorithm label, path label, openssl speed key)
ROWS = (
    ("issue/ec_p256", "EC P-256, SHA256WITHECDSA", "issue (key + CSR + sign)", "ecdsap256"),
    ("sign_only/ec_p256", "EC P-256, SHA256WITHECDSA", "sign only", "ecdsap256"),
    ("issue/rsa_2048", "RSA-2048, SHA256WITHRSA", "issue (key + CSR + sign)", "rsa2048"),
    ("sign_only/rsa_2048", "RSA-2048, SHA256WITHRSA", "sign only", "rsa2048"),
)

# OpenSSL 3.0 prints "rsa 2048 bits 0.000667s 0.000019s 1499.3 52165.5" and
# " 256 bits ecdsa (nistp256)   0.0000s   0.0001s  41000.3  13990.1" (sign/s is the third
# number); later versions add columns after verify/s, which the patterns ignore.
SPEED_PATTERNS = {
    "rsa2048": re.compile(r"^rsa\s+2048 bits\s+\S+s\s+\S+s\s+([\d.]+)\s+([\d.]+)", re.M),
    "ecdsap256": re.compile(r"^\s*256 bits ecdsa \(nistp256\)\s+\S+s\s+\S+s\s+([\d.]+)\s+([\d.]+)",
                            re.M),
}


def run_benchmark(binary):
    out = subprocess.run([binary, "--benchmark_format=json"], check=True,
                         stdout=subprocess.PIPE).stdout
    data = json.loads(out)
    rates = {}
    for bench in data["benchmarks"]:
        unit = unit_ms(bench["time_unit"])
        rates[bench["name"]] = {"issued_per_s": bench["issued_per_s"],
                                "ms_per_cert": bench["real_time"] * unit,
                                "cpu_ms_per_cert": bench["cpu_time"] * unit}
    return rates, data.get("context", {})


def unit_ms(unit):
    return {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1000.0}[unit]


def run_speed(seconds):
    out = subprocess.run(["openssl", "speed", "-seconds", str(seconds), "-elapsed", "ecdsap256",
                          "rsa2048"], check=True, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT).stdout.decode()
    speed = {}
    for key, pattern in SPEED_PATTERNS.items():
        match = pattern.search(out)
        if not match:
            sys.exit("cannot find the %s line in openssl speed's output:\n%s" % (key, out))
        speed[key] = {"sign_per_s": float(match.group(1)), "verify_per_s": float(match.group(2))}
    return speed


def find(rates, prefix):
    for name, rate in rates.items():
        if name == prefix or name.startswith(prefix + "/"):
            return rate
    sys.exit("the benchmark binary reported no %s" % prefix)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench", nargs="?", default=BENCH, help="certflow_issue_bench binary")
    parser.add_argument("--seconds", type=int, default=3, help="openssl speed -seconds")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON too")
    args = parser.parse_args()
    if not os.access(args.bench, os.X_OK):
        sys.exit("no benchmark binary at %s; build the target certflow_issue_bench" % args.bench)

    load_before = os.getloadavg()[0]
    rates, context = run_benchmark(args.bench)
    speed = run_speed(args.seconds)
    version = subprocess.run(["openssl", "version"], stdout=subprocess.PIPE).stdout.decode().strip()

    rows = []
    for prefix, algorithm, path, key in ROWS:
        rate = find(rates, prefix)
        limit = speed[key]["sign_per_s"]
        rows.append({"algorithm": algorithm, "path": path, "issued_per_s": rate["issued_per_s"],
                     "ms_per_cert": rate["ms_per_cert"],
                     "cpu_ms_per_cert": rate["cpu_ms_per_cert"], "openssl_sign_per_s": limit,
                     "ratio": rate["issued_per_s"] / limit})

    print("Certificate issuance, one thread (%s; %s CPUs, load %.2f before the run; %s)\n" %
          (version, context.get("num_cpus", "?"), load_before, args.bench))
    print("| Algorithm | Path | Issued/s | ms per certificate (CPU ms) | openssl speed sign/s | "
          "Issued / signs |")
    print("|---|---|---:|---:|---:|---:|")
    for row in rows:
        print("| %s | %s | %.0f | %.3f (%.3f) | %.0f | %.1f%% |" % (
            row["algorithm"], row["path"], row["issued_per_s"], row["ms_per_cert"],
            row["cpu_ms_per_cert"], row["openssl_sign_per_s"], 100.0 * row["ratio"]))
    if args.json:
        print(json.dumps({"rows": rows, "openssl_speed": speed, "openssl": version}))


if __name__ == "__main__":
    main()
