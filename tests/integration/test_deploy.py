"""certflow deploy end to end with a real nginx (Debian's /usr/sbin/nginx) serving TLS with a
certflow private certificate: `certflow deploy put` and `run` install it, a rule on "ACM
Certificate Available" targets the built-in function certflow-deploy, the simulated clock reaches
60 days before expiry, the certificate renews, is deployed, nginx reloads, and a TLS client sees
the new serial. A delivery of the same event again changes nothing; deployments that cannot work
emit "certflow Certificate Deployment Failed", which a second rule sends to a queue."""
import json
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import unittest

import harness
from test_events import QUEUE_PREFIX
from test_private_certificates import PrivateCertificateDaemon, create_root_ca, request_private

NGINX = "/usr/sbin/nginx"
DEPLOY_FUNCTION = "arn:aws:lambda:%s:%s:function:certflow-deploy" % (harness.REGION, harness.ACCOUNT)
AVAILABLE_RULE = json.dumps({"source": ["aws.acm"], "detail-type": ["ACM Certificate Available"]})
FAILED = "certflow Certificate Deployment Failed"
FAILED_RULE = json.dumps({"source": ["certflow.deploy"], "detail-type": [FAILED]})


def normalized(serial):
    """ "0a:1B" and "A1B" alike: hex digits, uppercase, no leading zeros."""
    return serial.replace(":", "").upper().lstrip("0") or "0"


class Nginx:
    """A private nginx on a loopback port with its own prefix and configuration, serving TLS with
    the certificate and key files it is given (read by its root master at start and reload)."""

    def __init__(self, prefix, port, fullchain, key):
        self.prefix = prefix
        self.port = port
        self.conf = os.path.join(prefix, "nginx.conf")
        temp = " ".join("%s_temp_path %s;" % (kind, os.path.join(prefix, kind))
                        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        with open(self.conf, "w") as f:
            f.write("worker_processes 1;\ndaemon off;\npid %s/nginx.pid;\nerror_log %s/error.log;\n"
                    "events { worker_connections 64; }\n"
                    "http { access_log off; %s\n"
                    "  server { listen 127.0.0.1:%d ssl; server_name deploy.test;\n"
                    "    ssl_certificate %s; ssl_certificate_key %s;\n"
                    "    location / { return 200 \"deployed\\n\"; } } }\n"
                    % (prefix, prefix, temp, port, fullchain, key))
        self.proc = subprocess.Popen([NGINX, "-p", prefix, "-c", self.conf],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("nginx exited: " + self.proc.stderr.read().decode())
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not listen on %d" % port)

    def reload_command(self):
        return "%s -p %s -c %s -s reload" % (NGINX, self.prefix, self.conf)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def served_serial(port, server_name="deploy.test"):
    """The serial of the certificate a TLS client sees (SNI server_name), as openssl prints it."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname=server_name) as tls:
            der = tls.getpeercert(binary_form=True)
    out = subprocess.run(["openssl", "x509", "-inform", "DER", "-noout", "-serial"], input=der,
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    return out.strip().split("=", 1)[1]


@unittest.skipUnless(os.path.exists(NGINX), "needs Debian's nginx")
class DeployNginxTest(PrivateCertificateDaemon, unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.tls = os.path.join(self.tmp, "tls")
        self.prefix = os.path.join(self.tmp, "nginx")
        os.makedirs(self.tls)
        os.makedirs(self.prefix)
        self.certs = harness.CertFactory()
        self.addCleanup(self.certs.cleanup)

    def start_nginx(self):
        """nginx on a placeholder certificate, as a server is before certflow deploys to it."""
        cert, key = self.certs.self_signed(cn="deploy.test", sans=("deploy.test",))
        shutil.copy(cert, os.path.join(self.tls, "fullchain.pem"))
        shutil.copy(key, os.path.join(self.tls, "key.pem"))
        nginx = Nginx(self.prefix, harness.free_port(), os.path.join(self.tls, "fullchain.pem"),
                      os.path.join(self.tls, "key.pem"))
        self.addCleanup(nginx.stop)
        return nginx

    def certflow_fails(self, *args):
        proc = harness.run_certflow(self.daemon, *args)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        return proc.stdout + proc.stderr

    def serial_of(self, arn):
        return self.describe(arn)["Serial"]

    def wait_for_serial(self, port, serial, limit=30):
        deadline = time.monotonic() + limit
        seen = None
        while time.monotonic() < deadline:
            seen = served_serial(port)
            if normalized(seen) == normalized(serial):
                return seen
            time.sleep(0.2)
        self.fail("nginx still serves %s, not %s; daemon log:\n%s" % (seen, serial, self.daemon.log()))

    def function_log(self):
        status, answer = harness.certflow_api(self.daemon, "ListLogRecords",
                                              {"LogGroup": "/aws/lambda/certflow-deploy"})
        self.assertEqual(status, 200, answer)
        return [record["Message"] for record in answer["Records"]]

    def test_a_renewed_private_certificate_is_deployed_to_nginx_and_served(self):
        nginx = self.start_nginx()
        ca_arn, _ = create_root_ca(self, self.tmp)
        arn = request_private(self, ca_arn, "deploy.test")
        self.assertEqual(self.describe(arn)["RenewalEligibility"], "INELIGIBLE")

        self.certflow("deploy", "put", "web", "--certificate-arn", arn,
                      "--cert", os.path.join(self.tls, "cert.pem"),
                      "--fullchain", os.path.join(self.tls, "fullchain.pem"),
                      "--key", os.path.join(self.tls, "key.pem"),
                      "--reload", nginx.reload_command(),
                      "--verify", "127.0.0.1:%d" % nginx.port, "--server-name", "deploy.test")
        shown = json.loads(self.certflow("deploy", "get", "web", "--json"))
        self.assertEqual(shown["ReloadCommand"][0], NGINX)
        self.assertEqual(shown["Mode"], "0644")
        self.assertIn("web", self.certflow("deploy", "list"))

        # A manual deployment: exports (which makes the certificate eligible for managed renewal),
        # writes the files, reloads nginx, and checks what it serves.
        ran = self.certflow("deploy", "run", "web", "--certificate-arn", arn)
        self.assertIn("serves the new serial", ran)
        first_serial = self.serial_of(arn)
        self.assertEqual(normalized(served_serial(nginx.port)), normalized(first_serial))
        self.assertEqual(os.stat(os.path.join(self.tls, "key.pem")).st_mode & 0o777, 0o600)
        self.assertEqual(os.stat(os.path.join(self.tls, "cert.pem")).st_mode & 0o777, 0o644)
        self.assertEqual(self.describe(arn)["RenewalEligibility"], "ELIGIBLE")

        # Renewal → Available → the built-in function → files, reload, check.
        self.events("put-rule", "--name", "deploy-on-available", "--event-pattern", AVAILABLE_RULE)
        self.events("put-targets", "--rule", "deploy-on-available",
                    "--targets", "Id=deploy,Arn=" + DEPLOY_FUNCTION)
        self.new_events()  # what happened so far
        self.advance_to_days_left(arn, 60)
        renewed = [e for e in self.new_events("ACM Certificate Available")
                   if e["detail"].get("Action") == "RENEWAL"]
        self.assertEqual(len(renewed), 1, self.daemon.log())
        new_serial = self.serial_of(arn)
        self.assertNotEqual(normalized(new_serial), normalized(first_serial))
        seen = self.wait_for_serial(nginx.port, new_serial)
        self.assertEqual(normalized(seen), normalized(self.serial_of(arn)))
        log = "\n".join(self.function_log())
        self.assertIn("reload `%s" % NGINX, log)
        self.assertIn("serves the new serial", log)

        # The same event delivered again: nothing is written, nginx is not reloaded.
        fullchain = os.path.join(self.tls, "fullchain.pem")
        before = os.stat(fullchain)
        proc = harness.run_certflow(self.daemon, "function", "invoke", "certflow-deploy",
                                    "--payload", json.dumps(renewed[0]))
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("already serves serial", proc.stdout)
        after = os.stat(fullchain)
        self.assertEqual((before.st_ino, before.st_mtime_ns), (after.st_ino, after.st_mtime_ns))
        self.assertEqual(normalized(served_serial(nginx.port)), normalized(new_serial))
        self.assertEqual(self.new_events(FAILED), [])

    def test_deployments_that_cannot_work_emit_a_failure_event_to_a_rule(self):
        ca_arn, _ = create_root_ca(self, self.tmp)
        arn = request_private(self, ca_arn, "deploy.test")
        queue_url = self.aws("sqs", "create-queue", "--queue-name", "deploy-failures")["QueueUrl"]
        self.events("put-rule", "--name", "deploy-failed", "--event-pattern", FAILED_RULE)
        self.events("put-targets", "--rule", "deploy-failed",
                    "--targets", "Id=alert,Arn=" + QUEUE_PREFIX + "deploy-failures")

        # The endpoint serves something else (certflow's own HTTP port: no TLS at all).
        self.certflow("deploy", "put", "elsewhere", "--certificate-arn", arn,
                      "--cert", os.path.join(self.tls, "cert.pem"),
                      "--key", os.path.join(self.tls, "key.pem"),
                      "--verify", "127.0.0.1:%d" % self.daemon.port, "--server-name", "deploy.test")
        out = self.certflow_fails("deploy", "run", "elsewhere", "--certificate-arn", arn)
        self.assertIn("verify failed", out)
        # A reload command that fails.
        os.makedirs(os.path.join(self.tls, "broken"))
        self.certflow("deploy", "put", "broken", "--certificate-arn", arn,
                      "--cert", os.path.join(self.tls, "broken", "cert.pem"),
                      "--key", os.path.join(self.tls, "broken", "key.pem"),
                      "--reload", "sh -c 'echo cannot reload >&2; exit 3'")
        out = self.certflow_fails("deploy", "run", "broken", "--certificate-arn", arn)
        self.assertIn("reload failed", out)
        self.assertIn("cannot reload", out)

        received = []
        deadline = time.monotonic() + 30
        while len(received) < 2 and time.monotonic() < deadline:
            answer = self.aws("sqs", "receive-message", "--queue-url", queue_url,
                              "--wait-time-seconds", "2", "--max-number-of-messages", "10")
            received += [json.loads(m["Body"]) for m in answer.get("Messages", [])]
        by_name = {event["detail"]["DeploymentName"]: event for event in received}
        self.assertEqual(sorted(by_name), ["broken", "elsewhere"], self.daemon.log())
        serial = self.serial_of(arn)
        for name, stage in (("elsewhere", "verify"), ("broken", "reload")):
            event = by_name[name]
            self.assertEqual(event["detail-type"], FAILED)
            self.assertEqual(event["source"], "certflow.deploy")
            self.assertEqual(event["resources"], [arn])
            self.assertEqual(event["detail"]["CertificateArn"], arn)
            self.assertEqual(event["detail"]["Stage"], stage)
            self.assertEqual(normalized(event["detail"]["ExpectedSerial"]), normalized(serial))
            self.assertTrue(event["detail"]["Reason"])
        self.assertEqual(by_name["elsewhere"]["detail"]["Endpoint"], "127.0.0.1:%d" % self.daemon.port)
        self.assertIn("TLS handshake", by_name["elsewhere"]["detail"]["Reason"])
        self.assertIn("exit 3", by_name["broken"]["detail"]["Reason"])

        # Configurations are managed through the CLI: delete, and the name is gone.
        self.certflow("deploy", "delete", "broken")
        self.assertIn("does not exist", self.certflow_fails("deploy", "get", "broken"))


if __name__ == "__main__":
    unittest.main()
