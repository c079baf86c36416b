#!/usr/bin/env python3
"""HTTP benchmark of certflow's ACM API with wrk, side by side with nginx serving a small
static file in the same run (docs/PERFORMANCE.md has the results and how to read them).

usage: bench/http/http_bench.py [--certs 100000] [--rss-certs 1000000] [--duration 10]
Needs a release build (cmake --preset release && cmake --build --preset release), wrk, nginx.
"""
import argparse
import base64
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(REPO, "build/release")
CERTFLOW = os.path.join(BUILD, "src/cli/certflow")
SEED = os.path.join(BUILD, "bench/certflow_bench_seed")
sys.path.insert(0, os.path.join(REPO, "tests/integration"))
import harness  # noqa: E402
from harness import free_port  # noqa: E402

KEY_ID = "AKIABENCHMARKKEY0001"
SECRET = "benchmarkSecret/0123456789abcdefghijklmn"


def wait_port(port, proc=None):
    for _ in range(400):
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("process exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("port %d never opened" % port)


def make_cert(workdir):
    key = os.path.join(workdir, "key.pem")
    cert = os.path.join(workdir, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-subj", "/CN=bench.example.com/O=Bench", "-days", "365",
                    "-addext", "subjectAltName=DNS:bench.example.com,DNS:www.bench.example.com"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


def seed(data_dir, count, cert, key):
    out = subprocess.run([SEED, data_dir, str(count), cert, key], check=True,
                         stdout=subprocess.PIPE).stdout.decode()
    return re.search(r"first (\S+)", out).group(1), out.strip()


def start_certflow(data_dir, port):
    env = dict(os.environ, CERTFLOW_ADMIN_ACCESS_KEY_ID=KEY_ID,
               CERTFLOW_ADMIN_SECRET_ACCESS_KEY=SECRET)
    proc = subprocess.Popen([CERTFLOW, "serve", "--listen", "127.0.0.1:%d" % port, "--data-dir",
                             data_dir, "--log-level", "warn"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port, proc)
    return proc


def start_nginx(workdir, port):
    root = os.path.join(workdir, "www")
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write("<html><body>" + "certflow benchmark peer " * 20 + "</body></html>\n")
    return run_nginx(workdir, "nginx", port, "root %s;" % root, worker_connections=1024)


def run_nginx(workdir, name, port, server_body, worker_connections, http_extra=""):
    """nginx with 2 workers, no access log (unless `http_extra` sets one up), one server on
    127.0.0.1:port with `server_body`."""
    conf = os.path.join(workdir, name + ".conf")
    with open(conf, "w") as f:
        f.write("worker_processes 2;\ndaemon off;\npid %s/%s.pid;\nerror_log %s/%s.err;\n"
                "events { worker_connections %d; }\nhttp { access_log off; keepalive_requests 1000000;\n"
                "  client_body_temp_path %s; proxy_temp_path %s; fastcgi_temp_path %s;\n"
                "  uwsgi_temp_path %s; scgi_temp_path %s;\n  %s\n"
                "  server { listen 127.0.0.1:%d; %s } }\n"
                % ((workdir, name, workdir, name, worker_connections) + (workdir,) * 5
                   + (http_extra, port, server_body)))
    proc = subprocess.Popen(["nginx", "-c", conf, "-p", workdir], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wait_port(port, proc)
    return proc


def presigned_lua(workdir, name, port, operation, body, target_prefix="CertificateManager",
                  service="acm"):
    """A wrk script sending one request signed once (valid for 15 minutes of benchmarking)."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    request = AWSRequest(method="POST", url="http://127.0.0.1:%d/" % port, data=body, headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": target_prefix + "." + operation})
    SigV4Auth(Credentials(KEY_ID, SECRET), service, "us-east-1").add_auth(request)
    lines = ['wrk.method = "POST"', "wrk.body = [==[%s]==]" % body]
    for header, value in request.headers.items():
        if header.lower() in ("host", "content-length"):
            continue
        lines.append('wrk.headers["%s"] = "%s"' % (header, value))
    path = os.path.join(workdir, name + ".lua")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def wrk(url, duration, connections, script=None):
    cmd = ["wrk", "-t%d" % min(2, connections), "-c%d" % connections, "-d%ds" % duration, "--latency"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], check=True, stdout=subprocess.PIPE).stdout.decode()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError("wrk saw %s error responses:\n%s" % (non2xx.group(1), out))
    return rps, p50, p99


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--certs", type=int, default=100000)
    parser.add_argument("--rss-certs", type=int, default=1000000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="certflow-bench-")
    procs = []
    try:
        cert, key = make_cert(workdir)
        data = os.path.join(workdir, "data")
        first_arn, seeded = seed(data, args.certs, cert, key)
        print("#", seeded)
        cf_port, ng_port = free_port(), free_port()
        certflow = start_certflow(data, cf_port)
        procs.append(certflow)
        nginx = start_nginx(workdir, ng_port)
        procs.append(nginx)

        nginx_rps, n50, n99 = wrk("http://127.0.0.1:%d/index.html" % ng_port, args.duration,
                                  args.connections)
        rows = [("nginx static file (peer)", nginx_rps, n50, n99)]
        scenarios = [
            ("DescribeCertificate", '{"CertificateArn": "%s"}' % first_arn),
            ("ListCertificates MaxItems=10", '{"MaxItems": 10}'),
            ("ListCertificates MaxItems=100", '{"MaxItems": 100}'),
        ]
        for label, body in scenarios:
            script = presigned_lua(workdir, label.split()[0] + str(len(rows)), cf_port,
                                   label.split()[0], body)
            rps, p50, p99 = wrk("http://127.0.0.1:%d/" % cf_port, args.duration, args.connections,
                                script)
            rows.append((label, rps, p50, p99))
        rss_100k = rss_kib(certflow.pid)

        # Imports into an empty store: every acknowledged import is an fsync'd commit.
        empty = os.path.join(workdir, "empty")
        os.makedirs(empty)
        imp_port = free_port()
        importer = start_certflow(empty, imp_port)
        procs.append(importer)
        body = '{"Certificate": "%s", "PrivateKey": "%s"}' % (
            base64.b64encode(harness.read(cert)).decode(),
            base64.b64encode(harness.read(key)).decode())
        script = presigned_lua(workdir, "import", imp_port, "ImportCertificate", body)
        for conns in (1, args.connections):
            rps, p50, p99 = wrk("http://127.0.0.1:%d/" % imp_port, args.duration, conns, script)
            rows.append(("ImportCertificate (%d conn)" % conns, rps, p50, p99))

        print("| request | req/s | p50 | p99 | ratio to nginx |")
        print("|---|---|---|---|---|")
        for label, rps, p50, p99 in rows:
            print("| %s | %.0f | %s | %s | %.3f |" % (label, rps, p50, p99, rps / nginx_rps))
        print("\ncertflow RSS with %d certificates after the runs: %.1f MiB" % (args.certs, rss_100k / 1024))

        for p in procs:
            p.send_signal(signal.SIGTERM)
            p.wait()
        procs = []
        if args.rss_certs:
            big = os.path.join(workdir, "big")
            first_big, seeded = seed(big, args.rss_certs, cert, key)
            print("#", seeded)
            port = free_port()
            daemon = start_certflow(big, port)
            procs.append(daemon)
            idle = rss_kib(daemon.pid)
            script = presigned_lua(workdir, "describe-big", port, "DescribeCertificate",
                                   '{"CertificateArn": "%s"}' % first_big)
            rps, _, _ = wrk("http://127.0.0.1:%d/" % port, args.duration, args.connections, script)
            script = presigned_lua(workdir, "list-big", port, "ListCertificates", '{"MaxItems": 100}')
            wrk("http://127.0.0.1:%d/" % port, args.duration, args.connections, script)
            size = sum(os.path.getsize(os.path.join(big, f)) for f in os.listdir(big))
            print("certflow with %d certificates: RSS %.1f MiB idle, %.1f MiB after Describe (%.0f req/s) "
                  "and List load; database %.0f MiB on disk"
                  % (args.rss_certs, idle / 1024, rss_kib(daemon.pid) / 1024, rps, size / 2**20))
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
