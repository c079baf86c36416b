"""The real aws CLI's acm-pca commands against certflow's private CAs: a root and a subordinate
CA built the way the AWS user guide builds them (CSR, IssueCertificate with the CA templates,
import), an end-entity certificate for an openssl-made CSR verified by `openssl verify`, its
revocation read back from the CRL served at the URL in the certificate, Private CA's error codes,
permissions, tags, delete and restore; then boto3 for describe and list. CERTFLOW_AWS_CLI names
the aws binary (v2 from Debian or v1 from pyenv)."""
import json
import os
import re
import subprocess
import unittest
import urllib.request

import harness

AWS = os.environ.get("CERTFLOW_AWS_CLI", "aws")
ROOT_TEMPLATE = "arn:aws:acm-pca:::template/RootCACertificate/V1"
SUB_TEMPLATE = "arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1"


def openssl(*args, check=True):
    return subprocess.run(["openssl"] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, check=check)


class PcaCliTest(harness.DaemonTestCase, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = dict(os.environ, AWS_ACCESS_KEY_ID=harness.ADMIN_ID,
                       AWS_SECRET_ACCESS_KEY=harness.ADMIN_SECRET, AWS_DEFAULT_REGION="us-east-1",
                       AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null",
                       AWS_PAGER="")
        version = subprocess.run([AWS, "--version"], stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT).stdout.decode()
        # CLI v2 exits 254 on a service error, v1 exits 255.
        cls.error_exit = 254 if "aws-cli/2" in version else 255
        cls.root_arn, cls.root_pem = cls.make_active_root("certflow Test Root")
        cls.sub_arn, cls.sub_pem = cls.make_subordinate()

    # ---- helpers --------------------------------------------------------------------------

    @classmethod
    def run_aws(cls, *args):
        return subprocess.run([AWS, "acm-pca"] + list(args) +
                              ["--endpoint-url", cls.daemon.endpoint, "--output", "json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cls.env,
                              universal_newlines=True)

    @classmethod
    def aws_ok(cls, *args):
        proc = cls.run_aws(*args)
        if proc.returncode != 0:
            raise AssertionError("aws acm-pca %s failed: %s" % (args[0], proc.stderr))
        out = proc.stdout.strip()
        return json.loads(out) if out else {}

    def aws_error(self, code, *args):
        proc = self.run_aws(*args)
        self.assertEqual(proc.returncode, self.error_exit, proc.stdout + proc.stderr)
        self.assertIn("(%s)" % code, proc.stderr)
        return proc.stderr

    @classmethod
    def path(cls, name):
        return os.path.join(cls.certs.dir, name)

    @classmethod
    def write(cls, name, text):
        with open(cls.path(name), "w") as f:
            f.write(text)
        return cls.path(name)

    @classmethod
    def create_ca(cls, ca_type, key_algorithm, signing_algorithm, common_name):
        config = {"KeyAlgorithm": key_algorithm, "SigningAlgorithm": signing_algorithm,
                  "Subject": {"CommonName": common_name, "Organization": "Example Corp",
                              "Country": "US"}}
        revocation = {"CrlConfiguration": {"Enabled": True, "ExpirationInDays": 7}}
        arn = cls.aws_ok("create-certificate-authority", "--certificate-authority-configuration",
                         json.dumps(config), "--revocation-configuration", json.dumps(revocation),
                         "--certificate-authority-type", ca_type)["CertificateAuthorityArn"]
        cls.aws_ok("wait", "certificate-authority-csr-created", "--certificate-authority-arn", arn)
        csr = cls.aws_ok("get-certificate-authority-csr", "--certificate-authority-arn", arn)["Csr"]
        return arn, cls.write(arn.rsplit("/", 1)[1] + ".csr", csr)

    @classmethod
    def issue(cls, ca_arn, csr_path, signing_algorithm, validity, template=None):
        args = ["issue-certificate", "--certificate-authority-arn", ca_arn, "--csr",
                "fileb://" + csr_path, "--signing-algorithm", signing_algorithm, "--validity",
                validity]
        if template:
            args += ["--template-arn", template]
        cert_arn = cls.aws_ok(*args)["CertificateArn"]
        cls.aws_ok("wait", "certificate-issued", "--certificate-authority-arn", ca_arn,
                   "--certificate-arn", cert_arn)
        return cert_arn, cls.aws_ok("get-certificate", "--certificate-authority-arn", ca_arn,
                                    "--certificate-arn", cert_arn)

    @classmethod
    def make_active_root(cls, common_name):
        arn, csr = cls.create_ca("ROOT", "EC_prime256v1", "SHA256WITHECDSA", common_name)
        _, got = cls.issue(arn, csr, "SHA256WITHECDSA", "Value=10,Type=YEARS", ROOT_TEMPLATE)
        pem = cls.write(arn.rsplit("/", 1)[1] + ".pem", got["Certificate"])
        cls.aws_ok("import-certificate-authority-certificate", "--certificate-authority-arn", arn,
                   "--certificate", "fileb://" + pem)
        return arn, pem

    @classmethod
    def make_subordinate(cls):
        arn, csr = cls.create_ca("SUBORDINATE", "RSA_2048", "SHA256WITHRSA", "certflow Test Sub")
        _, got = cls.issue(cls.root_arn, csr, "SHA256WITHECDSA", "Value=5,Type=YEARS", SUB_TEMPLATE)
        pem = cls.write("sub.pem", got["Certificate"])
        chain = cls.write("sub-chain.pem", got["CertificateChain"])
        cls.aws_ok("import-certificate-authority-certificate", "--certificate-authority-arn", arn,
                   "--certificate", "fileb://" + pem, "--certificate-chain", "fileb://" + chain)
        return arn, pem

    def describe(self, arn):
        return self.aws_ok("describe-certificate-authority",
                           "--certificate-authority-arn", arn)["CertificateAuthority"]

    def leaf_csr(self, cn):
        key = self.certs.key("rsa2048")
        csr = self.path(cn + ".csr")
        openssl("req", "-new", "-key", key, "-out", csr, "-subj", "/CN=%s/O=Example Corp" % cn,
                "-addext", "subjectAltName=DNS:" + cn)
        return csr

    # ---- tests ----------------------------------------------------------------------------

    def test_root_and_subordinate_are_active(self):
        root = self.describe(self.root_arn)
        self.assertEqual(root["Status"], "ACTIVE")
        self.assertEqual(root["Type"], "ROOT")
        self.assertEqual(root["CertificateAuthorityConfiguration"]["KeyAlgorithm"], "EC_prime256v1")
        self.assertTrue(root["RevocationConfiguration"]["CrlConfiguration"]["Enabled"])
        serial = openssl("x509", "-noout", "-serial", "-in", self.root_pem).stdout.strip()
        self.assertEqual(root["Serial"].replace(":", "").upper().lstrip("0"),
                         serial.split("=", 1)[1].lstrip("0"))
        sub = self.describe(self.sub_arn)
        self.assertEqual(sub["Status"], "ACTIVE")
        self.assertEqual(sub["Type"], "SUBORDINATE")
        got = self.aws_ok("get-certificate-authority-certificate", "--certificate-authority-arn",
                          self.sub_arn)
        self.assertIn("BEGIN CERTIFICATE", got["CertificateChain"])
        text = openssl("x509", "-noout", "-text", "-in", self.sub_pem).stdout
        self.assertRegex(text, r"CA:TRUE, pathlen:0")
        listed = self.aws_ok("list-certificate-authorities")["CertificateAuthorities"]
        arns = {ca["Arn"] for ca in listed}
        self.assertLessEqual({self.root_arn, self.sub_arn}, arns)

    def test_leaf_verifies_and_its_revocation_is_in_the_served_crl(self):
        _, got = self.issue(self.sub_arn, self.leaf_csr("leaf.example.com"), "SHA256WITHRSA",
                            "Value=30,Type=DAYS")
        leaf = self.write("leaf.pem", got["Certificate"])
        verified = openssl("verify", "-CAfile", self.root_pem, "-untrusted", self.sub_pem, leaf,
                           check=False)
        self.assertEqual(verified.returncode, 0, verified.stdout + verified.stderr)
        self.assertIn("leaf.pem: OK", verified.stdout)

        plain = openssl("x509", "-noout", "-serial", "-in", leaf).stdout.strip().split("=", 1)[1]
        colon = ":".join(plain[i:i + 2] for i in range(0, len(plain), 2)).lower()
        self.aws_ok("revoke-certificate", "--certificate-authority-arn", self.sub_arn,
                    "--certificate-serial", colon, "--revocation-reason", "KEY_COMPROMISE")
        self.aws_error("RequestAlreadyProcessedException", "revoke-certificate",
                       "--certificate-authority-arn", self.sub_arn, "--certificate-serial", colon,
                       "--revocation-reason", "KEY_COMPROMISE")

        points = openssl("x509", "-noout", "-ext", "crlDistributionPoints", "-in", leaf).stdout
        urls = re.findall(r"URI:(\S+)", points)
        self.assertEqual(len(urls), 1, points)
        uuid = self.sub_arn.rsplit("/", 1)[1]
        self.assertEqual(urls[0], "%s/crl/%s.crl" % (self.daemon.endpoint, uuid))
        with urllib.request.urlopen(urls[0], timeout=10) as response:
            self.assertEqual(response.headers["Content-Type"], "application/pkix-crl")
            crl = self.path("sub.crl")
            with open(crl, "wb") as f:
                f.write(response.read())
        text = openssl("crl", "-inform", "DER", "-in", crl, "-noout", "-text").stdout
        self.assertIn("Serial Number: " + plain.upper(), text)
        self.assertIn("Key Compromise", text)
        bundle = self.write("bundle.pem", open(self.sub_pem).read() + open(self.root_pem).read())
        checked = openssl("crl", "-inform", "DER", "-in", crl, "-noout", "-CAfile", bundle,
                          check=False)
        self.assertEqual(checked.returncode, 0, checked.stderr)
        self.assertIn("verify OK", checked.stdout + checked.stderr)

    def test_errors_carry_private_ca_codes(self):
        bad = self.write("bad.csr", "this is not a certificate signing request\n")
        self.aws_error("MalformedCSRException", "issue-certificate", "--certificate-authority-arn",
                       self.root_arn, "--csr", "fileb://" + bad, "--signing-algorithm",
                       "SHA256WITHECDSA", "--validity", "Value=30,Type=DAYS")
        self.aws_error("InvalidArgsException", "issue-certificate", "--certificate-authority-arn",
                       self.root_arn, "--csr", "fileb://" + self.leaf_csr("rsa.example.com"),
                       "--signing-algorithm", "SHA256WITHRSA", "--validity", "Value=30,Type=DAYS")
        unknown = self.root_arn.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
        self.aws_error("ResourceNotFoundException", "describe-certificate-authority",
                       "--certificate-authority-arn", unknown)

    def test_disable_delete_restore(self):
        arn, _ = self.make_active_root("certflow Short-lived Root")
        self.aws_ok("update-certificate-authority", "--certificate-authority-arn", arn,
                    "--status", "DISABLED")
        self.assertEqual(self.describe(arn)["Status"], "DISABLED")
        self.aws_error("InvalidStateException", "issue-certificate", "--certificate-authority-arn",
                       arn, "--csr", "fileb://" + self.leaf_csr("off.example.com"),
                       "--signing-algorithm", "SHA256WITHECDSA", "--validity", "Value=30,Type=DAYS")
        self.aws_ok("delete-certificate-authority", "--certificate-authority-arn", arn,
                    "--permanent-deletion-time-in-days", "7")
        deleted = self.describe(arn)
        self.assertEqual(deleted["Status"], "DELETED")
        self.assertIn("RestorableUntil", deleted)
        self.aws_ok("restore-certificate-authority", "--certificate-authority-arn", arn)
        self.assertEqual(self.describe(arn)["Status"], "DISABLED")
        self.aws_ok("update-certificate-authority", "--certificate-authority-arn", arn,
                    "--status", "ACTIVE")
        self.assertEqual(self.describe(arn)["Status"], "ACTIVE")

    def test_permissions_for_acm(self):
        grant = ["--certificate-authority-arn", self.root_arn, "--principal", "acm.amazonaws.com"]
        self.aws_ok("create-permission", *grant, "--actions", "IssueCertificate", "GetCertificate",
                    "ListPermissions")
        self.aws_error("PermissionAlreadyExistsException", "create-permission", *grant,
                       "--actions", "IssueCertificate")
        listed = self.aws_ok("list-permissions", "--certificate-authority-arn",
                             self.root_arn)["Permissions"]
        self.assertEqual(len(listed), 1)
        self.assertEqual(listed[0]["Principal"], "acm.amazonaws.com")
        self.assertEqual(sorted(listed[0]["Actions"]),
                         ["GetCertificate", "IssueCertificate", "ListPermissions"])
        self.aws_ok("delete-permission", *grant)
        self.assertEqual(self.aws_ok("list-permissions", "--certificate-authority-arn",
                                     self.root_arn)["Permissions"], [])

    def test_tags(self):
        self.aws_ok("tag-certificate-authority", "--certificate-authority-arn", self.sub_arn,
                    "--tags", "Key=team,Value=pki", "Key=tier")
        tags = self.aws_ok("list-tags", "--certificate-authority-arn", self.sub_arn)["Tags"]
        self.assertIn({"Key": "team", "Value": "pki"}, tags)
        self.assertIn({"Key": "tier"}, tags)
        self.aws_ok("untag-certificate-authority", "--certificate-authority-arn", self.sub_arn,
                    "--tags", "Key=team")
        tags = self.aws_ok("list-tags", "--certificate-authority-arn", self.sub_arn)["Tags"]
        self.assertEqual(tags, [{"Key": "tier"}])

    def test_boto3_describe_and_list(self):
        client = harness.boto3_client(self.daemon, service="acm-pca")
        ca = client.describe_certificate_authority(
            CertificateAuthorityArn=self.root_arn)["CertificateAuthority"]
        self.assertEqual(ca["Status"], "ACTIVE")
        self.assertEqual(ca["OwnerAccount"], harness.ACCOUNT)
        self.assertLess(ca["NotBefore"], ca["NotAfter"])  # datetimes, parsed from epoch seconds
        pages = client.get_paginator("list_certificate_authorities").paginate(
            PaginationConfig={"PageSize": 1})
        arns = [item["Arn"] for page in pages for item in page["CertificateAuthorities"]]
        self.assertEqual(len(arns), len(set(arns)))
        self.assertLessEqual({self.root_arn, self.sub_arn}, set(arns))


if __name__ == "__main__":
    unittest.main()
