"""Every ACM operation certflow serves, driven through boto3 against a real daemon."""
import datetime
import unittest

import botocore.exceptions

import harness
from harness import read


def error_code(ctx):
    return ctx.exception.response["Error"]["Code"]


class AcmBoto3Test(harness.DaemonTestCase, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acm = harness.boto3_client(cls.daemon)

    def import_new(self, **kwargs):
        cert, key = self.certs.self_signed(**kwargs)
        return self.acm.import_certificate(Certificate=read(cert), PrivateKey=read(key))["CertificateArn"]

    # --- import and describe ------------------------------------------------------------

    def test_import_then_describe_reports_every_field(self):
        cert, key = self.certs.self_signed(cn="www.example.com", sans=("www.example.com", "example.com"))
        arn = self.acm.import_certificate(Certificate=read(cert), PrivateKey=read(key),
                                          Tags=[{"Key": "env", "Value": "dev"}])["CertificateArn"]
        self.assertRegex(arn, r"^arn:aws:acm:us-east-1:000000000000:certificate/[0-9a-f-]{36}$")
        detail = self.acm.describe_certificate(CertificateArn=arn)["Certificate"]
        self.assertEqual(detail["CertificateArn"], arn)
        self.assertEqual(detail["DomainName"], "www.example.com")
        self.assertEqual(detail["SubjectAlternativeNames"], ["www.example.com", "example.com"])
        self.assertEqual(detail["Type"], "IMPORTED")
        self.assertEqual(detail["Status"], "ISSUED")
        self.assertEqual(detail["KeyAlgorithm"], "RSA_2048")
        self.assertEqual(detail["SignatureAlgorithm"], "SHA256WITHRSA")
        self.assertIn("CN=www.example.com", detail["Subject"])
        self.assertEqual(detail["Subject"], detail["Issuer"])
        self.assertRegex(detail["Serial"], r"^[0-9a-f]{2}(:[0-9a-f]{2})+$")
        self.assertIsInstance(detail["NotBefore"], datetime.datetime)
        self.assertGreater(detail["NotAfter"], detail["NotBefore"])
        self.assertIsInstance(detail["CreatedAt"], datetime.datetime)
        self.assertIsInstance(detail["ImportedAt"], datetime.datetime)
        self.assertEqual(detail["InUseBy"], [])
        self.assertEqual(detail["RenewalEligibility"], "INELIGIBLE")
        self.assertEqual(sorted(u["Name"] for u in detail["KeyUsages"]),
                         ["DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT"])
        self.assertEqual(sorted(u["Name"] for u in detail["ExtendedKeyUsages"]),
                         ["TLS_WEB_CLIENT_AUTHENTICATION", "TLS_WEB_SERVER_AUTHENTICATION"])
        self.assertNotIn("DomainValidationOptions", detail)

    def test_ec_certificate_reports_its_curve(self):
        arn = self.import_new(kind="ec384", cn="ec.example.com", sans=("ec.example.com",))
        detail = self.acm.describe_certificate(CertificateArn=arn)["Certificate"]
        self.assertEqual(detail["KeyAlgorithm"], "EC_secp384r1")
        self.assertEqual(detail["SignatureAlgorithm"], "SHA256WITHECDSA")

    def test_import_with_chain_and_get_certificate_returns_both(self):
        ca_cert, ca_key = self.certs.ca()
        leaf, key = self.certs.leaf(ca_cert, ca_key)
        arn = self.acm.import_certificate(Certificate=read(leaf), PrivateKey=read(key),
                                          CertificateChain=read(ca_cert))["CertificateArn"]
        got = self.acm.get_certificate(CertificateArn=arn)
        self.assertIn("-----BEGIN CERTIFICATE-----", got["Certificate"])
        self.assertIn("-----BEGIN CERTIFICATE-----", got["CertificateChain"])
        detail = self.acm.describe_certificate(CertificateArn=arn)["Certificate"]
        self.assertEqual(detail["Issuer"], "CN=certflow test root")
        self.assertNotIn("PrivateKey", got)

    def test_reimport_keeps_arn_and_replaces_certificate(self):
        cert, key = self.certs.self_signed(cn="re.example.com", sans=("re.example.com",))
        arn = self.acm.import_certificate(Certificate=read(cert), PrivateKey=read(key),
                                          Tags=[{"Key": "team", "Value": "pki"}])["CertificateArn"]
        before = self.acm.describe_certificate(CertificateArn=arn)["Certificate"]
        cert2, key2 = self.certs.self_signed(cn="re.example.com", sans=("re.example.com", "new.example.com"))
        again = self.acm.import_certificate(CertificateArn=arn, Certificate=read(cert2),
                                            PrivateKey=read(key2))["CertificateArn"]
        self.assertEqual(again, arn)
        after = self.acm.describe_certificate(CertificateArn=arn)["Certificate"]
        self.assertNotEqual(after["Serial"], before["Serial"])
        self.assertEqual(after["SubjectAlternativeNames"], ["re.example.com", "new.example.com"])
        self.assertEqual(after["CreatedAt"], before["CreatedAt"])
        self.assertEqual(self.acm.list_tags_for_certificate(CertificateArn=arn)["Tags"],
                         [{"Key": "team", "Value": "pki"}])

    def test_reimport_with_tags_is_rejected(self):
        arn = self.import_new()
        cert, key = self.certs.self_signed()
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.acm.import_certificate(CertificateArn=arn, Certificate=read(cert), PrivateKey=read(key),
                                        Tags=[{"Key": "a", "Value": "b"}])
        self.assertEqual(error_code(ctx), "InvalidParameterException")

    def test_reimport_with_another_key_type_is_rejected(self):
        arn = self.import_new(kind="rsa2048")
        cert, key = self.certs.self_signed(kind="ec256")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.acm.import_certificate(CertificateArn=arn, Certificate=read(cert), PrivateKey=read(key))
        self.assertEqual(error_code(ctx), "ValidationException")
        self.assertIn("key type", ctx.exception.response["Error"]["Message"])

    def test_reimport_to_unknown_arn_is_not_found(self):
        cert, key = self.certs.self_signed()
        missing = "arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-4000-8000-000000000000"
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.acm.import_certificate(CertificateArn=missing, Certificate=read(cert), PrivateKey=read(key))
        self.assertEqual(error_code(ctx), "ResourceNotFoundException")

    # --- list ---------------------------------------------------------------------------

    def test_list_defaults_to_rsa_2048_and_includes_filters_key_types(self):
        rsa = self.import_new(kind="rsa2048")
        ec = self.import_new(kind="ec256")
        default = [c["CertificateArn"] for c in self.all_summaries()]
        self.assertIn(rsa, default)
        self.assertNotIn(ec, default)
        only_ec = [c["CertificateArn"] for c in self.all_summaries(Includes={"keyTypes": ["EC_prime256v1"]})]
        self.assertIn(ec, only_ec)
        self.assertNotIn(rsa, only_ec)

    def test_list_summary_carries_acm_fields(self):
        arn = self.import_new(cn="sum.example.com", sans=("sum.example.com",))
        summary = [c for c in self.all_summaries() if c["CertificateArn"] == arn][0]
        self.assertEqual(summary["DomainName"], "sum.example.com")
        self.assertEqual(summary["SubjectAlternativeNameSummaries"], ["sum.example.com"])
        self.assertFalse(summary["HasAdditionalSubjectAlternativeNames"])
        self.assertEqual(summary["Status"], "ISSUED")
        self.assertEqual(summary["Type"], "IMPORTED")
        self.assertEqual(summary["KeyAlgorithm"], "RSA_2048")
        self.assertFalse(summary["InUse"])
        self.assertEqual(summary["RenewalEligibility"], "INELIGIBLE")
        self.assertIsInstance(summary["NotAfter"], datetime.datetime)

    def test_list_status_filter(self):
        self.import_new()
        issued = self.all_summaries(CertificateStatuses=["ISSUED"])
        self.assertTrue(issued)
        self.assertTrue(all(c["Status"] == "ISSUED" for c in issued))
        self.assertEqual(self.all_summaries(CertificateStatuses=["REVOKED"]), [])

    def test_list_sorts_by_created_at_both_ways(self):
        for _ in range(3):
            self.import_new()
        asc = [c["CreatedAt"] for c in self.all_summaries(SortBy="CREATED_AT", SortOrder="ASCENDING")]
        desc = [c["CreatedAt"] for c in self.all_summaries(SortBy="CREATED_AT", SortOrder="DESCENDING")]
        self.assertEqual(asc, sorted(asc))
        self.assertEqual(desc, sorted(desc, reverse=True))

    def test_list_rejects_bad_next_token_and_max_items(self):
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.acm.list_certificates(NextToken="not-a-token")
        self.assertEqual(error_code(ctx), "InvalidArgsException")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.acm.list_certificates(MaxItems=1001)
        self.assertEqual(error_code(ctx), "ValidationException")

    def all_summaries(self, **kwargs):
        out = []
        for page in self.acm.get_paginator("list_certificates").paginate(**kwargs):
            out.extend(page["CertificateSummaryList"])
        return out

    # --- tags, delete, account ----------------------------------------------------------

    def test_tags_add_list_remove(self):
        arn = self.import_new()
        self.acm.add_tags_to_certificate(CertificateArn=arn, Tags=[
            {"Key": "env", "Value": "prod"}, {"Key": "owner", "Value": "pki"}, {"Key": "flag"}])
        tags = self.acm.list_tags_for_certificate(CertificateArn=arn)["Tags"]
        self.assertEqual(tags, [{"Key": "env", "Value": "prod"}, {"Key": "owner", "Value": "pki"},
                                {"Key": "flag"}])
        # A value that does not match leaves the tag; no value removes the key.
        self.acm.remove_tags_from_certificate(CertificateArn=arn, Tags=[
            {"Key": "env", "Value": "dev"}, {"Key": "owner"}])
        tags = self.acm.list_tags_for_certificate(CertificateArn=arn)["Tags"]
        self.assertEqual(tags, [{"Key": "env", "Value": "prod"}, {"Key": "flag"}])

    def test_tags_limits_and_reserved_prefix(self):
        arn = self.import_new()
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.acm.add_tags_to_certificate(CertificateArn=arn, Tags=[{"Key": "aws:owner", "Value": "x"}])
        self.assertEqual(error_code(ctx), "InvalidTagException")
        self.acm.add_tags_to_certificate(CertificateArn=arn,
                                         Tags=[{"Key": "k%d" % i, "Value": "v"} for i in range(50)])
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.acm.add_tags_to_certificate(CertificateArn=arn, Tags=[{"Key": "one-more", "Value": "v"}])
        self.assertEqual(error_code(ctx), "TooManyTagsException")
        self.assertEqual(len(self.acm.list_tags_for_certificate(CertificateArn=arn)["Tags"]), 50)

    def test_delete_then_describe_is_not_found(self):
        arn = self.import_new()
        self.acm.delete_certificate(CertificateArn=arn)
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.acm.describe_certificate(CertificateArn=arn)
        self.assertEqual(error_code(ctx), "ResourceNotFoundException")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.acm.delete_certificate(CertificateArn=arn)
        self.assertEqual(error_code(ctx), "ResourceNotFoundException")

    def test_account_configuration_round_trip_and_limits(self):
        self.assertEqual(self.acm.get_account_configuration()["ExpiryEvents"]["DaysBeforeExpiry"], 45)
        self.acm.put_account_configuration(ExpiryEvents={"DaysBeforeExpiry": 30}, IdempotencyToken="tok1")
        self.assertEqual(self.acm.get_account_configuration()["ExpiryEvents"]["DaysBeforeExpiry"], 30)
        # The same token again with the same value is a safe retry.
        self.acm.put_account_configuration(ExpiryEvents={"DaysBeforeExpiry": 30}, IdempotencyToken="tok1")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.acm.put_account_configuration(ExpiryEvents={"DaysBeforeExpiry": 20}, IdempotencyToken="tok1")
        self.assertEqual(error_code(ctx), "ConflictException")
        for bad in (0, 46):
            with self.assertRaises((botocore.exceptions.ClientError,
                                    botocore.exceptions.ParamValidationError)) as ctx:
                self.acm.put_account_configuration(ExpiryEvents={"DaysBeforeExpiry": bad},
                                                   IdempotencyToken="tok%d" % bad)
            if isinstance(ctx.exception, botocore.exceptions.ClientError):
                self.assertEqual(error_code(ctx), "ValidationException")
        self.assertEqual(self.acm.get_account_configuration()["ExpiryEvents"]["DaysBeforeExpiry"], 30)
        self.acm.put_account_configuration(ExpiryEvents={"DaysBeforeExpiry": 45}, IdempotencyToken="reset")


if __name__ == "__main__":
    unittest.main()
