"""The real aws CLI against certflow: every ACM operation, pagination across many pages, and
error exit codes. CERTFLOW_AWS_CLI names the aws binary (v2 from Debian or v1 from pyenv)."""
import json
import os
import subprocess
import unittest

import harness

AWS = os.environ.get("CERTFLOW_AWS_CLI", "aws")


class AwsCliTest(harness.DaemonTestCase, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = dict(os.environ, AWS_ACCESS_KEY_ID=harness.ADMIN_ID,
                       AWS_SECRET_ACCESS_KEY=harness.ADMIN_SECRET, AWS_DEFAULT_REGION="us-east-1",
                       AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null",
                       AWS_PAGER="")
        cls.version = subprocess.run([AWS, "--version"], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT).stdout.decode()
        # CLI v2 exits 254 on a service error, v1 exits 255.
        cls.error_exit = 254 if "aws-cli/2" in cls.version else 255

    def aws(self, *args, expect_ok=True):
        proc = subprocess.run([AWS, "acm"] + list(args) + ["--endpoint-url", self.daemon.endpoint,
                                                           "--output", "json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        if expect_ok:
            self.assertEqual(proc.returncode, 0, proc.stderr.decode())
            out = proc.stdout.decode().strip()
            return json.loads(out) if out else {}
        return proc

    def import_new(self, **kwargs):
        cert, key = self.certs.self_signed(**kwargs)
        return self.aws("import-certificate", "--certificate", "fileb://" + cert,
                        "--private-key", "fileb://" + key)["CertificateArn"]

    def test_cli_version_is_known(self):
        self.assertRegex(self.version, r"aws-cli/[12]\.")

    def test_import_describe_get_delete(self):
        ca_cert, ca_key = self.certs.ca()
        leaf, key = self.certs.leaf(ca_cert, ca_key, cn="cli.example.com", sans=("cli.example.com",))
        arn = self.aws("import-certificate", "--certificate", "fileb://" + leaf, "--private-key",
                       "fileb://" + key, "--certificate-chain", "fileb://" + ca_cert,
                       "--tags", "Key=env,Value=dev")["CertificateArn"]
        detail = self.aws("describe-certificate", "--certificate-arn", arn)["Certificate"]
        self.assertEqual(detail["DomainName"], "cli.example.com")
        self.assertEqual(detail["Type"], "IMPORTED")
        self.assertEqual(detail["Status"], "ISSUED")
        got = self.aws("get-certificate", "--certificate-arn", arn)
        with open(leaf) as f:
            self.assertEqual(got["Certificate"].strip(), f.read().strip())
        self.assertIn("BEGIN CERTIFICATE", got["CertificateChain"])
        self.aws("delete-certificate", "--certificate-arn", arn)
        proc = self.aws("describe-certificate", "--certificate-arn", arn, expect_ok=False)
        self.assertEqual(proc.returncode, self.error_exit)
        self.assertIn("ResourceNotFoundException", proc.stderr.decode())

    def test_reimport_keeps_the_arn(self):
        arn = self.import_new(cn="again.example.com", sans=("again.example.com",))
        cert, key = self.certs.self_signed(cn="again.example.com", sans=("again.example.com",))
        out = self.aws("import-certificate", "--certificate-arn", arn, "--certificate", "fileb://" + cert,
                       "--private-key", "fileb://" + key)
        self.assertEqual(out["CertificateArn"], arn)

    def test_list_paginates_across_many_pages(self):
        # Uses its own daemon, so the count is exact.
        daemon = harness.Daemon().start()
        try:
            cert, key = self.certs.self_signed()
            created = set()
            for _ in range(23):
                proc = subprocess.run(
                    [AWS, "acm", "import-certificate", "--certificate", "fileb://" + cert,
                     "--private-key", "fileb://" + key, "--endpoint-url", daemon.endpoint,
                     "--output", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
                self.assertEqual(proc.returncode, 0, proc.stderr.decode())
                created.add(json.loads(proc.stdout)["CertificateArn"])
            # --page-size 5: the CLI follows NextToken through 5 pages.
            proc = subprocess.run([AWS, "acm", "list-certificates", "--page-size", "5", "--endpoint-url",
                                   daemon.endpoint, "--output", "json"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
            self.assertEqual(proc.returncode, 0, proc.stderr.decode())
            listed = [c["CertificateArn"] for c in json.loads(proc.stdout)["CertificateSummaryList"]]
            self.assertEqual(len(listed), 23)
            self.assertEqual(set(listed), created)
            # --max-items stops early and hands back a token to resume from.
            proc = subprocess.run([AWS, "acm", "list-certificates", "--max-items", "7", "--page-size", "3",
                                   "--endpoint-url", daemon.endpoint, "--output", "json"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
            first = json.loads(proc.stdout)
            self.assertEqual(len(first["CertificateSummaryList"]), 7)
            self.assertIn("NextToken", first)
        finally:
            daemon.cleanup()

    def test_tags(self):
        arn = self.import_new()
        self.aws("add-tags-to-certificate", "--certificate-arn", arn, "--tags",
                 "Key=env,Value=prod", "Key=owner,Value=pki")
        tags = self.aws("list-tags-for-certificate", "--certificate-arn", arn)["Tags"]
        self.assertEqual(tags, [{"Key": "env", "Value": "prod"}, {"Key": "owner", "Value": "pki"}])
        self.aws("remove-tags-from-certificate", "--certificate-arn", arn, "--tags", "Key=env")
        tags = self.aws("list-tags-for-certificate", "--certificate-arn", arn)["Tags"]
        self.assertEqual(tags, [{"Key": "owner", "Value": "pki"}])

    def test_account_configuration(self):
        self.aws("put-account-configuration", "--expiry-events", "DaysBeforeExpiry=10",
                 "--idempotency-token", "clitoken")
        self.assertEqual(self.aws("get-account-configuration")["ExpiryEvents"]["DaysBeforeExpiry"], 10)
        proc = self.aws("put-account-configuration", "--expiry-events", "DaysBeforeExpiry=46",
                        "--idempotency-token", "clitoken2", expect_ok=False)
        self.assertEqual(proc.returncode, self.error_exit)
        self.assertIn("ValidationException", proc.stderr.decode())

    def test_errors_exit_with_the_cli_error_code(self):
        proc = self.aws("describe-certificate", "--certificate-arn", "arn:aws:acm:us-east-1:1x:certificate/bad",
                        expect_ok=False)
        self.assertEqual(proc.returncode, self.error_exit)
        self.assertIn("InvalidArnException", proc.stderr.decode())
        _, key = self.certs.self_signed()
        garbage = os.path.join(self.certs.dir, "garbage.pem")
        with open(garbage, "w") as f:
            f.write("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
        proc = self.aws("import-certificate", "--certificate", "fileb://" + garbage, "--private-key",
                        "fileb://" + key, expect_ok=False)
        self.assertEqual(proc.returncode, self.error_exit)
        self.assertIn("ValidationException", proc.stderr.decode())


if __name__ == "__main__":
    unittest.main()
