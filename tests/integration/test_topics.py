"""certflow's SNS-compatible topics with the real clients and real endpoints: the AWS walkthrough
(topic, email subscription confirmed through the link in a real mail, topic policy, an ACM rule
with the topic as target, the mail with the event), HTTP subscriptions whose signed messages an
independent verifier accepts, SQS subscriptions with filter policies, SNS's error codes, retries
over the simulated clock with redrive, and kill -9 in the middle of a fan-out."""
import datetime
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.parse
import urllib.request

import harness
import sinks
from harness import iso, read
from test_events import AwsCli
from test_private_certificates import create_root_ca, next_midnight_at_or_after, request_private, revoke_acm

UTC = datetime.timezone.utc
DAY = datetime.timedelta(days=1)
START = datetime.datetime(2031, 1, 10, 9, 30, tzinfo=UTC)
TOPIC_PREFIX = "arn:aws:sns:%s:%s:" % (harness.REGION, harness.ACCOUNT)
QUEUE_PREFIX = "arn:aws:sqs:%s:%s:" % (harness.REGION, harness.ACCOUNT)
RULE_PREFIX = "arn:aws:events:%s:%s:rule/" % (harness.REGION, harness.ACCOUNT)
APPROACHING = "ACM Certificate Approaching Expiration"
ACTION_REQUIRED = "ACM Certificate Renewal Action Required"
VERIFIER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared",
                        "reference", "sns_verify.py")
LINK = re.compile(r"(https?://\S+Action=(?:ConfirmSubscription|Unsubscribe)\S+)")


def events_policy(topic_arn):
    """The topic policy from AWS's EventBridge-to-SNS documentation."""
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "AllowEventBridge", "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": "sns:Publish", "Resource": topic_arn}]})


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class TopicDaemon(AwsCli):
    """A fresh daemon per test on a simulated clock, with a real SMTP server."""

    @classmethod
    def setUpClass(cls):
        cls.setup_cli()

    def setUp(self):
        self.certs = harness.CertFactory()
        self.addCleanup(self.certs.cleanup)
        self.smtp = sinks.SmtpSink().start()
        self.addCleanup(self.smtp.cleanup)
        self.daemon = harness.Daemon(extra_args=[
            "--simulated-clock", "--clock-start", iso(START), "--smtp-url", self.smtp.url,
            "--smtp-from", "certflow@example.test", "--smtp-starttls", "never"],
            log_level="info").start()
        self.addCleanup(self.daemon.cleanup)
        self.sns = harness.boto3_client(self.daemon, service="sns")
        self.sqs = harness.boto3_client(self.daemon, service="sqs")

    def certflow(self, *args):
        proc = harness.run_certflow(self.daemon, *args)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    def confirm_by_mail(self, topic_arn, address):
        self.assertEqual(self.aws("sns", "subscribe", "--topic-arn", topic_arn, "--protocol", "email",
                                  "--notification-endpoint", address),
                         {"SubscriptionArn": "pending confirmation"})
        mail = self.smtp.wait_for(1, what=lambda m: m["To"] == address)[0]
        body = sinks.text_of(mail)
        link = LINK.search(body).group(1)
        self.assertTrue(link.startswith(self.daemon.endpoint + "/?Action=ConfirmSubscription"), link)
        status, page = get(link)
        self.assertEqual(status, 200, page)
        self.assertIn("Subscription confirmed", page)
        return mail, link

    def receive(self, url, wait=10):
        return self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=wait, MaxNumberOfMessages=10,
                                        MessageAttributeNames=["All"]).get("Messages", [])


class WalkthroughTest(TopicDaemon, unittest.TestCase):
    def import_expiring(self, cn, days):
        not_after = (START + days * DAY).replace(hour=6, minute=0)
        cert, key = self.certs.valid_between(START - 10 * DAY, not_after, cn=cn)
        acm = harness.boto3_client(self.daemon)
        return acm.import_certificate(Certificate=read(cert), PrivateKey=read(key))["CertificateArn"]

    def test_the_walkthrough_with_the_aws_cli(self):
        topic_arn = self.aws("sns", "create-topic", "--name", "certificate-alerts")["TopicArn"]
        self.assertEqual(topic_arn, TOPIC_PREFIX + "certificate-alerts")
        confirmation, _ = self.confirm_by_mail(topic_arn, "ops@example.test")
        self.assertIn("Subscription Confirmation", confirmation["Subject"])
        listed = self.aws("sns", "list-subscriptions-by-topic", "--topic-arn", topic_arn)["Subscriptions"]
        self.assertEqual(len(listed), 1)
        self.assertTrue(listed[0]["SubscriptionArn"].startswith(topic_arn + ":"))
        self.assertEqual((listed[0]["Protocol"], listed[0]["Endpoint"]), ("email", "ops@example.test"))

        self.aws("sns", "set-topic-attributes", "--topic-arn", topic_arn, "--attribute-name", "Policy",
                 "--attribute-value", events_policy(topic_arn))
        pattern = json.dumps({"source": ["aws.acm"], "detail-type": [APPROACHING]})
        self.aws("events", "put-rule", "--name", "expiring-to-topic", "--event-pattern", pattern)
        self.aws("events", "put-targets", "--rule", "expiring-to-topic", "--targets",
                 json.dumps([{"Id": "topic", "Arn": topic_arn}]))
        cert_arn = self.import_expiring("shop.example.test", 40)
        self.certflow("clock", "advance", "1d")

        mail = self.smtp.wait_for(2, what=lambda m: m["To"] == "ops@example.test")[1]
        body = sinks.text_of(mail)
        self.assertIn("shop.example.test", mail["Subject"] + body)
        self.assertIn("40", body)  # days to expiry
        self.assertIn(cert_arn, body)
        self.assertIn('"detail-type"', body)  # the event itself travels in the mail
        unsubscribe = [l for l in LINK.findall(body) if "Action=Unsubscribe" in l]
        self.assertEqual(len(unsubscribe), 1)

        # The same without the policy: the rule may not publish; counted, logged, dead-lettered.
        quiet_arn = self.aws("sns", "create-topic", "--name", "no-policy")["TopicArn"]
        self.confirm_by_mail(quiet_arn, "quiet@example.test")
        dlq_url = self.sqs.create_queue(QueueName="refused")["QueueUrl"]
        self.aws("events", "put-rule", "--name", "expiring-no-policy", "--event-pattern", pattern)
        self.aws("events", "put-targets", "--rule", "expiring-no-policy", "--targets", json.dumps(
            [{"Id": "topic", "Arn": quiet_arn, "DeadLetterConfig": {"Arn": QUEUE_PREFIX + "refused"}}]))
        self.import_expiring("api.example.test", 40)
        self.certflow("clock", "advance", "1d")
        # Both certificates are within ACM's 45 days now: each one's event is refused.
        # Both arrive, though a receive may return as soon as the first is there.
        dead, deadline = [], time.time() + 30
        while len(dead) < 2 and time.time() < deadline:
            dead += self.receive(dlq_url, wait=2)
        self.assertEqual(len(dead), 2)
        for message in dead:
            attributes = {k: v["StringValue"] for k, v in message["MessageAttributes"].items()}
            self.assertEqual(attributes["ERROR_CODE"], "AuthorizationError")
            self.assertIn("events.amazonaws.com", attributes["ERROR_MESSAGE"])
        metrics = json.loads(self.certflow("metrics", "--rule", "expiring-no-policy", "--json"))
        failed = [m["Value"] for m in metrics if m["MetricName"] == "FailedInvocations"]
        self.assertEqual(failed, [2])
        self.assertEqual(len([m for m in self.smtp.messages() if m["To"] == "quiet@example.test"]), 1)

        # The unsubscribe link in the mail ends the subscription.
        status, page = get(unsubscribe[0])
        self.assertEqual(status, 200, page)
        self.assertIn("Subscription removed", page)
        self.assertEqual(self.aws("sns", "list-subscriptions-by-topic", "--topic-arn", topic_arn)["Subscriptions"], [])
        status, page = get(unsubscribe[0])
        self.assertEqual(status, 404)

    def test_renewal_action_required_for_a_private_certificate_reaches_the_mailbox(self):
        # The walkthrough on the event that asks someone to act: a private certificate whose CA
        # no longer lets ACM issue, 45 days before it expires.
        topic_arn = self.aws("sns", "create-topic", "--name", "renewal-alerts")["TopicArn"]
        self.confirm_by_mail(topic_arn, "pki@example.test")
        self.aws("sns", "set-topic-attributes", "--topic-arn", topic_arn, "--attribute-name", "Policy",
                 "--attribute-value", events_policy(topic_arn))
        pattern = json.dumps({"source": ["aws.acm"], "detail-type": [ACTION_REQUIRED]})
        self.aws("events", "put-rule", "--name", "renewal-to-topic", "--event-pattern", pattern)
        self.aws("events", "put-targets", "--rule", "renewal-to-topic", "--targets",
                 json.dumps([{"Id": "topic", "Arn": topic_arn}]))

        ca_dir = tempfile.mkdtemp(prefix="certflow-ca-")
        self.addCleanup(shutil.rmtree, ca_dir, True)
        ca_arn, _ = create_root_ca(self, ca_dir)
        cert_arn = request_private(self, ca_arn, "vpn.example.test")
        pass_path = os.path.join(ca_dir, "passphrase")
        with open(pass_path, "wb") as f:
            f.write(b"export passphrase")
        self.aws("acm", "export-certificate", "--certificate-arn", cert_arn, "--passphrase", "fileb://" + pass_path)
        revoke_acm(self, ca_arn)
        not_after = harness.cli_time(
            self.aws("acm", "describe-certificate", "--certificate-arn", cert_arn)["Certificate"]["NotAfter"])
        self.certflow("clock", "set", iso(next_midnight_at_or_after(not_after - 45 * DAY)))

        mail = self.smtp.wait_for(2, what=lambda m: m["To"] == "pki@example.test")[1]
        body = sinks.text_of(mail)
        self.assertIn(ACTION_REQUIRED, body)
        self.assertIn(cert_arn, body)
        self.assertIn("PCA_ACCESS_DENIED", body)
        self.assertIn("vpn.example.test", mail["Subject"] + body)
        # Only the one event at 45 days (the failed attempt at 60 days was silent).
        self.assertEqual(len([m for m in self.smtp.messages() if m["To"] == "pki@example.test"]), 2)


class SignedHttpTest(TopicDaemon, unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.http = sinks.HttpSink().start()
        self.addCleanup(self.http.stop)
        self.tmp = tempfile.mkdtemp(prefix="certflow-sns-")

    def verify(self, body):
        message = json.loads(body)
        status, pem = get(message["SigningCertURL"])
        self.assertEqual(status, 200)
        cert_path = os.path.join(self.tmp, "cert.pem")
        message_path = os.path.join(self.tmp, "message.json")
        with open(cert_path, "w") as f:
            f.write(pem)
        with open(message_path, "w") as f:
            f.write(body)
        proc = subprocess.run(["/usr/bin/python3", VERIFIER, message_path, cert_path],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return proc.stdout.decode()

    def test_http_messages_are_signed_so_an_independent_verifier_accepts_them(self):
        topic_arn = self.sns.create_topic(Name="hooks")["TopicArn"]
        self.sns.subscribe(TopicArn=topic_arn, Protocol="http", Endpoint=self.http.url + "/sns")
        path, headers, body = self.http.wait_for(1)[0]
        self.assertEqual(headers["x-amz-sns-message-type"], "SubscriptionConfirmation")
        self.assertEqual(headers["x-amz-sns-topic-arn"], topic_arn)
        self.assertEqual(headers["content-type"], "text/plain; charset=UTF-8")  # SNS's default
        confirmation = json.loads(body)
        self.assertEqual(headers["x-amz-sns-message-id"], confirmation["MessageId"])
        self.assertIn("verified: True", self.verify(body))
        status, _ = get(confirmation["SubscribeURL"])
        self.assertEqual(status, 200)

        self.sns.publish(TopicArn=topic_arn, Message="line one\nline two ✓", Subject="Certificate news")
        self.sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="SignatureVersion", AttributeValue="2")
        self.sns.publish(TopicArn=topic_arn, Message=json.dumps({"detail-type": APPROACHING}))
        notifications = self.http.wait_for(2, what=lambda r: r[1]["x-amz-sns-message-type"] == "Notification")
        versions = []
        for _, headers, body in notifications:
            message = json.loads(body)
            versions.append(message["SignatureVersion"])
            self.assertTrue(headers["x-amz-sns-subscription-arn"].startswith(topic_arn + ":"))
            self.assertEqual(headers["content-type"], "text/plain; charset=UTF-8")
            self.assertIn("verified: True", self.verify(body))
            message["Message"] += "!"
            self.assertIn("verified: False", self.verify(json.dumps(message)))
        self.assertEqual(sorted(versions), ["1", "2"])
        first = json.loads(notifications[0][2])
        self.assertEqual((first["Subject"], first["Message"]), ("Certificate news", "line one\nline two ✓"))
        self.assertNotIn("Subject", json.loads(notifications[1][2]))

    def test_the_delivery_policy_sets_the_content_type_and_throttles_on_the_simulated_clock(self):
        topic_arn = self.sns.create_topic(Name="paced")["TopicArn"]
        policy = {"requestPolicy": {"headerContentType": "application/json"},
                  "throttlePolicy": {"maxReceivesPerSecond": 1},
                  "healthyRetryPolicy": {"numRetries": 0}}
        arn = self.sns.subscribe(TopicArn=topic_arn, Protocol="http", Endpoint=self.http.url + "/p",
                                 Attributes={"DeliveryPolicy": json.dumps(policy)},
                                 ReturnSubscriptionArn=True)["SubscriptionArn"]
        _, headers, body = self.http.wait_for(1)[0]
        self.assertEqual(headers["content-type"], "application/json; charset=UTF-8")
        get(json.loads(body)["SubscribeURL"])
        effective = json.loads(self.sns.get_subscription_attributes(
            SubscriptionArn=arn)["Attributes"]["EffectiveDeliveryPolicy"])
        self.assertEqual(effective["throttlePolicy"], {"maxReceivesPerSecond": 1})
        self.assertEqual(effective["requestPolicy"], {"headerContentType": "application/json"})

        for i in range(3):
            self.sns.publish(TopicArn=topic_arn, Message="paced %d" % i)
        notified = lambda r: r[1]["x-amz-sns-message-type"] == "Notification"
        self.http.wait_for(1, what=notified)
        time.sleep(1.5)  # real time passes, the simulated clock does not: the others wait
        self.assertEqual(len([r for r in self.http.requests if notified(r)]), 1)
        for count in (2, 3):
            self.certflow("clock", "advance", "1s")
            self.http.wait_for(count, what=notified)
        time.sleep(0.5)
        received = [r for r in self.http.requests if notified(r)]
        self.assertEqual(len(received), 3)
        self.assertEqual(sorted(json.loads(r[2])["Message"] for r in received),
                         ["paced 0", "paced 1", "paced 2"])
        for _, headers, _ in received:
            self.assertEqual(headers["content-type"], "application/json; charset=UTF-8")

    def test_failed_deliveries_are_retried_on_the_simulated_clock_then_redriven(self):
        topic_arn = self.sns.create_topic(Name="flaky")["TopicArn"]
        dlq_url = self.sqs.create_queue(QueueName="flaky-dlq")["QueueUrl"]
        arn = self.sns.subscribe(TopicArn=topic_arn, Protocol="http", Endpoint=self.http.url + "/f",
                                 ReturnSubscriptionArn=True)["SubscriptionArn"]
        get(json.loads(self.http.wait_for(1)[0][2])["SubscribeURL"])
        self.sns.set_subscription_attributes(
            SubscriptionArn=arn, AttributeName="RedrivePolicy",
            AttributeValue=json.dumps({"deadLetterTargetArn": QUEUE_PREFIX + "flaky-dlq"}))
        self.http.status = 503
        self.sns.publish(TopicArn=topic_arn, Message="keep me")
        notified = lambda r: r[1]["x-amz-sns-message-type"] == "Notification"
        self.http.wait_for(1, what=notified)
        for attempt in range(2, 5):  # SNS's default http policy: three retries 20 s apart
            self.certflow("clock", "advance", "20s")
            self.http.wait_for(attempt, what=notified)
        dead = self.receive(dlq_url)
        self.assertEqual(len(dead), 1)
        self.assertEqual(json.loads(dead[0]["Body"])["Message"], "keep me")


class SqsAndErrorsTest(TopicDaemon, unittest.TestCase):
    def test_sqs_subscriptions_with_raw_delivery_and_filter_policies(self):
        topic_arn = self.sns.create_topic(Name="fanout")["TopicArn"]
        raw_url = self.sqs.create_queue(QueueName="raw-expired")["QueueUrl"]
        all_url = self.sqs.create_queue(QueueName="everything")["QueueUrl"]
        self.sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=QUEUE_PREFIX + "raw-expired",
                           Attributes={"RawMessageDelivery": "true", "FilterPolicyScope": "MessageBody",
                                       "FilterPolicy": json.dumps({"detail-type": ["ACM Certificate Expired"]})})
        self.sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=QUEUE_PREFIX + "everything")
        self.sns.publish(TopicArn=topic_arn, Message=json.dumps({"detail-type": "ACM Certificate Expired"}))
        self.sns.publish(TopicArn=topic_arn, Message=json.dumps({"detail-type": APPROACHING}),
                         MessageAttributes={"kind": {"DataType": "String", "StringValue": "expiry"}})
        raw = self.receive(raw_url)
        self.assertEqual([json.loads(m["Body"]) for m in raw], [{"detail-type": "ACM Certificate Expired"}])
        everything = self.receive(all_url)
        while len(everything) < 2:
            more = self.receive(all_url, wait=5)
            self.assertTrue(more)
            everything += more
        envelopes = [json.loads(m["Body"]) for m in everything]
        self.assertEqual({e["Type"] for e in envelopes}, {"Notification"})
        with_attributes = [e for e in envelopes if "MessageAttributes" in e]
        self.assertEqual(with_attributes[0]["MessageAttributes"], {"kind": {"Type": "String", "Value": "expiry"}})

    def test_errors_carry_sns_codes(self):
        topic_arn = self.aws("sns", "create-topic", "--name", "errors")["TopicArn"]
        self.sqs.create_queue(QueueName="q")
        code, message = self.aws_fails("sns", "subscribe", "--topic-arn", topic_arn, "--protocol", "pigeon",
                                       "--notification-endpoint", "coop")
        self.assertEqual(code, "InvalidParameter")
        self.assertIn("does not support this protocol string: pigeon", message)
        self.assertEqual(self.aws_fails("sns", "subscribe", "--topic-arn", topic_arn, "--protocol", "email",
                                        "--notification-endpoint", "not an address")[0], "InvalidParameter")
        self.assertEqual(self.aws_fails("sns", "subscribe", "--topic-arn", topic_arn, "--protocol", "https",
                                        "--notification-endpoint", "ftp://x")[0], "InvalidParameter")
        code, message = self.aws_fails("sns", "subscribe", "--topic-arn", topic_arn, "--protocol", "sqs",
                                       "--notification-endpoint", QUEUE_PREFIX + "q",
                                       "--attributes", json.dumps({"FilterPolicy": '{"a": "b"}'}))
        self.assertEqual(code, "InvalidParameter")
        self.assertIn("FilterPolicy", message)
        self.assertEqual(self.aws_fails("sns", "set-topic-attributes", "--topic-arn", topic_arn,
                                        "--attribute-name", "Policy", "--attribute-value", "{nope")[0],
                         "InvalidParameter")
        self.aws("sns", "delete-topic", "--topic-arn", topic_arn)
        code, message = self.aws_fails("sns", "publish", "--topic-arn", topic_arn, "--message", "hi")
        self.assertEqual((code, message), ("NotFound", "Topic does not exist"))
        self.assertEqual(self.aws_fails("sns", "get-topic-attributes", "--topic-arn", topic_arn)[0], "NotFound")


class FanOutCrashTest(TopicDaemon, unittest.TestCase):
    def test_kill_9_in_the_middle_of_a_fan_out_loses_nothing(self):
        http = sinks.HttpSink().start()
        self.addCleanup(lambda: http.stop())
        topic_arn = self.sns.create_topic(Name="crash")["TopicArn"]
        for i in range(20):
            self.sns.subscribe(TopicArn=topic_arn, Protocol="http", Endpoint="%s/s%d" % (http.url, i))
        confirmations = http.wait_for(20)
        for _, _, body in confirmations:
            status, _ = get(json.loads(body)["SubscribeURL"])
            self.assertEqual(status, 200)
        port = http.port
        http.stop()  # the endpoints go down: every delivery fails and waits for its retry
        ids = [self.sns.publish(TopicArn=topic_arn, Message="m%d" % i)["MessageId"] for i in range(10)]
        self.daemon.kill9()
        self.daemon.start()
        http = sinks.HttpSink(port).start()
        self.addCleanup(lambda: http.stop())
        self.certflow("clock", "advance", "25s")
        notified = lambda r: r[1]["x-amz-sns-message-type"] == "Notification"
        received = http.wait_for(200, timeout=60, what=notified)
        pairs = {(path, json.loads(body)["MessageId"]) for path, _, body in received}
        self.assertEqual(pairs, {("/s%d" % i, m) for i in range(20) for m in ids})


if __name__ == "__main__":
    unittest.main()
