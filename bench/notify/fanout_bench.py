#!/usr/bin/env python3
"""Notification topics benchmark (docs/PERFORMANCE.md has the results and how to read them).

1. Fan-out: one topic with 1,000 confirmed HTTP subscribers on loopback (nginx answering 200 and
   logging each request's arrival time in milliseconds). Publish messages one after another;
   reported: deliveries/s over the whole run, and per delivery the latency from its Publish
   answer to its arrival (p50, p99). Peer in the same run: wrk POSTing to the same nginx — what
   the sink itself takes, so the ratio says how much of the sink certflow's fan-out uses.
2. Mails/s to a local SMTP server (aiosmtpd from Debian, a handler that only counts): one
   confirmed email subscription, N messages published with PublishBatch (10 a call, 4 clients at
   once, faster than mail goes out). Peer in the same run: Python's smtplib sending the
   same number of mails straight to the same server over one connection.

usage: bench/notify/fanout_bench.py [--subscribers 1000] [--messages 20] [--mails 500]
Needs a release build, nginx, wrk, python3-aiosmtpd (Debian's /usr/bin/python3).
"""
import argparse
import concurrent.futures
import email
import http.server
import json
import os
import re
import shutil
import signal
import smtplib
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "bench/http"))
sys.path.insert(0, os.path.join(REPO, "bench/events"))
sys.path.insert(0, os.path.join(REPO, "tests/integration"))
import harness  # noqa: E402
from bus_bench import client, percentile  # noqa: E402
from http_bench import CERTFLOW, KEY_ID, SECRET, run_nginx, wait_port, wrk  # noqa: E402

COUNTING_SMTP = r"""
import asyncio, json, sys, time
from aiosmtpd.controller import Controller
class Count:
    async def handle_DATA(self, server, session, envelope):
        sys.stdout.write("%.6f %s\n" % (time.time(), json.dumps(envelope.content.decode("utf-8", "replace"))))
        sys.stdout.flush()
        return "250 OK"
c = Controller(Count(), hostname="127.0.0.1", port=int(sys.argv[1]))
c.start()
sys.stdout.write("ready\n"); sys.stdout.flush()
sys.stdin.read()
"""


def start_daemon(data, port, extra=()):
    env = dict(os.environ, CERTFLOW_ADMIN_ACCESS_KEY_ID=KEY_ID, CERTFLOW_ADMIN_SECRET_ACCESS_KEY=SECRET)
    proc = subprocess.Popen([CERTFLOW, "serve", "--listen", "127.0.0.1:%d" % port, "--data-dir", data,
                             "--log-level", "warn"] + list(extra), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port, proc)
    return proc


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    proc.wait()


def confirm_http_subscribers(sns, topic_arn, sink_port, count):
    """Subscribes /s0../sN on sink_port while a Python server there collects the confirmations,
    then opens every SubscribeURL."""
    # A confirmation can arrive twice (certflow retries when this server answers late), so links
    # are kept by URL and only distinct subscriptions count.
    links = set()
    lock = threading.Lock()

    class Sink(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with lock:
                links.add(body["SubscribeURL"])
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *unused):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", sink_port), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    for i in range(count):
        sns.subscribe(TopicArn=topic_arn, Protocol="http", Endpoint="http://127.0.0.1:%d/s%d" % (sink_port, i))
    deadline = time.monotonic() + 120
    while len(links) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    server.shutdown()
    server.server_close()
    for link in links:
        urllib.request.urlopen(link, timeout=10).read()
    return len(links)


def fan_out(workdir, args):
    port, sink_port = harness.free_port(), harness.free_port()
    proc = start_daemon(os.path.join(workdir, "fanout"), port)
    sink = None
    try:
        sns = client(port, "sns")
        topic_arn = sns.create_topic(Name="fanout")["TopicArn"]
        confirmed = confirm_http_subscribers(sns, topic_arn, sink_port, args.subscribers)
        log = os.path.join(workdir, "arrivals.log")
        sink = run_nginx(workdir, "sink", sink_port,
                         "access_log %s arrival; location / { return 200 'ok'; }" % log,
                         worker_connections=4096,
                         http_extra="log_format arrival '$msec $http_x_amz_sns_message_id';")
        published = {}
        started = time.time()
        for i in range(args.messages):
            message_id = sns.publish(TopicArn=topic_arn, Message=json.dumps({"n": i, "pad": "x" * 200}))["MessageId"]
            published[message_id] = time.time()
        expected = confirmed * args.messages
        arrivals = []
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            with open(log) as f:
                # Only the published messages: a late confirmation retry may land here too.
                arrivals = [a for a in (line.split() for line in f) if len(a) == 2 and a[1] in published]
            if len(arrivals) >= expected:
                break
            time.sleep(0.2)
        last = max(float(a[0]) for a in arrivals)
        latencies = [float(a[0]) - published[a[1]] for a in arrivals]
        peer = wrk_post(workdir, sink_port, args)
        return {"subscribers": confirmed, "messages": args.messages, "deliveries": len(arrivals),
                "seconds": last - started, "per_s": len(arrivals) / (last - started),
                "p50_ms": percentile(latencies, 50) * 1000, "p99_ms": percentile(latencies, 99) * 1000,
                "peer_per_s": peer}
    finally:
        stop(proc)
        if sink:
            stop(sink)


def wrk_post(workdir, port, args):
    script = os.path.join(workdir, "post.lua")
    with open(script, "w") as f:
        f.write('wrk.method = "POST"\nwrk.body = [==[%s]==]\nwrk.headers["Content-Type"] = "text/plain"\n'
                % json.dumps({"n": 1, "pad": "x" * 200}))
    rps, _, _ = wrk("http://127.0.0.1:%d/s0" % port, args.duration, 64, script)
    return rps


def start_counting_smtp(port):
    proc = subprocess.Popen(["/usr/bin/python3", "-c", COUNTING_SMTP, str(port)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    lines = []
    threading.Thread(target=lambda: [lines.append(l) for l in proc.stdout], daemon=True).start()
    return proc, lines


def mail_text(line):
    """The decoded text of a mail as the counting server printed it (time, then JSON)."""
    message = email.message_from_string(json.loads(line.split(" ", 1)[1]))
    parts = message.walk() if message.is_multipart() else [message]
    return "\n".join(p.get_payload(decode=True).decode("utf-8", "replace") for p in parts
                     if p.get_content_type() == "text/plain")


def wait_lines(lines, count, timeout=600):
    deadline = time.monotonic() + timeout
    while len(lines) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return lines[:count]


def mails(workdir, args):
    port, smtp_port = harness.free_port(), harness.free_port()
    smtp, lines = start_counting_smtp(smtp_port)
    proc = start_daemon(os.path.join(workdir, "mail"), port,
                        ["--smtp-url", "smtp://127.0.0.1:%d" % smtp_port, "--smtp-starttls", "never"])
    try:
        sns = client(port, "sns")
        topic_arn = sns.create_topic(Name="mail")["TopicArn"]
        sns.subscribe(TopicArn=topic_arn, Protocol="email", Endpoint="ops@example.test")
        confirmation = wait_lines(lines, 1)[0]
        link = re.search(r"(http://\S+Action=ConfirmSubscription\S+)", mail_text(confirmation)).group(1)
        urllib.request.urlopen(link, timeout=10).read()
        lines.clear()
        # PublishBatch of 10 from 4 clients at once, so the publishing side outpaces delivery and
        # the run measures certflow's mail path, not the benchmark's own request loop.
        batches = [list(range(i, min(i + 10, args.mails))) for i in range(0, args.mails, 10)]
        clients = [client(port, "sns") for _ in range(4)]

        def publish_share(k):
            for batch in batches[k::len(clients)]:
                entries = [{"Id": "m%d" % i, "Message": "message %d" % i, "Subject": "bench %d" % i}
                           for i in batch]
                failed = clients[k].publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=entries)
                if failed.get("Failed"):
                    raise RuntimeError("PublishBatch failed: %s" % failed["Failed"])

        started = time.time()
        with concurrent.futures.ThreadPoolExecutor(len(clients)) as pool:
            list(pool.map(publish_share, range(len(clients))))
        published_in = time.time() - started
        got = wait_lines(lines, args.mails)
        elapsed = float(got[-1].split()[0]) - started
        lines.clear()
        peer_start = time.time()
        with smtplib.SMTP("127.0.0.1", smtp_port) as s:
            for i in range(args.mails):
                s.sendmail("certflow@example.test", ["ops@example.test"],
                           "Subject: bench %d\r\nFrom: certflow@example.test\r\nTo: ops@example.test\r\n\r\n"
                           "message %d\r\n" % (i, i))
        wait_lines(lines, args.mails)
        peer = args.mails / (time.time() - peer_start)
        return {"mails": len(got), "seconds": elapsed, "per_s": len(got) / elapsed, "peer_per_s": peer,
                "published_in": published_in}
    finally:
        stop(proc)
        smtp.stdin.close()
        smtp.terminate()
        smtp.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--mails", type=int, default=500)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--part", choices=["all", "fanout", "mails"], default="all")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="certflow-notify-bench-")
    try:
        if args.part != "mails":
            r = fan_out(workdir, args)
            print("Fan-out: {messages} Publishes to a topic with {subscribers:,} HTTP subscribers: "
                  "{deliveries:,} deliveries in {seconds:.2f} s = {per_s:,.0f} deliveries/s; Publish → arrival "
                  "p50 {p50_ms:.0f} ms, p99 {p99_ms:.0f} ms. Peer: wrk POST to the same nginx sink "
                  "{peer_per_s:,.0f} requests/s (certflow uses {ratio:.2f} of it)".format(
                      ratio=r["per_s"] / r["peer_per_s"], **r), flush=True)
        if args.part != "fanout":
            m = mails(workdir, args)
            print("Mails: {mails} notifications to one email subscription in {seconds:.2f} s = {per_s:,.0f} "
                  "mails/s (all published in {published_in:.2f} s). Peer: smtplib straight to the same aiosmtpd {peer_per_s:,.0f} mails/s "
                  "(ratio {ratio:.2f})".format(ratio=m["per_s"] / m["peer_per_s"], **m))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
