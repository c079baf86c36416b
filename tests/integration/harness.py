"""Starts a real certflow daemon and makes test certificates with the openssl command.

Runs under both Python generations the project tests with: Debian's /usr/bin/python3 (boto3
1.26) and the machine image's pyenv python3 (boto3 1.43). Only the standard library here.
"""
import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CERTFLOW = os.environ.get("CERTFLOW_BIN", os.path.join(REPO, "build/release/src/cli/certflow"))
ADMIN_ID = "AKIACERTFLOWTESTKEY1"
ADMIN_SECRET = "certflowTestSecretKey/0123456789abcdefghij"
REGION = "us-east-1"
ACCOUNT = "000000000000"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Daemon:
    """One certflow process on a loopback port with its own data directory."""

    def __init__(self, data_dir=None, extra_args=(), env=None, log_level="warn"):
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="certflow-it-")
        self.extra_args = list(extra_args)
        self.log_level = log_level
        self.extra_env = env or {}
        self.port = free_port()
        self.proc = None
        self.log_path = os.path.join(self.data_dir, "daemon.log")

    @property
    def endpoint(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self, with_admin_env=True, timeout=20):
        env = dict(os.environ)
        env.update(self.extra_env)
        if with_admin_env:
            env["CERTFLOW_ADMIN_ACCESS_KEY_ID"] = ADMIN_ID
            env["CERTFLOW_ADMIN_SECRET_ACCESS_KEY"] = ADMIN_SECRET
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [CERTFLOW, "serve", "--listen", "127.0.0.1:%d" % self.port, "--data-dir",
             self.data_dir, "--log-level", self.log_level] + self.extra_args,
            stdout=log, stderr=log, env=env)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("certflow exited with %s; log:\n%s" % (self.proc.returncode, self.log()))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("certflow did not start listening; log:\n" + self.log())

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                return self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise
        return self.proc.returncode if self.proc else None

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def boto3_client(daemon, access_key=ADMIN_ID, secret=ADMIN_SECRET, service="acm", region=REGION):
    import boto3
    from botocore.config import Config
    return boto3.client(service, endpoint_url=daemon.endpoint, region_name=region,
                        aws_access_key_id=access_key, aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 1}))


def run_certflow(daemon, *args, env=None):
    """Runs a certflow client subcommand against `daemon` with the admin key; returns the
    CompletedProcess (stdout and stderr decoded)."""
    run_env = dict(os.environ)
    for name in ("AWS_PROFILE", "CERTFLOW_ENDPOINT_URL"):
        run_env.pop(name, None)
    run_env.update(AWS_ACCESS_KEY_ID=ADMIN_ID, AWS_SECRET_ACCESS_KEY=ADMIN_SECRET)
    run_env.update(env or {})
    return subprocess.run([CERTFLOW] + list(args) + ["--endpoint-url", daemon.endpoint],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=run_env,
                          universal_newlines=True)


def certflow_api(daemon, operation, body=None):
    """One SigV4-signed call to certflow's native API (X-Amz-Target Certflow.<operation>, signing
    name certflow), signed with botocore. Returns (HTTP status, parsed JSON answer)."""
    import http.client
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    data = json.dumps(body or {}).encode()
    request = AWSRequest(method="POST", url=daemon.endpoint + "/", data=data,
                         headers={"Content-Type": "application/x-amz-json-1.1",
                                  "X-Amz-Target": "Certflow." + operation})
    SigV4Auth(Credentials(ADMIN_ID, ADMIN_SECRET), "certflow", REGION).add_auth(request)
    connection = http.client.HTTPConnection("127.0.0.1", daemon.port, timeout=120)
    try:
        connection.request("POST", "/", body=data, headers=dict(request.headers.items()))
        response = connection.getresponse()
        return response.status, json.loads(response.read().decode())
    finally:
        connection.close()


def iso(moment):
    """A UTC datetime as certflow and EventBridge write times: 2027-03-01T00:00:00Z."""
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def cli_time(value):
    """A timestamp as an aws CLI prints it: epoch seconds (v1) or ISO 8601 (v2's default)."""
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


class DaemonTestCase:
    """Mixin for unittest.TestCase classes sharing one daemon and one CertFactory per class."""
    daemon_start_kwargs = {}

    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon().start(**cls.daemon_start_kwargs)
        cls.certs = CertFactory()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.cleanup()
        cls.certs.cleanup()


class CertFactory:
    """Test certificates made with the openssl command in a temporary directory."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="certflow-certs-")
        self.counter = 0

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def _path(self, name):
        return os.path.join(self.dir, name)

    def _run(self, *args):
        subprocess.run(["openssl"] + list(args), check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)

    def key(self, kind="rsa2048"):
        self.counter += 1
        path = self._path("key%d.pem" % self.counter)
        if kind.startswith("rsa"):
            self._run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:" + kind[3:],
                      "-out", path)
        elif kind.startswith("ec"):
            curve = {"ec256": "prime256v1", "ec384": "secp384r1", "ec521": "secp521r1"}[kind]
            self._run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:" + curve,
                      "-out", path)
        elif kind == "ed25519":
            self._run("genpkey", "-algorithm", "ED25519", "-out", path)
        else:
            raise ValueError(kind)
        return path

    def self_signed(self, cn="www.example.com", sans=("www.example.com", "example.com"),
                    kind="rsa2048", days=365, key=None, not_before_days=None):
        """Returns (cert_path, key_path)."""
        key = key or self.key(kind)
        self.counter += 1
        cert = self._path("cert%d.pem" % self.counter)
        args = ["req", "-x509", "-new", "-key", key, "-out", cert, "-subj", "/CN=%s/O=Example Corp/C=US" % cn,
                "-days", str(days), "-addext", "subjectAltName=" + ",".join("DNS:" + s for s in sans),
                "-addext", "keyUsage=critical,digitalSignature,keyEncipherment",
                "-addext", "extendedKeyUsage=serverAuth,clientAuth"]
        self._run(*args)
        return cert, key

    def valid_between(self, not_before, not_after, cn="www.example.com", sans=None, kind="ec256",
                      key=None):
        """A self-signed certificate valid from not_before to not_after (UTC datetimes, whole
        seconds), signed with `openssl ca` because OpenSSL 3.0's req has no -not_after.
        Returns (cert_path, key_path)."""
        key = key or self.key(kind)
        self.counter += 1
        n = self.counter
        conf, db, csr = self._path("ca%d.cnf" % n), self._path("index%d.txt" % n), self._path("req%d.csr" % n)
        cert, ext, serial = self._path("valid%d.pem" % n), self._path("ext%d.cnf" % n), self._path("serial%d" % n)
        open(db, "w").close()
        with open(serial, "w") as f:
            f.write("%02X\n" % (n % 250 + 1))
        with open(conf, "w") as f:
            f.write("[ca]\ndefault_ca=d\n[d]\ndatabase=%s\nnew_certs_dir=%s\nserial=%s\n"
                    "default_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n"
                    % (db, self.dir, serial))
        with open(ext, "w") as f:
            f.write("subjectAltName=%s\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                    "extendedKeyUsage=serverAuth\n" % ",".join("DNS:" + s for s in (sans or (cn,))))
        stamp = lambda moment: moment.astimezone(datetime.timezone.utc).strftime("%Y%m%d%H%M%SZ")
        self._run("req", "-new", "-key", key, "-out", csr, "-subj", "/CN=%s" % cn)
        self._run("ca", "-batch", "-config", conf, "-selfsign", "-keyfile", key, "-in", csr,
                  "-out", cert, "-startdate", stamp(not_before), "-enddate", stamp(not_after),
                  "-extfile", ext, "-notext")
        return cert, key

    def ca(self, cn="certflow test root", kind="rsa2048"):
        key = self.key(kind)
        self.counter += 1
        cert = self._path("ca%d.pem" % self.counter)
        self._run("req", "-x509", "-new", "-key", key, "-out", cert, "-subj", "/CN=%s" % cn,
                  "-days", "3650", "-addext", "basicConstraints=critical,CA:TRUE",
                  "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        return cert, key

    def leaf(self, ca_cert, ca_key, cn="app.example.com", sans=("app.example.com",), kind="rsa2048",
             days=90):
        """A CA-signed certificate: returns (cert_path, key_path)."""
        key = self.key(kind)
        self.counter += 1
        csr = self._path("req%d.csr" % self.counter)
        cert = self._path("leaf%d.pem" % self.counter)
        ext = self._path("ext%d.cnf" % self.counter)
        with open(ext, "w") as f:
            f.write("subjectAltName=%s\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                    "extendedKeyUsage=serverAuth\n" % ",".join("DNS:" + s for s in sans))
        self._run("req", "-new", "-key", key, "-out", csr, "-subj", "/CN=%s" % cn)
        self._run("x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key, "-CAcreateserial",
                  "-out", cert, "-days", str(days), "-extfile", ext)
        return cert, key

    def expired(self):
        """A self-signed certificate whose validity ended in the past (via a backdated CA)."""
        key = self.key("rsa2048")
        self.counter += 1
        cert = self._path("expired%d.pem" % self.counter)
        self._run("req", "-x509", "-new", "-key", key, "-out", cert, "-subj", "/CN=old.example.com",
                  "-not_before", "20200101000000Z", "-not_after", "20200201000000Z") \
            if _openssl_supports_not_after() else self._expired_via_x509(key, cert)
        return cert, key

    def _expired_via_x509(self, key, cert):
        # OpenSSL 3.0 has no -not_after on req; sign with `ca` and explicit dates instead.
        conf = self._path("ca%d.cnf" % self.counter)
        db = self._path("index%d.txt" % self.counter)
        open(db, "w").close()
        csr = self._path("old%d.csr" % self.counter)
        with open(conf, "w") as f:
            f.write("[ca]\ndefault_ca=d\n[d]\ndatabase=%s\nnew_certs_dir=%s\nserial=%s\n"
                    "default_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n"
                    % (db, self.dir, self._path("serial%d" % self.counter)))
        with open(self._path("serial%d" % self.counter), "w") as f:
            f.write("01\n")
        self._run("req", "-new", "-key", key, "-out", csr, "-subj", "/CN=old.example.com")
        self._run("ca", "-batch", "-config", conf, "-selfsign", "-keyfile", key, "-in", csr,
                  "-out", cert, "-startdate", "20200101000000Z", "-enddate", "20200201000000Z",
                  "-notext")


def _openssl_supports_not_after():
    out = subprocess.run(["openssl", "req", "-help"], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT).stdout.decode()
    return "-not_after" in out


def read(path):
    with open(path, "rb") as f:
        return f.read()
