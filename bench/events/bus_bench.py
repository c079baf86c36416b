#!/usr/bin/env python3
"""Event bus benchmark (docs/PERFORMANCE.md has the results and how to read them).

1. PutEvents ingestion: wrk replays one signed PutEvents request of 10 entries over keep-alive
   connections, with 100 and with 10,000 rules on the bus (each rule an exact pattern on
   detail-type with one log-group target; every event matches one rule). Reported: PutEvents
   requests/s, events/s, p50/p99, and how long the bus then needs to route and deliver the
   backlog (the end-to-end delivery rate).
2. Latency from PutEvents to delivery, at a low steady rate (no backlog): each event's send time
   against the time its target got it.
3. Deliveries/s to a local HTTP sink (nginx answering 200) through API destinations, and the
   PutEvents → HTTP arrival latency (a Python sink noting arrival times, at a low rate).

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
from http_bench import KEY_ID, SECRET, presigned_lua, run_nginx, start_certflow, wrk  # noqa: E402

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
        # wrk's request count is rps × duration only roughly; the outbox knows exactly (read
        # straight from the database, which WAL lets a reader do while the daemon writes).
        accepted_events = outbox_count(data)
        drain = wait_total(native, "Invocations", accepted_events)
        total = time.monotonic() - started
        return {"rules": rules, "setup_s": setup, "rps": rps, "events_per_s": rps * 10, "p50": p50,
                "p99": p99, "accepted": accepted_events, "routed_during_load": sent,
                "drain_s": drain, "end_to_end_per_s": accepted_events / total}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait()


def outbox_count(data_dir):
    import sqlite3
    db = sqlite3.connect("file:%s?mode=ro" % os.path.join(data_dir, "certflow.db"), uri=True,
                         timeout=30)
    try:
        return db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    finally:
        db.close()


def steady_puts(events, detail_type, args):
    """One event per PutEvents at args.latency_rate for args.duration: event id → send time."""
    sent = {}
    interval = 1.0 / args.latency_rate
    deadline = time.monotonic() + args.duration
    while time.monotonic() < deadline:
        t0 = time.time()
        answer = events.put_events(Entries=[{"Source": "bench", "DetailType": detail_type, "Detail": "{}"}])
        sent[answer["Entries"][0]["EventId"]] = t0
        time.sleep(max(0.0, interval - (time.time() - t0)))
    return sent


def latency(workdir, args):
    data = os.path.join(workdir, "latency")
    port = harness.free_port()
    proc = start_certflow(data, port)
    try:
        events = client(port, "events")
        make_rules(events, 100, lambda i: [{"Id": "log", "Arn": LOG_GROUP}])
        sent = steady_puts(events, "t7", args)
        native = Native(port)
        wait_total(native, "Invocations", len(sent))
        times = native.log_times()
        lat = [times[event_id] / 1000.0 - t0 for event_id, t0 in sent.items()]
        return {"events": len(sent), "p50_ms": percentile(lat, 50) * 1000,
                "p99_ms": percentile(lat, 99) * 1000, "mean_ms": statistics.mean(lat) * 1000}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait()


def start_nginx_sink(workdir, port):
    """nginx answering 200 to every POST: the HTTP sink for the deliveries/s run."""
    return run_nginx(workdir, "sink", port, "location / { return 200 'ok'; }",
                     worker_connections=4096)


def api_destinations(events, count, endpoint):
    connection = events.create_connection(
        Name="sink", AuthorizationType="API_KEY",
        AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "bench"}})
    return [events.create_api_destination(
        Name="sink-%02d" % i, ConnectionArn=connection["ConnectionArn"], InvocationEndpoint=endpoint,
        HttpMethod="POST", InvocationRateLimitPerSecond=300)["ApiDestinationArn"] for i in range(count)]


def http_deliveries(workdir, args):
    """Deliveries/s to nginx through API destinations: 4 rules × 5 destinations (EventBridge
    allows at most 300 invocations/s per destination, so 20 of them allow 6,000/s)."""
    data = os.path.join(workdir, "http")
    port, sink_port = harness.free_port(), harness.free_port()
    sink = start_nginx_sink(workdir, sink_port)
    proc = start_certflow(data, port)
    try:
        events = client(port, "events")
        arns = api_destinations(events, 20, "http://127.0.0.1:%d/hook" % sink_port)
        for r in range(4):
            events.put_rule(Name="http%d" % r, EventPattern=json.dumps({"source": ["bench"]}))
            events.put_targets(Rule="http%d" % r, Targets=[
                {"Id": "d%d" % i, "Arn": arn} for i, arn in enumerate(arns[r * 5:(r + 1) * 5])])
        native = Native(port)
        body = json.loads(entries_body(10))["Entries"]
        started = time.monotonic()
        for _ in range(args.http_events // 10):
            events.put_events(Entries=body)
        expected = args.http_events * 20
        wait_total(native, "Invocations", expected)
        elapsed = time.monotonic() - started
        throttled = native.metric_total("ThrottledRules")
        return {"events": args.http_events, "deliveries": expected, "seconds": elapsed,
                "per_s": expected / elapsed, "throttled": throttled}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait()
        sink.send_signal(signal.SIGTERM)
        sink.wait()


def http_latency(workdir, args):
    """PutEvents → arrival at a Python HTTP sink that notes each event id's arrival time."""
    import http.server
    import threading
    arrivals = {}

    class Sink(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            arrivals[json.loads(body)["id"]] = time.time()
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *unused):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    data = os.path.join(workdir, "http-latency")
    port = harness.free_port()
    proc = start_certflow(data, port)
    try:
        events = client(port, "events")
        arn = api_destinations(events, 1, "http://127.0.0.1:%d/" % server.server_address[1])[0]
        events.put_rule(Name="hook", EventPattern=json.dumps({"source": ["bench"]}))
        events.put_targets(Rule="hook", Targets=[{"Id": "d", "Arn": arn}])
        sent = steady_puts(events, "t", args)
        wait_total(Native(port), "Invocations", len(sent))
        lat = [arrivals[event_id] - t0 for event_id, t0 in sent.items()]
        return {"events": len(sent), "p50_ms": percentile(lat, 50) * 1000,
                "p99_ms": percentile(lat, 99) * 1000}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait()
        server.shutdown()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rules", type=int, nargs="+", default=[100, 10000])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--latency-rate", type=float, default=50.0)
    parser.add_argument("--http-events", type=int, default=2000,
                        help="events for the HTTP deliveries/s run (each goes to 20 destinations)")
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
        r = http_deliveries(workdir, args)
        print("HTTP sink (nginx) through 20 API destinations: {deliveries:,} deliveries of {events:,} events "
              "in {seconds:.1f} s = {per_s:,.0f} deliveries/s ({throttled:,} throttled waits)".format(**r))
        r = http_latency(workdir, args)
        print("PutEvents → HTTP arrival at %.0f events/s: p50 %.1f ms, p99 %.1f ms (%d events)"
              % (args.latency_rate, r["p50_ms"], r["p99_ms"], r["events"]))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
