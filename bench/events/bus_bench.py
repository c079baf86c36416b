#!/usr/bin/env python3
"""Event bus benchmark (docs/PERFORMANCE.md has the results and how to read them).

1. PutEvents ingestion: wrk replays one signed PutEvents request of 10 entries over keep-alive
   connections, with 100 and with 10,000 rules on the bus (each rule an exact pattern on
   detail-type with one log-group target; every event matches one rule). Reported: PutEvents
   requests/s, events/s, p50/p99, and how long the bus then needs to route and deliver the
   backlog (the end-to-end delivery rate).
2. Latency from PutEvents to delivery, at a low steady rate (no backlog): each event's send time
   against the time its target got it.
3. (with --http-sink) Deliveries/s to a local HTTP sink (nginx answering 200) through API
   destinations, and the PutEvents → HTTP arrival latency.

usage: bench/events/bus_bench.py [--rules 100 10000] [--duration 10] [--connections 16]
Needs a release build (cmake --preset release && cmake --build --preset release), wrk, nginx.
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "bench/http"))
sys.path.insert(0, os.path.join(REPO, "tests/integration"))
import harness  # noqa: E402
from http_bench import KEY_ID, SECRET, presigned_lua, start_certflow, wrk  # noqa: E402

LOG_GROUP = "arn:aws:logs:us-east-1:000000000000:log-group:/bench/events"


def client(port, service):
    import boto3
    from botocore.config import Config
    return boto3.client(service, endpoint_url="http://127.0.0.1:%d" % port, region_name="us-east-1",
                        aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET,
                        config=Config(retries={"max_attempts": 1}, max_pool_connections=4))


class Native:
    """certflow's native API (metrics, log records) through harness.certflow_api."""

    def __init__(self, port):
        self.daemon = type("D", (), {"endpoint": "http://127.0.0.1:%d" % port, "port": port})()

    def call(self, operation, body=None):
        saved = harness.ADMIN_ID, harness.ADMIN_SECRET
        harness.ADMIN_ID, harness.ADMIN_SECRET = KEY_ID, SECRET
        try:
            status, answer = harness.certflow_api(self.daemon, operation, body)
        finally:
            harness.ADMIN_ID, harness.ADMIN_SECRET = saved
        if status != 200:
            raise RuntimeError("%s: %s" % (operation, answer))
        return answer

    def metric_total(self, name):
        return sum(m["Value"] for m in self.call("GetMetrics")["Metrics"] if m["MetricName"] == name)

    def log_times(self):
        """event id → time (ms) the log target wrote it, for every record."""
        times, after = {}, 0
        while True:
            page = self.call("ListLogRecords", {"LogGroup": "/bench/events", "AfterSequence": after})
            if not page["Records"]:
                return times
            for record in page["Records"]:
                times.setdefault(record["EventId"], record["TimeMillis"])
            after = page["LastSequence"]


def make_rules(events, count, target_for):
    for i in range(count):
        name = "r%05d" % i
        events.put_rule(Name=name, EventPattern=json.dumps({"source": ["bench"], "detail-type": ["t%d" % i]}))
        events.put_targets(Rule=name, Targets=target_for(i))


def entries_body(count, detail_type="t7"):
    return json.dumps({"Entries": [{"Source": "bench", "DetailType": detail_type,
                                    "Detail": json.dumps({"n": i, "pad": "x" * 200})}
                                   for i in range(count)]})


def wait_total(native, metric, expected, timeout=600):
    start = time.monotonic()
    while native.metric_total(metric) < expected:
        if time.monotonic() - start > timeout:
            raise RuntimeError("%s stayed below %d" % (metric, expected))
        time.sleep(0.05)
    return time.monotonic() - start


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def ingestion(workdir, rules, args):
    data = os.path.join(workdir, "ingest-%d" % rules)
    port = harness.free_port()
    proc = start_certflow(data, port)
    try:
        events = client(port, "events")
        start = time.monotonic()
        make_rules(events, rules, lambda i: [{"Id": "log", "Arn": LOG_GROUP}])
        setup = time.monotonic() - start
        script = presigned_lua(workdir, "put-events-%d" % rules, port, "PutEvents", entries_body(10),
                               target_prefix="AWSEvents", service="events")
        started = time.monotonic()
        rps, p50, p99 = wrk("http://127.0.0.1:%d/" % port, args.duration, args.connections, script)
        native = Native(port)
        sent = native.metric_total("MatchedEvents")  # routed so far
        # wrk's request count is rps × duration only roughly; the outbox knows exactly.
        accepted_events = len_outbox(native)
        drain = wait_total(native, "Invocations", accepted_events)
        total = time.monotonic() - started
        return {"rules": rules, "setup_s": setup, "rps": rps, "events_per_s": rps * 10, "p50": p50,
                "p99": p99, "accepted": accepted_events, "routed_during_load": sent,
                "drain_s": drain, "end_to_end_per_s": accepted_events / total}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait()


def len_outbox(native):
    count, token = 0, None
    while True:
        body = {"MaxResults": 1000}
        if token:
            body["NextToken"] = token
        page = native.call("ListEvents", body)
        count += len(page["Events"])
        token = page.get("NextToken")
        if not token:
            return count


def latency(workdir, args):
    data = os.path.join(workdir, "latency")
    port = harness.free_port()
    proc = start_certflow(data, port)
    try:
        events = client(port, "events")
        make_rules(events, 100, lambda i: [{"Id": "log", "Arn": LOG_GROUP}])
        sent = {}
        interval = 1.0 / args.latency_rate
        deadline = time.monotonic() + args.duration
        while time.monotonic() < deadline:
            t0 = time.time()
            answer = events.put_events(Entries=[{"Source": "bench", "DetailType": "t7", "Detail": "{}"}])
            sent[answer["Entries"][0]["EventId"]] = t0
            time.sleep(max(0.0, interval - (time.time() - t0)))
        native = Native(port)
        wait_total(native, "Invocations", len(sent))
        times = native.log_times()
        lat = [times[event_id] / 1000.0 - t0 for event_id, t0 in sent.items()]
        return {"events": len(sent), "p50_ms": percentile(lat, 50) * 1000,
                "p99_ms": percentile(lat, 99) * 1000, "mean_ms": statistics.mean(lat) * 1000}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rules", type=int, nargs="+", default=[100, 10000])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--latency-rate", type=float, default=50.0)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="certflow-bus-bench-")
    try:
        print("| rules | PutEvents req/s | events/s | p50 | p99 | accepted | routed during load | "
              "backlog drained in | end-to-end deliveries/s | rule setup |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for rules in args.rules:
            r = ingestion(workdir, rules, args)
            print("| {rules:,} | {rps:,.0f} | {events_per_s:,.0f} | {p50} | {p99} | {accepted:,} | "
                  "{routed_during_load:,} | {drain_s:.1f} s | {end_to_end_per_s:,.0f} | {setup_s:.1f} s |"
                  .format(**r), flush=True)
        r = latency(workdir, args)
        print("\nPutEvents → log target delivery at %.0f events/s: p50 %.1f ms, p99 %.1f ms, mean %.1f ms "
              "(%d events)" % (args.latency_rate, r["p50_ms"], r["p99_ms"], r["mean_ms"], r["events"]))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
