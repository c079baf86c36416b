"""Bad input gets the AWS error code of its case, and changes nothing in the store."""
import datetime
import http.client
import json
import unittest

import botocore.exceptions
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

import harness
from harness import read

MISSING_ARN = "arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-4000-8000-000000000000"


def pinned_signing_time(date):
    """botocore takes the signing time from its clock; pin it (both botocore generations)."""
    import types
    from unittest import mock
    import botocore.auth as auth
    if hasattr(auth, "get_current_datetime"):
        return mock.patch.object(auth, "get_current_datetime", lambda *a, **k: date)

    class Pinned(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return date
    return mock.patch.object(auth, "datetime", types.SimpleNamespace(datetime=Pinned))


def raw_call(daemon, target, body, access_key=harness.ADMIN_ID, secret=harness.ADMIN_SECRET,
             sign=True, service="acm", date=None, headers=None):
    """Sends one request exactly as given (signed with botocore's own signer unless told not)."""
    url = daemon.endpoint + "/"
    request = AWSRequest(method="POST", url=url, data=body, headers={
        "Content-Type": "application/x-amz-json-1.1", **({"X-Amz-Target": target} if target else {}),
        **(headers or {})})
    if sign:
        signer = SigV4Auth(Credentials(access_key, secret), service, harness.REGION)
        if date is not None:
            with pinned_signing_time(date):
                signer.add_auth(request)
        else:
            signer.add_auth(request)
    prepared = request.prepare()
    conn = http.client.HTTPConnection("127.0.0.1", daemon.port, timeout=30)
    payload = body if isinstance(body, bytes) else body.encode()
    conn.request("POST", "/", body=payload, headers=dict(prepared.headers))
    response = conn.getresponse()
    data = response.read()
    conn.close()
    try:
        parsed = json.loads(data)
    except ValueError:
        parsed = {}
    return response.status, parsed


class AcmErrorsTest(harness.DaemonTestCase, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acm = harness.boto3_client(cls.daemon)

    def count(self):
        total = 0
        for page in self.acm.get_paginator("list_certificates").paginate(
                Includes={"keyTypes": ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096",
                                       "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"]}):
            total += len(page["CertificateSummaryList"])
        return total

    def assert_import_fails(self, code, certificate, private_key, chain=None, message_part=None):
        before = self.count()
        kwargs = {"Certificate": certificate, "PrivateKey": private_key}
        if chain is not None:
            kwargs["CertificateChain"] = chain
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.acm.import_certificate(**kwargs)
        self.assertEqual(ctx.exception.response["Error"]["Code"], code,
                         ctx.exception.response["Error"]["Message"])
        if message_part:
            self.assertIn(message_part, ctx.exception.response["Error"]["Message"])
        self.assertEqual(self.count(), before, "a failed import changed the store")
        return ctx.exception.response["Error"]["Message"]

    def test_garbage_pem(self):
        _, key = self.certs.self_signed()
        self.assert_import_fails("ValidationException",
                                 b"-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n",
                                 read(key))

    def test_der_certificate_is_rejected_with_conversion_hint(self):
        import subprocess
        cert, key = self.certs.self_signed()
        der = subprocess.run(["openssl", "x509", "-in", cert, "-outform", "der"],
                             stdout=subprocess.PIPE, check=True).stdout
        self.assert_import_fails("ValidationException", der, read(key), message_part="PEM")

    def test_key_that_does_not_match(self):
        cert, _ = self.certs.self_signed()
        other = self.certs.key("rsa2048")
        message = self.assert_import_fails("ValidationException", read(cert), read(other))
        self.assertNotIn("PRIVATE KEY-----", message)

    def test_unsupported_key_type(self):
        cert, key = self.certs.self_signed(kind="ed25519")
        self.assert_import_fails("ValidationException", read(cert), read(key))

    def test_chain_that_does_not_link(self):
        ca_cert, ca_key = self.certs.ca()
        other_ca, _ = self.certs.ca(cn="unrelated root")
        leaf, key = self.certs.leaf(ca_cert, ca_key)
        self.assert_import_fails("ValidationException", read(leaf), read(key), chain=read(other_ca))

    def test_missing_chain_for_ca_signed_certificate(self):
        ca_cert, ca_key = self.certs.ca()
        leaf, key = self.certs.leaf(ca_cert, ca_key)
        self.assert_import_fails("ValidationException", read(leaf), read(key))

    def test_expired_certificate(self):
        cert, key = self.certs.expired()
        self.assert_import_fails("ValidationException", read(cert), read(key))

    def test_oversize_private_key_member(self):
        cert, key = self.certs.self_signed()
        self.assert_import_fails("ValidationException", read(cert), read(key) + b"\n" * 6000,
                                 message_part="privateKey")

    def test_malformed_arn(self):
        for call in (lambda: self.acm.describe_certificate(CertificateArn="arn:aws:acm:us-east-1:12x:certificate/x"),
                     lambda: self.acm.get_certificate(CertificateArn="arn:aws:sns:us-east-1:000000000000:topic-x"),
                     lambda: self.acm.delete_certificate(CertificateArn="not-an-arn-but-long-enough")):
            with self.assertRaises(botocore.exceptions.ClientError) as ctx:
                call()
            self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidArnException")

    def test_unknown_arn(self):
        for op in ("describe_certificate", "get_certificate", "delete_certificate",
                   "list_tags_for_certificate"):
            with self.assertRaises(botocore.exceptions.ClientError) as ctx:
                getattr(self.acm, op)(CertificateArn=MISSING_ARN)
            self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceNotFoundException", op)
            self.assertIn(MISSING_ARN, ctx.exception.response["Error"]["Message"])

    def test_oversize_body(self):
        status, body = raw_call(self.daemon, "CertificateManager.ImportCertificate",
                                '{"Certificate":"' + "A" * (5 * 1024 * 1024) + '"}')
        self.assertEqual(status, 413)
        self.assertEqual(body.get("__type"), "RequestEntityTooLargeException")

    def test_unknown_operation(self):
        status, body = raw_call(self.daemon, "CertificateManager.FlyToTheMoon", "{}")
        self.assertEqual(status, 400)
        self.assertEqual(body["__type"], "UnknownOperationException")
        status, body = raw_call(self.daemon, "NoSuchService.ListThings", "{}")
        self.assertEqual(body["__type"], "UnknownOperationException")

    def test_malformed_json(self):
        before = self.count()
        for text in ('{"CertificateArn": ', "[1,2]", "not json"):
            status, body = raw_call(self.daemon, "CertificateManager.ImportCertificate", text)
            self.assertEqual(status, 400)
            self.assertEqual(body["__type"], "SerializationException", text)
        status, body = raw_call(self.daemon, "CertificateManager.DescribeCertificate",
                                '{"CertificateArn": 42}')
        self.assertEqual(body["__type"], "SerializationException")
        self.assertEqual(self.count(), before)

    def test_missing_required_member_is_validation_error(self):
        status, body = raw_call(self.daemon, "CertificateManager.DescribeCertificate", "{}")
        self.assertEqual(status, 400)
        self.assertEqual(body["__type"], "ValidationException")
        self.assertIn("certificateArn", body["message"])

    # --- authentication -----------------------------------------------------------------

    def test_unknown_access_key(self):
        client = harness.boto3_client(self.daemon, access_key="AKIAUNKNOWNUNKNOWN00")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            client.list_certificates()
        self.assertEqual(ctx.exception.response["Error"]["Code"], "UnrecognizedClientException")

    def test_wrong_secret(self):
        client = harness.boto3_client(self.daemon, secret="wrong" + harness.ADMIN_SECRET[5:])
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            client.list_certificates()
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidSignatureException")

    def test_missing_authorization(self):
        status, body = raw_call(self.daemon, "CertificateManager.ListCertificates", "{}", sign=False)
        self.assertEqual(status, 403)
        self.assertEqual(body["__type"], "MissingAuthenticationTokenException")

    def test_malformed_authorization(self):
        status, body = raw_call(self.daemon, "CertificateManager.ListCertificates", "{}", sign=False,
                                headers={"Authorization": "AWS4-HMAC-SHA256 Credential=AKIA/x",
                                         "X-Amz-Date": "20261127T000000Z"})
        self.assertEqual(status, 403)
        self.assertEqual(body["__type"], "IncompleteSignatureException")

    def test_timestamp_more_than_15_minutes_off(self):
        skewed = datetime.datetime.utcnow() - datetime.timedelta(minutes=20)
        status, body = raw_call(self.daemon, "CertificateManager.ListCertificates", "{}", date=skewed)
        self.assertEqual(status, 400)
        self.assertEqual(body["__type"], "InvalidSignatureException")
        self.assertIn("Signature expired", body["message"])
        near = datetime.datetime.utcnow() - datetime.timedelta(minutes=10)
        status, body = raw_call(self.daemon, "CertificateManager.ListCertificates", "{}", date=near)
        self.assertEqual(status, 200, body)

    def test_wrong_service_scope(self):
        status, body = raw_call(self.daemon, "CertificateManager.ListCertificates", "{}", service="sns")
        self.assertEqual(body["__type"], "InvalidSignatureException")
        self.assertIn("'acm'", body["message"])


if __name__ == "__main__":
    unittest.main()
