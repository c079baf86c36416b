"""`certflow serve` options: config file, region and account id, master key from the
environment, and refusing requests signed for another region."""
import os
import subprocess
import tempfile
import unittest

import botocore.exceptions

import harness
from harness import read


class ServeOptionsTest(unittest.TestCase):
    def setUp(self):
        self.certs = harness.CertFactory()

    def tearDown(self):
        self.certs.cleanup()

    def test_config_file_sets_region_and_account(self):
        data_dir = tempfile.mkdtemp(prefix="certflow-it-")
        daemon = harness.Daemon(data_dir=data_dir)
        config = os.path.join(data_dir, "certflow.toml")
        with open(config, "w") as f:
            f.write('[serve]\nregion = "eu-west-1"\naccount-id = "123456789012"\nlog-level = "warn"\n')
        daemon.extra_args = ["--config", config]
        daemon.start()
        try:
            acm = harness.boto3_client(daemon, region="eu-west-1")
            cert, key = self.certs.self_signed()
            arn = acm.import_certificate(Certificate=read(cert), PrivateKey=read(key))["CertificateArn"]
            self.assertTrue(arn.startswith("arn:aws:acm:eu-west-1:123456789012:certificate/"), arn)
            # A request signed for another region is refused with the reason.
            other = harness.boto3_client(daemon, region="us-east-1")
            with self.assertRaises(botocore.exceptions.ClientError) as ctx:
                other.list_certificates()
            self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidSignatureException")
            self.assertIn("eu-west-1", ctx.exception.response["Error"]["Message"])
        finally:
            daemon.cleanup()

    def test_master_key_from_environment_is_required_to_reopen(self):
        key_hex = "ab" * 32
        daemon = harness.Daemon(env={"CERTFLOW_MASTER_KEY": key_hex}).start()
        try:
            self.assertFalse(os.path.exists(os.path.join(daemon.data_dir, "master.key")))
            acm = harness.boto3_client(daemon)
            cert, key = self.certs.self_signed()
            arn = acm.import_certificate(Certificate=read(cert), PrivateKey=read(key))["CertificateArn"]
            daemon.stop()
            daemon.start()
            harness.boto3_client(daemon).describe_certificate(CertificateArn=arn)
        finally:
            daemon.cleanup()

    def test_malformed_master_key_stops_the_start_with_a_clear_message(self):
        data_dir = tempfile.mkdtemp(prefix="certflow-it-")
        env = dict(os.environ, CERTFLOW_MASTER_KEY="not-a-key")
        proc = subprocess.run([harness.CERTFLOW, "serve", "--listen", "127.0.0.1:%d" % harness.free_port(),
                               "--data-dir", data_dir], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=env, timeout=30)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("CERTFLOW_MASTER_KEY", proc.stderr.decode())
        self.assertNotIn("not-a-key", proc.stderr.decode())

    def test_bad_listen_address_is_refused(self):
        proc = subprocess.run([harness.CERTFLOW, "serve", "--listen", "nonsense"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=30)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("HOST:PORT", proc.stderr.decode())


if __name__ == "__main__":
    unittest.main()
