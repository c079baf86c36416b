"""Durability and secrecy: restarts keep everything, kill -9 loses no acknowledged import,
and nothing in the data directory holds a private key or secret in clear."""
import os
import signal
import sqlite3
import threading
import time
import unittest

import harness
from harness import read


class PersistenceTest(unittest.TestCase):
    def setUp(self):
        self.certs = harness.CertFactory()

    def tearDown(self):
        self.certs.cleanup()

    def test_restart_keeps_certificates_tags_and_configuration(self):
        daemon = harness.Daemon().start()
        try:
            acm = harness.boto3_client(daemon)
            cert, key = self.certs.self_signed()
            arn = acm.import_certificate(Certificate=read(cert), PrivateKey=read(key),
                                         Tags=[{"Key": "k", "Value": "v"}])["CertificateArn"]
            acm.put_account_configuration(ExpiryEvents={"DaysBeforeExpiry": 12}, IdempotencyToken="t")
            self.assertEqual(daemon.stop(signal.SIGTERM), 0, daemon.log())
            daemon.start()
            acm = harness.boto3_client(daemon)
            self.assertEqual(acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"], "ISSUED")
            self.assertEqual(acm.list_tags_for_certificate(CertificateArn=arn)["Tags"], [{"Key": "k", "Value": "v"}])
            self.assertEqual(acm.get_account_configuration()["ExpiryEvents"]["DaysBeforeExpiry"], 12)
            self.assertEqual(daemon.stop(signal.SIGINT), 0)
        finally:
            daemon.cleanup()

    def test_kill_9_during_import_burst_loses_no_acknowledged_import(self):
        daemon = harness.Daemon().start()
        try:
            cert, key = self.certs.self_signed()
            cert_bytes, key_bytes = read(cert), read(key)
            acknowledged = []
            lock = threading.Lock()
            stop = threading.Event()

            def importer():
                acm = harness.boto3_client(daemon)
                while not stop.is_set():
                    try:
                        arn = acm.import_certificate(Certificate=cert_bytes, PrivateKey=key_bytes)["CertificateArn"]
                    except Exception:
                        return
                    with lock:
                        acknowledged.append(arn)

            threads = [threading.Thread(target=importer) for _ in range(4)]
            for t in threads:
                t.start()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                with lock:
                    if len(acknowledged) >= 40:
                        break
                time.sleep(0.01)
            daemon.kill9()
            stop.set()
            for t in threads:
                t.join()
            self.assertGreaterEqual(len(acknowledged), 40)

            db = sqlite3.connect(os.path.join(daemon.data_dir, "certflow.db"))
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            db.close()
            daemon.start()
            acm = harness.boto3_client(daemon)
            for arn in acknowledged:
                acm.describe_certificate(CertificateArn=arn)
            listed = set()
            for page in acm.get_paginator("list_certificates").paginate():
                listed.update(c["CertificateArn"] for c in page["CertificateSummaryList"])
            self.assertTrue(set(acknowledged) <= listed)
        finally:
            daemon.cleanup()

    def test_data_dir_holds_no_key_or_secret_in_clear(self):
        daemon = harness.Daemon().start(with_admin_env=False)
        try:
            creds_path = os.path.join(daemon.data_dir, "admin-credentials")
            self.assertEqual(os.stat(creds_path).st_mode & 0o777, 0o600)
            self.assertEqual(os.stat(os.path.join(daemon.data_dir, "master.key")).st_mode & 0o777, 0o600)
            with open(creds_path) as f:
                text = f.read()
            fields = dict(line.split(" = ", 1) for line in text.splitlines() if " = " in line)
            access_key, secret = fields["aws_access_key_id"], fields["aws_secret_access_key"]
            acm = harness.boto3_client(daemon, access_key=access_key, secret=secret)
            cert, key = self.certs.self_signed()
            key_text = read(key)
            acm.import_certificate(Certificate=read(cert), PrivateKey=key_text)
            daemon.stop()
            key_body = b"".join(key_text.splitlines()[1:-1])[:40]
            for name in os.listdir(daemon.data_dir):
                if name in ("admin-credentials", "daemon.log"):
                    continue
                data = read(os.path.join(daemon.data_dir, name))
                self.assertNotIn(b"PRIVATE KEY", data, name)
                self.assertNotIn(key_body, data, name)
                self.assertNotIn(secret.encode(), data, name)
            self.assertNotIn(secret, daemon.log())
            # A second start keeps the first admin key and does not rewrite the file.
            daemon.start(with_admin_env=False)
            with open(creds_path) as f:
                self.assertEqual(f.read(), text)
            harness.boto3_client(daemon, access_key=access_key, secret=secret).list_certificates()
        finally:
            daemon.cleanup()


if __name__ == "__main__":
    unittest.main()
