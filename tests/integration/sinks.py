"""Real endpoints for notification tests, on loopback: an SMTP server (Debian's aiosmtpd, run as
its own process with Debian's python3, storing mails in a Maildir) and an HTTP server that
records every request and answers with a status the test chooses."""
import email
import email.policy
import http.server
import mailbox
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time

import harness

DEBIAN_PYTHON = "/usr/bin/python3"


class SmtpSink:
    def __init__(self, port=None):
        self.port = port or harness.free_port()
        self.dir = tempfile.mkdtemp(prefix="certflow-mail-")
        self.maildir = os.path.join(self.dir, "Maildir")
        self.proc = None

    @property
    def url(self):
        return "smtp://127.0.0.1:%d" % self.port

    def start(self):
        self.proc = subprocess.Popen(
            [DEBIAN_PYTHON, "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:%d" % self.port,
             "-c", "aiosmtpd.handlers.Mailbox", self.maildir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("aiosmtpd did not start")

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def messages(self):
        if not os.path.isdir(self.maildir):
            return []
        box = mailbox.Maildir(self.maildir, factory=None, create=False)
        parsed = []
        for key in sorted(box.keys()):
            with box.get_file(key) as f:
                parsed.append(email.message_from_binary_file(f, policy=email.policy.default))
        return sorted(parsed, key=lambda m: m["Date"].datetime if m["Date"] else 0)

    def wait_for(self, count, timeout=20, what=lambda m: True):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.messages() if what(m)]
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError("expected %d mails, got %d" % (count, len([m for m in self.messages() if what(m)])))


def text_of(message):
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part else message.get_content()


class HttpSink:
    """Records POSTs: (path, headers dict with lower-case names, body text)."""

    def __init__(self, port=None):
        self.port = port or harness.free_port()
        self.requests = []
        self.status = 200
        self.lock = threading.Lock()
        self.server = None

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self):
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode("utf-8")
                with sink.lock:
                    sink.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                    status = sink.status
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        http.server.ThreadingHTTPServer.allow_reuse_address = True
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def wait_for(self, count, timeout=20, what=lambda r: True):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                found = [r for r in self.requests if what(r)]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        with self.lock:
            raise AssertionError("expected %d requests, got %d" % (count, len([r for r in self.requests if what(r)])))
