"""ACM's private certificates with the real aws CLI and openssl: a root CA set up through
`aws acm-pca`, certificates requested from it with `aws acm request-certificate`, chains that
`openssl verify` accepts, export with a passphrase that `openssl pkey` opens, and managed renewal
over the simulated clock: success at 60 days, Renewal Action Required at 45 and 30 days while ACM
has no permission on the CA, and `aws acm renew-certificate` once it has it again."""
import datetime
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import harness
from harness import iso
from test_events import AwsCli

UTC = datetime.timezone.utc
DAY = datetime.timedelta(days=1)
START = datetime.datetime(2031, 1, 10, 9, 30, tzinfo=UTC)
AVAILABLE = "ACM Certificate Available"
ACTION_REQUIRED = "ACM Certificate Renewal Action Required"
ROOT_TEMPLATE = "arn:aws:acm-pca:::template/RootCACertificate/V1"
ACM_ACTIONS = ["IssueCertificate", "GetCertificate", "ListPermissions"]


def write(directory, name, data):
    path = os.path.join(directory, name)
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)
    return path


def create_root_ca(test, directory, cn="certflow test root", validity_days=3650):
    """An ACTIVE root CA made the way AWS documents it, with ACM's permission. `test` has aws().
    Returns (CA ARN, path of the CA certificate)."""
    config = {"KeyAlgorithm": "EC_prime256v1", "SigningAlgorithm": "SHA256WITHECDSA",
              "Subject": {"CommonName": cn, "Organization": "certflow tests"}}
    ca_arn = test.aws("acm-pca", "create-certificate-authority", "--certificate-authority-type", "ROOT",
                      "--certificate-authority-configuration", json.dumps(config))["CertificateAuthorityArn"]
    csr = test.aws("acm-pca", "get-certificate-authority-csr", "--certificate-authority-arn", ca_arn)["Csr"]
    csr_path = write(directory, "ca.csr", csr)
    certificate_arn = test.aws("acm-pca", "issue-certificate", "--certificate-authority-arn", ca_arn,
                               "--csr", "fileb://" + csr_path, "--signing-algorithm", "SHA256WITHECDSA",
                               "--template-arn", ROOT_TEMPLATE,
                               "--validity", "Value=%d,Type=DAYS" % validity_days)["CertificateArn"]
    certificate = test.aws("acm-pca", "get-certificate", "--certificate-authority-arn", ca_arn,
                           "--certificate-arn", certificate_arn)["Certificate"]
    ca_path = write(directory, "ca.pem", certificate)
    test.aws("acm-pca", "import-certificate-authority-certificate", "--certificate-authority-arn", ca_arn,
             "--certificate", "fileb://" + ca_path)
    grant_acm(test, ca_arn)
    return ca_arn, ca_path


def grant_acm(test, ca_arn):
    test.aws("acm-pca", "create-permission", "--certificate-authority-arn", ca_arn,
             "--principal", "acm.amazonaws.com", "--actions", *ACM_ACTIONS)


def revoke_acm(test, ca_arn):
    test.aws("acm-pca", "delete-permission", "--certificate-authority-arn", ca_arn,
             "--principal", "acm.amazonaws.com")


def request_private(test, ca_arn, domain, *extra):
    return test.aws("acm", "request-certificate", "--certificate-authority-arn", ca_arn,
                    "--domain-name", domain, "--key-algorithm", "EC_prime256v1", *extra)["CertificateArn"]


def next_midnight_at_or_after(moment):
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight if midnight == moment else midnight + DAY


class PrivateCertificateDaemon(AwsCli):
    """A fresh daemon per test on a simulated clock."""

    @classmethod
    def setUpClass(cls):
        cls.setup_cli()

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="certflow-private-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.daemon = harness.Daemon(extra_args=["--simulated-clock", "--clock-start", iso(START)],
                                     log_level="info").start()
        self.addCleanup(self.daemon.cleanup)
        self.seen_ids = set()

    def certflow(self, *args):
        proc = harness.run_certflow(self.daemon, *args)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    def now(self):
        shown = self.certflow("clock", "show").split()[0]
        return datetime.datetime.strptime(shown, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)

    def openssl(self, *args):
        proc = subprocess.run(["openssl"] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    def describe(self, arn):
        return self.aws("acm", "describe-certificate", "--certificate-arn", arn)["Certificate"]

    def new_events(self, detail_type=None):
        """Events not returned by an earlier call, oldest first."""
        events = json.loads(self.certflow("events", "list", "--json"))
        fresh = [e for e in events if e["id"] not in self.seen_ids]
        self.seen_ids.update(e["id"] for e in fresh)
        return [e for e in fresh if detail_type is None or e["detail-type"] == detail_type]

    def advance_to_days_left(self, arn, days):
        """Runs every daily evaluation up to the first one at which `days` or fewer are left."""
        not_after = harness.cli_time(self.describe(arn)["NotAfter"])
        self.certflow("clock", "set", iso(next_midnight_at_or_after(not_after - days * DAY)))

    def export(self, arn, passphrase):
        pass_path = write(self.tmp, "passphrase", passphrase)
        return self.aws("acm", "export-certificate", "--certificate-arn", arn,
                        "--passphrase", "fileb://" + pass_path)


class RequestAndExportTest(PrivateCertificateDaemon, unittest.TestCase):
    def test_request_verify_and_export_a_private_certificate(self):
        ca_arn, ca_path = create_root_ca(self, self.tmp)
        arn = request_private(self, ca_arn, "app.example.test", "--subject-alternative-names",
                              "app.example.test", "api.example.test", "--idempotency-token", "first")
        self.assertEqual(request_private(self, ca_arn, "app.example.test", "--subject-alternative-names",
                                         "app.example.test", "api.example.test",
                                         "--idempotency-token", "first"), arn)
        described = self.describe(arn)
        self.assertEqual((described["Status"], described["Type"]), ("ISSUED", "PRIVATE"))
        self.assertEqual(described["CertificateAuthorityArn"], ca_arn)
        self.assertEqual(described["KeyAlgorithm"], "EC_prime256v1")
        self.assertEqual(described["SubjectAlternativeNames"], ["app.example.test", "api.example.test"])
        self.assertEqual(described["RenewalEligibility"], "INELIGIBLE")
        self.assertNotIn("FailureReason", described)
        issued = self.new_events(AVAILABLE)
        self.assertEqual([(e["resources"], e["detail"]["Action"]) for e in issued], [([arn], "ISSUANCE")])

        got = self.aws("acm", "get-certificate", "--certificate-arn", arn)
        cert_path = write(self.tmp, "cert.pem", got["Certificate"])
        chain_path = write(self.tmp, "chain.pem", got["CertificateChain"])
        at = str(int(self.now().timestamp()) + 3600)  # the simulated clock's time, not the machine's
        self.assertIn("OK", self.openssl("verify", "-attime", at, "-CAfile", chain_path, cert_path))
        self.assertIn("OK", self.openssl("verify", "-attime", at, "-CAfile", ca_path, cert_path))

        exported = self.export(arn, b"correct horse battery staple")
        self.assertTrue(exported["PrivateKey"].startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        self.assertEqual(exported["Certificate"], got["Certificate"])
        key_path = write(self.tmp, "key.pem", exported["PrivateKey"])
        pass_path = write(self.tmp, "pass.txt", "correct horse battery staple\n")
        key_public = self.openssl("pkey", "-in", key_path, "-passin", "file:" + pass_path, "-pubout")
        cert_public = self.openssl("x509", "-in", cert_path, "-noout", "-pubkey")
        self.assertEqual(key_public, cert_public)
        wrong_path = write(self.tmp, "wrong.txt", "not the passphrase\n")
        wrong = subprocess.run(["openssl", "pkey", "-in", key_path, "-passin", "file:" + wrong_path],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertNotEqual(wrong.returncode, 0)

        described = self.describe(arn)
        self.assertIs(described.get("Exported", True), True)
        self.assertEqual(described["RenewalEligibility"], "ELIGIBLE")
        listed = self.aws("acm", "list-certificates", "--includes", "keyTypes=EC_prime256v1")
        summary = [s for s in listed["CertificateSummaryList"] if s["CertificateArn"] == arn][0]
        self.assertEqual((summary["Type"], summary["Exported"], summary["RenewalEligibility"]),
                         ("PRIVATE", True, "ELIGIBLE"))
        status, records = harness.certflow_api(self.daemon, "ListLogRecords", {"LogGroup": "/certflow/audit"})
        self.assertEqual(status, 200, records)
        messages = [r["Message"] for r in records["Records"]]
        self.assertEqual(len(messages), 1, messages)
        self.assertIn("ExportCertificate " + arn + " serial " + described["Serial"], messages[0])
        self.assertIn(harness.ADMIN_ID, messages[0])
        self.assertNotIn("horse", messages[0])

    def test_bad_requests_and_exports_fail_with_acms_codes(self):
        ca_arn, _ = create_root_ca(self, self.tmp)
        arn = request_private(self, ca_arn, "bad.example.test")
        for passphrase in (b"abc", b"p" * 129, b"has#hash", b"has%percent"):
            pass_path = write(self.tmp, "bad-pass", passphrase)
            code, _ = self.aws_fails("acm", "export-certificate", "--certificate-arn", arn,
                                     "--passphrase", "fileb://" + pass_path)
            self.assertEqual(code, "ValidationException", passphrase)
        self.assertIs(self.describe(arn).get("Exported", False), False)

        certs = harness.CertFactory()
        self.addCleanup(certs.cleanup)
        cert, key = certs.valid_between(START - 10 * DAY, START + 100 * DAY, cn="imported.example.test")
        imported = self.aws("acm", "import-certificate", "--certificate", "fileb://" + cert,
                            "--private-key", "fileb://" + key)["CertificateArn"]
        pass_path = write(self.tmp, "good-pass", b"good passphrase")
        code, message = self.aws_fails("acm", "export-certificate", "--certificate-arn", imported,
                                       "--passphrase", "fileb://" + pass_path)
        self.assertEqual(code, "ValidationException")
        self.assertIn("not a private certificate", message)

        code, message = self.aws_fails("acm", "request-certificate", "--domain-name", "public.example.test")
        self.assertEqual(code, "ValidationException")
        self.assertIn("--certificate-authority-arn", message)
        code, _ = self.aws_fails("acm", "request-certificate", "--domain-name", "bad_name.example.test",
                                 "--certificate-authority-arn", ca_arn)
        self.assertEqual(code, "ValidationException")
        code, _ = self.aws_fails("acm", "request-certificate", "--domain-name", "big.example.test",
                                 "--certificate-authority-arn", ca_arn, "--key-algorithm", "RSA_4096")
        self.assertEqual(code, "ValidationException")
        code, _ = self.aws_fails("acm", "renew-certificate", "--certificate-arn", arn)
        self.assertEqual(code, "ValidationException")  # never exported: not eligible

        # Without ACM's permission the request is recorded as FAILED, with the reason.
        revoke_acm(self, ca_arn)
        failed = request_private(self, ca_arn, "denied.example.test")
        described = self.describe(failed)
        self.assertEqual((described["Status"], described["FailureReason"]), ("FAILED", "PCA_ACCESS_DENIED"))


class ManagedRenewalTest(PrivateCertificateDaemon, unittest.TestCase):
    def test_renewal_over_simulated_days(self):
        ca_arn, ca_path = create_root_ca(self, self.tmp)
        arn = request_private(self, ca_arn, "renew.example.test")
        self.export(arn, b"renewal passphrase")
        first = self.describe(arn)
        self.new_events()

        # 60 days before expiry ACM renews: same ARN, new serial, Available with Action RENEWAL.
        self.advance_to_days_left(arn, 60)
        renewed = self.describe(arn)
        self.assertNotEqual(renewed["Serial"], first["Serial"])
        self.assertGreater(harness.cli_time(renewed["NotAfter"]), harness.cli_time(first["NotAfter"]))
        self.assertEqual(renewed["RenewalSummary"]["RenewalStatus"], "SUCCESS")
        available = self.new_events(AVAILABLE)
        self.assertEqual(len(available), 1)
        self.assertEqual(available[0]["resources"], [arn])
        self.assertEqual(available[0]["detail"]["Action"], "RENEWAL")
        self.assertEqual(available[0]["detail"]["CertificateType"], "PRIVATE")
        got = self.aws("acm", "get-certificate", "--certificate-arn", arn)
        cert_path = write(self.tmp, "renewed.pem", got["Certificate"])
        at = str(int(self.now().timestamp()) + 3600)
        self.assertIn("OK", self.openssl("verify", "-attime", at, "-CAfile", ca_path, cert_path))

        # Without ACM's permission: quiet at 60 days, Renewal Action Required at 45 and 30.
        revoke_acm(self, ca_arn)
        self.advance_to_days_left(arn, 60)
        failing = self.describe(arn)
        self.assertEqual(failing["RenewalSummary"]["RenewalStatus"], "FAILED")
        self.assertEqual(failing["RenewalSummary"]["RenewalStatusReason"], "PCA_ACCESS_DENIED")
        self.assertEqual(failing["Serial"], renewed["Serial"])
        self.assertEqual(self.new_events(ACTION_REQUIRED), [])
        for days in (45, 30):
            self.advance_to_days_left(arn, days)
            required = self.new_events(ACTION_REQUIRED)
            self.assertEqual(len(required), 1, days)
            self.assertEqual(required[0]["resources"], [arn])
            self.assertEqual(required[0]["detail"]["RenewalStatusReason"], "PCA_ACCESS_DENIED")
            self.assertEqual(required[0]["detail"]["DaysToExpiry"], days)
            self.assertEqual(required[0]["detail"]["CertificateType"], "PRIVATE")

        # Permission restored: RenewCertificate renews at once.
        grant_acm(self, ca_arn)
        self.assertEqual(self.aws("acm", "renew-certificate", "--certificate-arn", arn), {})
        fixed = self.describe(arn)
        self.assertEqual(fixed["RenewalSummary"]["RenewalStatus"], "SUCCESS")
        self.assertNotIn("RenewalStatusReason", fixed["RenewalSummary"])
        self.assertNotEqual(fixed["Serial"], renewed["Serial"])
        self.assertEqual([e["detail"]["Action"] for e in self.new_events(AVAILABLE)], ["RENEWAL"])


if __name__ == "__main__":
    unittest.main()
