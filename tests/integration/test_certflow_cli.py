"""The certflow CLI for people: import, list (table and --json), describe."""
import json
import os
import subprocess
import unittest

import harness


class CertflowCliTest(harness.DaemonTestCase, unittest.TestCase):
    daemon_start_kwargs = {"with_admin_env": False}

    def certflow(self, *args, env=None, ok=True):
        run_env = dict(os.environ)
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
            run_env.pop(name, None)
        run_env.update(env or {})
        proc = subprocess.run([harness.CERTFLOW] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=run_env)
        if ok:
            self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        return proc

    def test_import_list_describe_with_data_dir_credentials(self):
        short, short_key = self.certs.self_signed(cn="soon.example.com", sans=("soon.example.com",), days=10)
        long, long_key = self.certs.self_signed(cn="later.example.com", sans=("later.example.com",), kind="ec256", days=400)
        common = ["--endpoint-url", self.daemon.endpoint, "--data-dir", self.daemon.data_dir]
        arn_long = self.certflow("import", "--certificate", long, "--private-key", long_key, *common).stdout.decode().strip()
        arn_short = self.certflow("import", "--certificate", short, "--private-key", short_key,
                                  "--tag", "env=dev", *common).stdout.decode().strip()
        self.assertTrue(arn_short.startswith("arn:aws:acm:us-east-1:000000000000:certificate/"))

        table = self.certflow("list", *common).stdout.decode().splitlines()
        self.assertEqual(table[0].split()[:3], ["DOMAIN", "TYPE", "STATUS"])
        rows = [line for line in table[1:] if "example.com" in line]
        # Soonest expiry first; every key type is listed, not only RSA_2048.
        self.assertTrue(rows[0].startswith("soon.example.com"))
        self.assertTrue(rows[1].startswith("later.example.com"))
        self.assertIn(int(rows[0].split()[4]), (9, 10))
        self.assertEqual(rows[0].split()[1:3], ["IMPORTED", "ISSUED"])

        listed = json.loads(self.certflow("list", "--json", *common).stdout)
        self.assertEqual({c["CertificateArn"] for c in listed["CertificateSummaryList"]}, {arn_short, arn_long})

        detail = self.certflow("describe", arn_short, *common).stdout.decode()
        self.assertIn("DomainName: soon.example.com", detail)
        self.assertIn("Type: IMPORTED", detail)
        as_json = json.loads(self.certflow("describe", "--json", arn_long, *common).stdout)
        self.assertEqual(as_json["Certificate"]["KeyAlgorithm"], "EC_prime256v1")

    def test_credentials_from_environment_and_endpoint_from_variable(self):
        with open(os.path.join(self.daemon.data_dir, "admin-credentials")) as f:
            fields = dict(line.split(" = ", 1) for line in f.read().splitlines() if " = " in line)
        env = {"AWS_ACCESS_KEY_ID": fields["aws_access_key_id"],
               "AWS_SECRET_ACCESS_KEY": fields["aws_secret_access_key"],
               "CERTFLOW_ENDPOINT_URL": self.daemon.endpoint}
        self.certflow("list", env=env)

    def test_credentials_from_a_profile_of_the_shared_file(self):
        with open(os.path.join(self.daemon.data_dir, "admin-credentials")) as f:
            text = f.read().replace("[default]", "[certflow-admin]")
        shared = os.path.join(self.certs.dir, "credentials")
        with open(shared, "w") as f:
            f.write("[default]\naws_access_key_id = AKIAWRONGWRONGWRONG0\naws_secret_access_key = x\n" + text)
        env = {"AWS_SHARED_CREDENTIALS_FILE": shared}
        self.certflow("list", "--profile", "certflow-admin", "--endpoint-url", self.daemon.endpoint, env=env)
        proc = self.certflow("list", "--endpoint-url", self.daemon.endpoint, env=env, ok=False)
        self.assertIn("UnrecognizedClientException", proc.stderr.decode())

    def test_describe_unknown_arn_fails_with_the_acm_error(self):
        proc = self.certflow("describe", "arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-4000-8000-000000000000",
                             "--endpoint-url", self.daemon.endpoint, "--data-dir", self.daemon.data_dir, ok=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("ResourceNotFoundException", proc.stderr.decode())

    def test_unreachable_daemon_says_so(self):
        proc = self.certflow("list", "--endpoint-url", "http://127.0.0.1:1", "--data-dir", self.daemon.data_dir, ok=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("certflow serve", proc.stderr.decode())


if __name__ == "__main__":
    unittest.main()
