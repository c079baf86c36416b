"""certflow's SQS-compatible queues with the real clients: the aws CLI (`aws sqs`) and boto3.
Debian's aws-cli v2.9 / boto3 1.26 (botocore 1.29) speak SQS's query protocol; the image's
aws-cli v1 / boto3 1.43 speak JSON 1.0. scripts/test.sh runs this file with both generations,
so every test here exercises both protocols. CERTFLOW_AWS_CLI names the aws binary."""
import hashlib
import json
import os
import signal
import struct
import subprocess
import threading
import time
import unittest

import harness

AWS = os.environ.get("CERTFLOW_AWS_CLI", "aws")
ARN_PREFIX = "arn:aws:sqs:%s:%s:" % (harness.REGION, harness.ACCOUNT)


def md5_of_message_attributes(attributes):
    """SQS's MD5OfMessageAttributes, computed here the way AWS's SDKs check it."""
    digest = hashlib.md5()
    for name in sorted(attributes):
        value = attributes[name]
        for part in (name.encode(), value["DataType"].encode()):
            digest.update(struct.pack("!I", len(part)) + part)
        if "BinaryValue" in value:
            data = value["BinaryValue"]
            digest.update(b"\x02" + struct.pack("!I", len(data)) + data)
        else:
            data = value["StringValue"].encode()
            digest.update(b"\x01" + struct.pack("!I", len(data)) + data)
    return digest.hexdigest()


def error_code(error):
    return error.response["Error"]["Code"]


class SqsCliTest(harness.DaemonTestCase, unittest.TestCase):
    """`aws sqs` end to end."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = dict(os.environ, AWS_ACCESS_KEY_ID=harness.ADMIN_ID,
                       AWS_SECRET_ACCESS_KEY=harness.ADMIN_SECRET, AWS_DEFAULT_REGION="us-east-1",
                       AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null",
                       AWS_PAGER="")
        version = subprocess.run([AWS, "--version"], stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT).stdout.decode()
        cls.error_exit = 254 if "aws-cli/2" in version else 255

    def aws(self, *args, expect_ok=True):
        proc = subprocess.run([AWS, "sqs"] + list(args) + ["--endpoint-url", self.daemon.endpoint,
                                                           "--output", "json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        if expect_ok:
            self.assertEqual(proc.returncode, 0, proc.stderr.decode())
            out = proc.stdout.decode().strip()
            return json.loads(out) if out else {}
        return proc

    def test_create_list_attributes_send_receive_delete(self):
        url = self.aws("create-queue", "--queue-name", "cli-orders", "--attributes",
                       "VisibilityTimeout=40,DelaySeconds=0", "--tags", "team=pki")["QueueUrl"]
        self.assertEqual(url, "%s/%s/cli-orders" % (self.daemon.endpoint, harness.ACCOUNT))
        self.assertEqual(self.aws("get-queue-url", "--queue-name", "cli-orders")["QueueUrl"], url)
        self.assertIn(url, self.aws("list-queues", "--queue-name-prefix", "cli-")["QueueUrls"])
        attributes = self.aws("get-queue-attributes", "--queue-url", url, "--attribute-names",
                              "All")["Attributes"]
        self.assertEqual(attributes["VisibilityTimeout"], "40")
        self.assertEqual(attributes["QueueArn"], ARN_PREFIX + "cli-orders")
        self.aws("set-queue-attributes", "--queue-url", url, "--attributes",
                 "MessageRetentionPeriod=3600")
        self.assertEqual(self.aws("get-queue-attributes", "--queue-url", url, "--attribute-names",
                                  "MessageRetentionPeriod")["Attributes"],
                         {"MessageRetentionPeriod": "3600"})
        self.assertEqual(self.aws("list-queue-tags", "--queue-url", url)["Tags"], {"team": "pki"})

        sent = self.aws("send-message", "--queue-url", url, "--message-body", "hello from the cli",
                        "--message-attributes",
                        '{"kind":{"DataType":"String","StringValue":"greeting"}}')
        self.assertEqual(sent["MD5OfMessageBody"],
                         hashlib.md5(b"hello from the cli").hexdigest())
        self.assertEqual(sent["MD5OfMessageAttributes"], md5_of_message_attributes(
            {"kind": {"DataType": "String", "StringValue": "greeting"}}))
        received = self.aws("receive-message", "--queue-url", url, "--attribute-names", "All",
                            "--message-attribute-names", "All")["Messages"]
        self.assertEqual(len(received), 1)
        message = received[0]
        self.assertEqual(message["MessageId"], sent["MessageId"])
        self.assertEqual(message["Body"], "hello from the cli")
        self.assertEqual(message["Attributes"]["ApproximateReceiveCount"], "1")
        self.assertEqual(message["MessageAttributes"]["kind"]["StringValue"], "greeting")
        self.aws("change-message-visibility", "--queue-url", url, "--receipt-handle",
                 message["ReceiptHandle"], "--visibility-timeout", "120")
        self.aws("delete-message", "--queue-url", url, "--receipt-handle", message["ReceiptHandle"])
        self.assertEqual(self.aws("get-queue-attributes", "--queue-url", url, "--attribute-names",
                                  "ApproximateNumberOfMessagesNotVisible")["Attributes"],
                         {"ApproximateNumberOfMessagesNotVisible": "0"})
        self.aws("delete-queue", "--queue-url", url)
        proc = self.aws("get-queue-url", "--queue-name", "cli-orders", expect_ok=False)
        self.assertEqual(proc.returncode, self.error_exit)
        self.assertIn("AWS.SimpleQueueService.NonExistentQueue", proc.stderr.decode())

    def test_batches_and_purge(self):
        url = self.aws("create-queue", "--queue-name", "cli-batch")["QueueUrl"]
        result = self.aws("send-message-batch", "--queue-url", url, "--entries",
                          "Id=a,MessageBody=one", "Id=b,MessageBody=two",
                          "Id=c,MessageBody=three,DelaySeconds=901")
        self.assertEqual(sorted(e["Id"] for e in result["Successful"]), ["a", "b"])
        self.assertEqual([(e["Id"], e["Code"]) for e in result["Failed"]],
                         [("c", "InvalidParameterValue")])
        messages = self.aws("receive-message", "--queue-url", url, "--max-number-of-messages",
                            "10")["Messages"]
        self.assertEqual(sorted(m["Body"] for m in messages), ["one", "two"])
        entries = ["Id=m%d,ReceiptHandle=%s" % (i, m["ReceiptHandle"])
                   for i, m in enumerate(messages)]
        deleted = self.aws("delete-message-batch", "--queue-url", url, "--entries", *entries)
        self.assertEqual(len(deleted["Successful"]), 2)
        self.aws("send-message", "--queue-url", url, "--message-body", "to purge")
        self.aws("purge-queue", "--queue-url", url)
        self.assertNotIn("Messages", self.aws("receive-message", "--queue-url", url))

    def test_errors_carry_sqs_codes(self):
        proc = self.aws("create-queue", "--queue-name", "bad name", expect_ok=False)
        self.assertEqual(proc.returncode, self.error_exit)
        self.assertIn("InvalidParameterValue", proc.stderr.decode())
        self.aws("create-queue", "--queue-name", "cli-exists", "--attributes", "DelaySeconds=5")
        proc = self.aws("create-queue", "--queue-name", "cli-exists", "--attributes",
                        "DelaySeconds=6", expect_ok=False)
        self.assertIn("QueueAlreadyExists", proc.stderr.decode())
        proc = self.aws("create-queue", "--queue-name", "jobs.fifo", "--attributes",
                        "FifoQueue=true", expect_ok=False)
        self.assertIn("AWS.SimpleQueueService.UnsupportedOperation", proc.stderr.decode())


class SqsBoto3Test(harness.DaemonTestCase, unittest.TestCase):
    """boto3 end to end: visibility, long polling, redrive, batches, errors."""

    def setUp(self):
        self.sqs = harness.boto3_client(self.daemon, service="sqs")

    def create(self, name, **attributes):
        return self.sqs.create_queue(QueueName=name, Attributes={
            k: str(v) for k, v in attributes.items()})["QueueUrl"]

    def test_visibility_timeout_hides_then_returns_a_message(self):
        url = self.create("b-visibility", VisibilityTimeout=1)
        self.sqs.send_message(QueueUrl=url, MessageBody="again")
        first = self.sqs.receive_message(QueueUrl=url, AttributeNames=["All"])["Messages"][0]
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))
        time.sleep(1.2)
        second = self.sqs.receive_message(QueueUrl=url, AttributeNames=["All"])["Messages"][0]
        self.assertEqual(second["MessageId"], first["MessageId"])
        self.assertEqual(second["Attributes"]["ApproximateReceiveCount"], "2")
        self.assertNotEqual(second["ReceiptHandle"], first["ReceiptHandle"])
        # The stale handle deletes nothing; the current one does.
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=first["ReceiptHandle"])
        attributes = self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])["Attributes"]
        self.assertEqual(attributes["ApproximateNumberOfMessagesNotVisible"], "1")
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=second["ReceiptHandle"],
                                           VisibilityTimeout=0)
        third = self.sqs.receive_message(QueueUrl=url)["Messages"][0]
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=third["ReceiptHandle"])
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))

    def test_long_poll_returns_as_soon_as_another_thread_sends(self):
        url = self.create("b-long-poll")
        result = {}

        def poll():
            sqs = harness.boto3_client(self.daemon, service="sqs")
            started = time.monotonic()
            result["answer"] = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5)
            result["seconds"] = time.monotonic() - started

        poller = threading.Thread(target=poll)
        poller.start()
        time.sleep(0.5)
        self.sqs.send_message(QueueUrl=url, MessageBody="wake up")
        poller.join(10)
        self.assertEqual(result["answer"]["Messages"][0]["Body"], "wake up")
        self.assertLess(result["seconds"], 3)

    def test_long_poll_on_an_empty_queue_waits_its_time(self):
        url = self.create("b-empty-poll", ReceiveMessageWaitTimeSeconds=1)
        started = time.monotonic()
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))
        self.assertGreaterEqual(time.monotonic() - started, 0.9)

    def test_redrive_moves_a_message_to_the_dead_letter_queue(self):
        dlq = self.create("b-dlq")
        url = self.create("b-source", RedrivePolicy=json.dumps(
            {"deadLetterTargetArn": ARN_PREFIX + "b-dlq", "maxReceiveCount": "2"}))
        self.sqs.send_message(QueueUrl=url, MessageBody="poison")
        for _ in range(2):
            self.assertEqual(self.sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)
                             ["Messages"][0]["Body"], "poison")
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url, VisibilityTimeout=0))
        dead = self.sqs.receive_message(QueueUrl=dlq, AttributeNames=["All"])["Messages"][0]
        self.assertEqual(dead["Body"], "poison")
        self.assertEqual(dead["Attributes"]["DeadLetterQueueSourceArn"], ARN_PREFIX + "b-source")
        self.assertEqual(self.sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"], [url])

    def test_message_attributes_and_digests(self):
        url = self.create("b-attributes")
        attributes = {"text": {"DataType": "String", "StringValue": "caf\u00e9 \U0001F512"},
                      "count": {"DataType": "Number", "StringValue": "42"},
                      "blob": {"DataType": "Binary", "BinaryValue": b"\x00\xff\x10"},
                      "order.kind": {"DataType": "String.custom", "StringValue": "new"}}
        body = "line one\r\nline <two> & \"three\"\ttab \u20ac"
        sent = self.sqs.send_message(QueueUrl=url, MessageBody=body, MessageAttributes=attributes)
        self.assertEqual(sent["MD5OfMessageBody"], hashlib.md5(body.encode()).hexdigest())
        self.assertEqual(sent["MD5OfMessageAttributes"], md5_of_message_attributes(attributes))
        message = self.sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"],
                                           VisibilityTimeout=0)["Messages"][0]
        self.assertEqual(message["Body"], body)
        self.assertEqual(message["MessageAttributes"], attributes)
        self.assertEqual(message["MD5OfMessageAttributes"], md5_of_message_attributes(attributes))
        only = self.sqs.receive_message(QueueUrl=url, MessageAttributeNames=["order.*"],
                                        VisibilityTimeout=0)["Messages"][0]
        self.assertEqual(list(only["MessageAttributes"]), ["order.kind"])

    def test_batches(self):
        url = self.create("b-batches")
        sent = self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": "a", "MessageBody": "one"}, {"Id": "b", "MessageBody": "two"}])
        self.assertEqual(sorted(e["Id"] for e in sent["Successful"]), ["a", "b"])
        messages = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        self.assertEqual(len(messages), 2)
        changed = self.sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
            {"Id": "x", "ReceiptHandle": messages[0]["ReceiptHandle"], "VisibilityTimeout": 0},
            {"Id": "y", "ReceiptHandle": "not-a-handle", "VisibilityTimeout": 0}])
        self.assertEqual([e["Id"] for e in changed["Successful"]], ["x"])
        self.assertEqual(changed["Failed"][0]["Code"], "ReceiptHandleIsInvalid")
        again = self.sqs.receive_message(QueueUrl=url)["Messages"][0]
        deleted = self.sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": "p", "ReceiptHandle": again["ReceiptHandle"]},
            {"Id": "q", "ReceiptHandle": messages[1]["ReceiptHandle"]}])
        self.assertEqual(sorted(e["Id"] for e in deleted["Successful"]), ["p", "q"])
        with self.assertRaises(self.sqs.exceptions.BatchEntryIdsNotDistinct):
            self.sqs.send_message_batch(QueueUrl=url, Entries=[
                {"Id": "same", "MessageBody": "1"}, {"Id": "same", "MessageBody": "2"}])

    def test_missing_queue_errors_match_aws(self):
        with self.assertRaises(self.sqs.exceptions.QueueDoesNotExist) as raised:
            self.sqs.get_queue_url(QueueName="b-absent")
        self.assertEqual(error_code(raised.exception), "AWS.SimpleQueueService.NonExistentQueue")
        self.assertEqual(raised.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        missing_url = "%s/%s/b-absent" % (self.daemon.endpoint, harness.ACCOUNT)
        with self.assertRaises(self.sqs.exceptions.QueueDoesNotExist):
            self.sqs.send_message(QueueUrl=missing_url, MessageBody="x")
        self.create("b-exists", VisibilityTimeout=10)
        with self.assertRaises(self.sqs.exceptions.QueueNameExists) as exists:
            self.create("b-exists", VisibilityTimeout=11)
        self.assertEqual(error_code(exists.exception), "QueueAlreadyExists")
        url = self.create("b-exists", VisibilityTimeout=10)
        with self.assertRaises(self.sqs.exceptions.ReceiptHandleIsInvalid):
            self.sqs.delete_message(QueueUrl=url, ReceiptHandle="forged")

    def test_list_queues_pages_with_max_results(self):
        for i in range(5):
            self.create("b-page-%d" % i)
        first = self.sqs.list_queues(QueueNamePrefix="b-page-", MaxResults=3)
        self.assertEqual(len(first["QueueUrls"]), 3)
        second = self.sqs.list_queues(QueueNamePrefix="b-page-", MaxResults=3,
                                      NextToken=first["NextToken"])
        self.assertEqual(len(second["QueueUrls"]), 2)
        self.assertNotIn("NextToken", second)
        self.assertEqual(len(self.sqs.list_queues(QueueNamePrefix="b-page-")["QueueUrls"]), 5)

    def test_policy_is_stored_and_returned(self):
        policy = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sqs:SendMessage", "Resource": ARN_PREFIX + "b-policy"}]})
        url = self.create("b-policy", Policy=policy)
        self.assertEqual(self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])
                         ["Attributes"]["Policy"], policy)


class SqsDurabilityTest(unittest.TestCase):
    """Queues and messages live in the store: a restart or kill -9 loses nothing acknowledged."""

    def test_queues_and_messages_survive_a_restart(self):
        daemon = harness.Daemon().start()
        try:
            sqs = harness.boto3_client(daemon, service="sqs")
            url = sqs.create_queue(QueueName="durable", Attributes={"VisibilityTimeout": "60"})[
                "QueueUrl"]
            sqs.send_message(QueueUrl=url, MessageBody="kept")
            sqs.send_message(QueueUrl=url, MessageBody="in flight")
            held = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
            in_flight = [m for m in held if m["Body"] == "in flight"][0]
            sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=[
                m for m in held if m["Body"] == "kept"][0]["ReceiptHandle"], VisibilityTimeout=0)
            self.assertEqual(daemon.stop(signal.SIGTERM), 0, daemon.log())
            daemon.start()
            sqs = harness.boto3_client(daemon, service="sqs")
            self.assertEqual(sqs.get_queue_url(QueueName="durable")["QueueUrl"], url)
            self.assertEqual(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])
                             ["Attributes"]["ApproximateNumberOfMessagesNotVisible"], "1")
            self.assertEqual(sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"], "kept")
            # A receipt handle from before the restart still works.
            sqs.delete_message(QueueUrl=url, ReceiptHandle=in_flight["ReceiptHandle"])
            self.assertEqual(sqs.get_queue_attributes(
                QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])
                ["Attributes"]["ApproximateNumberOfMessagesNotVisible"], "1")
        finally:
            daemon.cleanup()

    def test_kill_9_loses_no_acknowledged_message(self):
        daemon = harness.Daemon().start()
        try:
            sqs = harness.boto3_client(daemon, service="sqs")
            url = sqs.create_queue(QueueName="burst")["QueueUrl"]
            acknowledged = set()
            lock = threading.Lock()
            stop = threading.Event()

            def sender(n):
                client = harness.boto3_client(daemon, service="sqs")
                i = 0
                while not stop.is_set():
                    try:
                        client.send_message(QueueUrl=url, MessageBody="m-%d-%d" % (n, i))
                    except Exception:
                        return
                    with lock:
                        acknowledged.add("m-%d-%d" % (n, i))
                    i += 1

            threads = [threading.Thread(target=sender, args=(n,)) for n in range(4)]
            for t in threads:
                t.start()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                with lock:
                    if len(acknowledged) >= 60:
                        break
                time.sleep(0.01)
            daemon.kill9()
            stop.set()
            for t in threads:
                t.join()
            self.assertGreaterEqual(len(acknowledged), 60)
            daemon.start()
            sqs = harness.boto3_client(daemon, service="sqs")
            bodies = set()
            while True:
                batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages")
                if not batch:
                    break
                bodies.update(m["Body"] for m in batch)
            self.assertEqual(acknowledged - bodies, set())
        finally:
            daemon.cleanup()


if __name__ == "__main__":
    unittest.main()
