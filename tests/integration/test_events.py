"""certflow's EventBridge with the real clients: `aws events` and boto3 for the whole API served,
and the event bus end to end: a lifecycle event over the simulated clock reaching an SQS queue
through a rule copied from AWS's ACM documentation, input transformers, PutEvents on a custom
bus, and undeliverable events in a dead-letter queue with EventBridge's error attributes.
scripts/test.sh runs this file with both client generations (Debian's aws-cli v2.9 / boto3 1.26
and the image's aws-cli v1 / boto3 1.43); CERTFLOW_AWS_CLI names the aws binary."""
import datetime
import json
import os
import re
import subprocess
import unittest

import botocore.exceptions

import harness
from harness import iso, read

AWS = os.environ.get("CERTFLOW_AWS_CLI", "aws")
UTC = datetime.timezone.utc
DAY = datetime.timedelta(days=1)
START = datetime.datetime(2031, 1, 10, 9, 30, tzinfo=UTC)
PREFIX = "arn:aws:events:%s:%s:" % (harness.REGION, harness.ACCOUNT)
QUEUE_PREFIX = "arn:aws:sqs:%s:%s:" % (harness.REGION, harness.ACCOUNT)
APPROACHING = "ACM Certificate Approaching Expiration"
# The rule from AWS's ACM documentation ("Amazon EventBridge support for ACM"), unchanged.
ACM_RULE = json.dumps({"source": ["aws.acm"], "detail-type": [APPROACHING]})
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def error_code(error):
    return error.response["Error"]["Code"]


def sample_event(detail_type=APPROACHING, source="aws.acm"):
    return {"version": "0", "id": "9c95e8e4-96a4-ef3f-b739-b6aa5b193afb", "detail-type": detail_type,
            "source": source, "account": harness.ACCOUNT, "time": "2031-01-11T00:00:00Z",
            "region": harness.REGION,
            "resources": ["arn:aws:acm:us-east-1:000000000000:certificate/61f50cd4-45b9-4259-b049-d0a53682fa4b"],
            "detail": {"DaysToExpiry": 31, "CommonName": "example.com"}}


class AwsCli:
    """Runs the aws CLI against the class's daemon."""

    @classmethod
    def setup_cli(cls):
        cls.env = dict(os.environ, AWS_ACCESS_KEY_ID=harness.ADMIN_ID,
                       AWS_SECRET_ACCESS_KEY=harness.ADMIN_SECRET, AWS_DEFAULT_REGION=harness.REGION,
                       AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null",
                       AWS_PAGER="")
        version = subprocess.run([AWS, "--version"], stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT).stdout.decode()
        cls.error_exit = 254 if "aws-cli/2" in version else 255

    def aws(self, service, *args):
        proc = subprocess.run([AWS, service] + list(args) + ["--endpoint-url", self.daemon.endpoint,
                                                             "--output", "json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        out = proc.stdout.decode().strip()
        return json.loads(out) if out else {}

    def aws_fails(self, service, *args):
        """Runs a command that must fail; returns (AWS error code, message)."""
        proc = subprocess.run([AWS, service] + list(args) + ["--endpoint-url", self.daemon.endpoint],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        stderr = proc.stderr.decode()
        self.assertEqual(proc.returncode, self.error_exit, stderr)
        # botocore retries LimitExceededException as throttling, and then says so in the message.
        found = re.search(r"An error occurred \((\w+)\) when calling the \w+ operation"
                          r"(?: \(reached max retries: \d+\))?: (.*)", stderr)
        self.assertIsNotNone(found, stderr)
        return found.group(1), found.group(2)

    def events(self, *args):
        return self.aws("events", *args)

    def create_queue(self, name):
        url = self.aws("sqs", "create-queue", "--queue-name", name)["QueueUrl"]
        return url, QUEUE_PREFIX + name


class EventsCliTest(AwsCli, harness.DaemonTestCase, unittest.TestCase):
    """`aws events` over the whole API surface."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_cli()

    def test_event_buses_are_created_described_listed_and_deleted(self):
        # aws-cli v2.9's model has no --description for create-event-bus; boto3's test sends one.
        created = self.events("create-event-bus", "--name", "cli-orders")
        self.assertEqual(created, {"EventBusArn": PREFIX + "event-bus/cli-orders"})
        described = self.events("describe-event-bus", "--name", "cli-orders")
        self.assertEqual((described["Name"], described["Arn"]),
                         ("cli-orders", PREFIX + "event-bus/cli-orders"))
        self.assertEqual(self.events("describe-event-bus", "--name", created["EventBusArn"])["Name"],
                         "cli-orders")
        self.assertEqual(self.events("describe-event-bus")["Arn"], PREFIX + "event-bus/default")
        listed = self.events("list-event-buses", "--name-prefix", "cli-")["EventBuses"]
        self.assertEqual([b["Name"] for b in listed], ["cli-orders"])
        names = [b["Name"] for b in self.events("list-event-buses")["EventBuses"]]
        self.assertIn("default", names)

        self.assertEqual(self.aws_fails("events", "create-event-bus", "--name", "cli-orders")[0],
                         "ResourceAlreadyExistsException")
        self.assertEqual(self.aws_fails("events", "create-event-bus", "--name", "bad name")[0],
                         "ValidationException")
        self.events("delete-event-bus", "--name", "cli-orders")
        self.assertEqual(self.aws_fails("events", "describe-event-bus", "--name", "cli-orders")[0],
                         "ResourceNotFoundException")
        self.events("delete-event-bus", "--name", "cli-orders")  # already gone: succeeds

    def test_rule_and_targets_round_trip(self):
        _, queue_arn = self.create_queue("cli-rule-target")
        rule_arn = self.events("put-rule", "--name", "cli-acm", "--event-pattern", ACM_RULE,
                               "--description", "expiring certificates")["RuleArn"]
        self.assertEqual(rule_arn, PREFIX + "rule/cli-acm")
        rule = self.events("describe-rule", "--name", "cli-acm")
        self.assertEqual(rule, {"Name": "cli-acm", "Arn": rule_arn, "EventPattern": ACM_RULE,
                                "State": "ENABLED", "Description": "expiring certificates",
                                "EventBusName": "default", "CreatedBy": harness.ACCOUNT})
        listed = self.events("list-rules", "--name-prefix", "cli-acm")["Rules"]
        self.assertEqual(listed, [{k: v for k, v in rule.items() if k != "CreatedBy"}])
        self.events("disable-rule", "--name", "cli-acm")
        self.assertEqual(self.events("describe-rule", "--name", "cli-acm")["State"], "DISABLED")
        self.events("enable-rule", "--name", "cli-acm")
        self.assertEqual(self.events("describe-rule", "--name", "cli-acm")["State"], "ENABLED")

        targets = [
            {"Id": "whole", "Arn": queue_arn},
            {"Id": "text", "Arn": queue_arn,
             "InputTransformer": {"InputPathsMap": {"cn": "$.detail.CommonName"},
                                  "InputTemplate": "Certificate <cn> expires"},
             "RetryPolicy": {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 3600},
             "DeadLetterConfig": {"Arn": queue_arn}},
        ]
        self.assertEqual(self.events("put-targets", "--rule", "cli-acm", "--targets", json.dumps(targets)),
                         {"FailedEntryCount": 0, "FailedEntries": []})
        listed = self.events("list-targets-by-rule", "--rule", "cli-acm")["Targets"]
        self.assertEqual(listed, sorted(targets, key=lambda t: t["Id"]))
        self.assertEqual(self.events("list-rule-names-by-target", "--target-arn", queue_arn)["RuleNames"],
                         ["cli-acm"])

        code, message = self.aws_fails("events", "delete-rule", "--name", "cli-acm")
        self.assertEqual(code, "ValidationException")
        self.assertIn("Rule can't be deleted since it has targets", message)
        self.assertEqual(self.events("remove-targets", "--rule", "cli-acm", "--ids", "whole", "text"),
                         {"FailedEntryCount": 0, "FailedEntries": []})
        self.events("delete-rule", "--name", "cli-acm")
        self.assertEqual(self.aws_fails("events", "describe-rule", "--name", "cli-acm")[0],
                         "ResourceNotFoundException")

    def test_errors_carry_eventbridge_codes(self):
        _, queue_arn = self.create_queue("cli-errors")
        self.assertEqual(self.aws_fails("events", "put-rule", "--name", "bad",
                                        "--event-pattern", '{"source":"aws.acm"}')[0],
                         "InvalidEventPatternException")
        self.assertEqual(self.aws_fails("events", "put-rule", "--name", "r", "--event-pattern", ACM_RULE,
                                        "--event-bus-name", "nowhere")[0], "ResourceNotFoundException")
        self.assertEqual(self.aws_fails("events", "put-rule", "--name", "bad name",
                                        "--event-pattern", ACM_RULE)[0], "ValidationException")
        self.assertEqual(self.aws_fails("events", "put-rule", "--name", "r",
                                        "--schedule-expression", "rate(0 minutes)")[0],
                         "ValidationException")
        self.assertEqual(self.aws_fails("events", "describe-rule", "--name", "nope")[0],
                         "ResourceNotFoundException")
        self.events("put-rule", "--name", "cli-limits", "--event-pattern", ACM_RULE)
        eleven = [{"Id": "t%d" % i, "Arn": queue_arn} for i in range(11)]
        self.assertEqual(self.aws_fails("events", "put-targets", "--rule", "cli-limits",
                                        "--targets", json.dumps(eleven))[0], "ValidationException")
        self.events("put-targets", "--rule", "cli-limits", "--targets", json.dumps(eleven[:5]))
        self.assertEqual(self.aws_fails("events", "put-targets", "--rule", "cli-limits",
                                        "--targets", json.dumps(eleven[5:6]))[0],
                         "LimitExceededException")
        self.assertEqual(len(self.events("list-targets-by-rule", "--rule", "cli-limits")["Targets"]), 5)
        missing = self.events("put-targets", "--rule", "cli-limits", "--targets",
                              json.dumps([{"Id": "t0", "Arn": QUEUE_PREFIX + "no-such-queue"}]))
        self.assertEqual(missing["FailedEntryCount"], 1)
        self.assertEqual(missing["FailedEntries"][0]["TargetId"], "t0")
        self.assertEqual(missing["FailedEntries"][0]["ErrorCode"], "ResourceNotFoundException")

    def test_test_event_pattern(self):
        event = json.dumps(sample_event())
        self.assertIs(self.events("test-event-pattern", "--event-pattern", ACM_RULE, "--event", event)["Result"],
                      True)
        other = json.dumps(sample_event(detail_type="ACM Certificate Expired"))
        self.assertIs(self.events("test-event-pattern", "--event-pattern", ACM_RULE, "--event", other)["Result"],
                      False)
        self.assertEqual(self.aws_fails("events", "test-event-pattern", "--event-pattern", '{"source":1}',
                                        "--event", event)[0], "InvalidEventPatternException")
        incomplete = sample_event()
        del incomplete["account"], incomplete["time"]
        code, message = self.aws_fails("events", "test-event-pattern", "--event-pattern", ACM_RULE,
                                       "--event", json.dumps(incomplete))
        self.assertEqual(code, "ValidationException")
        self.assertIn("account, time", message)

    def test_put_events_answers_per_entry(self):
        entries = [{"Source": "cli.test", "DetailType": "Ping", "Detail": json.dumps({"n": 1}),
                    "Time": "2031-01-10T09:30:00Z", "Resources": ["arn:aws:cli:::thing/1"]},
                   {"Source": "aws.acm", "DetailType": "Ping", "Detail": "{}"},
                   {"Source": "cli.test", "DetailType": "Ping", "Detail": "not json"}]
        answer = self.events("put-events", "--entries", json.dumps(entries))
        self.assertEqual(answer["FailedEntryCount"], 2)
        self.assertRegex(answer["Entries"][0]["EventId"], UUID)
        self.assertEqual(answer["Entries"][1]["ErrorCode"], "NotAuthorizedForSourceException")
        self.assertEqual(answer["Entries"][2]["ErrorCode"], "MalformedDetail")


class EventsBoto3Test(harness.DaemonTestCase, unittest.TestCase):
    """boto3's events client: paginators, modeled exceptions and PutEvents' limits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = harness.boto3_client(cls.daemon, service="events")
        cls.sqs = harness.boto3_client(cls.daemon, service="sqs")

    def queue_arn(self, name):
        self.sqs.create_queue(QueueName=name)
        return QUEUE_PREFIX + name

    def test_paginators_walk_every_list(self):
        for i in range(7):
            self.client.put_rule(Name="boto-page-%d" % i, EventPattern=ACM_RULE)
        pages = list(self.client.get_paginator("list_rules").paginate(
            NamePrefix="boto-page-", PaginationConfig={"PageSize": 3}))
        self.assertEqual([len(p["Rules"]) for p in pages], [3, 3, 1])
        self.assertEqual([r["Name"] for p in pages for r in p["Rules"]],
                         ["boto-page-%d" % i for i in range(7)])

        arn = self.queue_arn("boto-paging")
        self.client.put_targets(Rule="boto-page-0", Targets=[{"Id": "t%d" % i, "Arn": arn} for i in range(5)])
        pages = list(self.client.get_paginator("list_targets_by_rule").paginate(
            Rule="boto-page-0", PaginationConfig={"PageSize": 2}))
        self.assertEqual([t["Id"] for p in pages for t in p["Targets"]], ["t0", "t1", "t2", "t3", "t4"])
        self.assertEqual(len(pages), 3)
        for i in (1, 2):
            self.client.put_targets(Rule="boto-page-%d" % i, Targets=[{"Id": "q", "Arn": arn}])
        pages = list(self.client.get_paginator("list_rule_names_by_target").paginate(
            TargetArn=arn, PaginationConfig={"PageSize": 2}))
        self.assertEqual([n for p in pages for n in p["RuleNames"]],
                         ["boto-page-0", "boto-page-1", "boto-page-2"])

        for name in ("aa-bus", "zz-bus"):
            self.client.create_event_bus(Name=name)
        names, token = [], None
        while True:
            page = self.client.list_event_buses(Limit=1, **({"NextToken": token} if token else {}))
            self.assertLessEqual(len(page["EventBuses"]), 1)
            names += [b["Name"] for b in page["EventBuses"]]
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(names, sorted(names))
        self.assertTrue({"aa-bus", "default", "zz-bus"} <= set(names))

        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.client.list_rules(NextToken="forged")
        self.assertEqual(error_code(ctx.exception), "ValidationException")

    def test_modeled_exceptions(self):
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException):
            self.client.describe_rule(Name="boto-missing")
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException):
            self.client.put_rule(Name="r", EventPattern=ACM_RULE, EventBusName="boto-nowhere")
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException):
            self.client.put_targets(Rule="boto-missing", Targets=[{"Id": "a", "Arn": self.queue_arn("boto-x")}])
        with self.assertRaises(self.client.exceptions.InvalidEventPatternException):
            self.client.put_rule(Name="r", EventPattern='{"detail":{"n":[{"numeric":[">"]}]}}')
        with self.assertRaises(self.client.exceptions.InvalidEventPatternException):
            self.client.test_event_pattern(EventPattern="not json", Event=json.dumps(sample_event()))
        model = self.client.meta.service_model
        if "Description" in model.operation_model("CreateEventBus").input_shape.members:
            created = self.client.create_event_bus(Name="boto-dup", Description="described")
            self.assertEqual(created["Description"], "described")
            self.assertEqual(self.client.describe_event_bus(Name="boto-dup")["Description"], "described")
        else:  # botocore 1.29's model has no Description, nor CreationTime in the answer
            self.client.create_event_bus(Name="boto-dup")
        if "CreationTime" in model.operation_model("DescribeEventBus").output_shape.members:
            self.assertIsInstance(self.client.describe_event_bus(Name="boto-dup")["CreationTime"],
                                  datetime.datetime)
        with self.assertRaises(self.client.exceptions.ResourceAlreadyExistsException):
            self.client.create_event_bus(Name="boto-dup")
        self.client.put_rule(Name="boto-six", EventPattern=ACM_RULE)
        arn = self.queue_arn("boto-six")
        self.client.put_targets(Rule="boto-six", Targets=[{"Id": "t%d" % i, "Arn": arn} for i in range(5)])
        with self.assertRaises(self.client.exceptions.LimitExceededException):
            self.client.put_targets(Rule="boto-six", Targets=[{"Id": "t5", "Arn": arn}])
        answer = self.client.remove_targets(Rule="boto-six", Ids=["t0", "ghost"])
        self.assertEqual(answer["FailedEntryCount"], 1)
        self.assertEqual(answer["FailedEntries"][0]["TargetId"], "ghost")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.client.put_targets(Rule="boto-six", Targets=[
                {"Id": "t1", "Arn": arn, "RetryPolicy": {"MaximumRetryAttempts": 186}}])
        self.assertEqual(error_code(ctx.exception), "ValidationException")
        self.assertIn("targets.1.member.retryPolicy.maximumRetryAttempts", str(ctx.exception))
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.client.put_rule(Name="boto-tags", EventPattern=ACM_RULE,
                                 Tags=[{"Key": "a" * 129, "Value": "b"}])
        self.assertEqual(error_code(ctx.exception), "ValidationException")
        self.assertIn("tags.1.member.key", str(ctx.exception))

    def test_put_events_limits_and_per_entry_results(self):
        def entry(detail, **extra):
            return dict({"Source": "s", "DetailType": "t", "Detail": detail}, **extra)

        def detail_of(size):  # a JSON object of exactly `size` bytes
            return '{"a":"' + "x" * (size - 8) + '"}'

        limit = 256 * 1024
        ok = self.client.put_events(Entries=[entry(detail_of(limit - 3))])  # 1 + 1 + 262141
        self.assertEqual(ok["FailedEntryCount"], 0)
        for entries in ([entry(detail_of(limit - 2))],
                        [entry(detail_of(limit - 2 - 14), Time=START)],
                        [entry(detail_of(limit // 2)), entry(detail_of(limit // 2))]):
            with self.assertRaises(botocore.exceptions.ClientError) as ctx:
                self.client.put_events(Entries=entries)
            self.assertEqual(error_code(ctx.exception), "ValidationException")
            self.assertIn("Total size of the entries in the request is over the limit", str(ctx.exception))
        self.assertEqual(self.client.put_events(
            Entries=[entry(detail_of(limit - 3 - 15), Time=START)])["FailedEntryCount"], 0)
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.client.put_events(Entries=[entry("{}")] * 11)
        self.assertEqual(error_code(ctx.exception), "ValidationException")

        answer = self.client.put_events(Entries=[
            entry("{}"), {"Source": "s", "DetailType": "t"}, entry("{}", EventBusName="boto-nowhere")])
        self.assertEqual(answer["FailedEntryCount"], 2)
        self.assertRegex(answer["Entries"][0]["EventId"], UUID)
        self.assertEqual(answer["Entries"][1]["ErrorCode"], "InvalidArgument")
        self.assertEqual(answer["Entries"][2]["ErrorCode"], "InvalidArgument")


class SimulatedBusDaemon(AwsCli):
    """A fresh daemon on a simulated clock per test, with boto3 events and sqs clients."""

    @classmethod
    def setUpClass(cls):
        cls.setup_cli()

    def setUp(self):
        self.certs = harness.CertFactory()
        self.addCleanup(self.certs.cleanup)
        self.daemon = harness.Daemon(extra_args=["--simulated-clock", "--clock-start", iso(START)],
                                     log_level="info").start()
        self.addCleanup(self.daemon.cleanup)
        self.client = harness.boto3_client(self.daemon, service="events")
        self.sqs = harness.boto3_client(self.daemon, service="sqs")

    def certflow(self, *args):
        proc = harness.run_certflow(self.daemon, *args)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    def queue(self, name, **attributes):
        url = self.sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        return url, QUEUE_PREFIX + name

    def receive(self, url, wait=10):
        return self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=wait, MaxNumberOfMessages=10,
                                        MessageAttributeNames=["All"]).get("Messages", [])


class EventsEndToEndTest(SimulatedBusDaemon, unittest.TestCase):
    """Events travel through the bus into queues."""

    def test_acm_expiry_event_reaches_a_queue_through_the_rule_from_acm_docs(self):
        url, arn = self.create_queue("acm-expiring")
        text_url, text_arn = self.create_queue("acm-expiring-text")
        self.events("put-rule", "--name", "acm-expiring", "--event-pattern", ACM_RULE)
        targets = [{"Id": "queue", "Arn": arn},
                   {"Id": "text", "Arn": text_arn, "InputTransformer": {
                       "InputPathsMap": {"cn": "$.detail.CommonName", "days": "$.detail.DaysToExpiry"},
                       "InputTemplate": "Certificate <cn> expires in <days> days"}}]
        self.events("put-targets", "--rule", "acm-expiring", "--targets", json.dumps(targets))

        not_after = (START + 40 * DAY).replace(hour=6, minute=0)
        cert, key = self.certs.valid_between(START - 10 * DAY, not_after, cn="expiring.example.com")
        acm = harness.boto3_client(self.daemon)
        cert_arn = acm.import_certificate(Certificate=read(cert), PrivateKey=read(key))["CertificateArn"]
        self.certflow("clock", "advance", "1d")

        received = self.aws("sqs", "receive-message", "--queue-url", url, "--wait-time-seconds", "10",
                            "--max-number-of-messages", "10").get("Messages", [])
        self.assertEqual(len(received), 1)
        event = json.loads(received[0]["Body"])
        outbox = [e for e in json.loads(self.certflow("events", "list", "--json"))
                  if e["detail-type"] == APPROACHING]
        self.assertEqual(len(outbox), 1)
        self.assertEqual(event, outbox[0])  # the event exactly as the lifecycle wrote it
        self.assertEqual(event["source"], "aws.acm")
        self.assertEqual(event["resources"], [cert_arn])
        self.assertEqual(event["time"], "2031-01-11T00:00:00Z")
        self.assertEqual(event["detail"], {"DaysToExpiry": 40, "CommonName": "expiring.example.com"})

        text = self.aws("sqs", "receive-message", "--queue-url", text_url, "--wait-time-seconds", "10")
        self.assertEqual([m["Body"] for m in text["Messages"]],
                         ["Certificate expiring.example.com expires in 40 days"])
        # The import's Available event matched nothing: nothing else arrives.
        self.assertEqual(self.receive(url, wait=1), [])

    def test_put_events_on_a_custom_bus_reach_only_that_bus_rules(self):
        self.client.create_event_bus(Name="shop")
        shop_url, shop_arn = self.queue("shop-orders")
        default_url, default_arn = self.queue("default-orders")
        pattern = json.dumps({"source": ["shop"], "detail": {"total": [{"numeric": [">", 100]}]}})
        for bus, arn in (("shop", shop_arn), ("default", default_arn)):
            self.client.put_rule(Name="big-orders", EventBusName=bus, EventPattern=pattern)
            self.client.put_targets(Rule="big-orders", EventBusName=bus, Targets=[{"Id": "q", "Arn": arn}])
        answer = self.client.put_events(Entries=[
            {"Source": "shop", "DetailType": "Order Placed", "Detail": json.dumps({"total": 150}),
             "EventBusName": "shop", "Resources": ["arn:aws:shop:::order/1"], "Time": START},
            {"Source": "shop", "DetailType": "Order Placed", "Detail": json.dumps({"total": 50}),
             "EventBusName": PREFIX + "event-bus/shop"}])
        self.assertEqual(answer["FailedEntryCount"], 0)

        messages = self.receive(shop_url)
        self.assertEqual(len(messages), 1)
        event = json.loads(messages[0]["Body"])
        self.assertEqual(event, {"version": "0", "id": answer["Entries"][0]["EventId"],
                                 "detail-type": "Order Placed", "source": "shop",
                                 "account": harness.ACCOUNT, "time": iso(START), "region": harness.REGION,
                                 "resources": ["arn:aws:shop:::order/1"], "detail": {"total": 150}})
        self.assertEqual(self.receive(default_url, wait=1), [])
        self.assertEqual(self.receive(shop_url, wait=1), [])

    def test_event_for_a_deleted_queue_goes_to_the_dead_letter_queue(self):
        doomed_url, doomed_arn = self.queue("doomed")
        dlq_url, dlq_arn = self.queue("dead-letters")
        self.client.put_rule(Name="to-doomed", EventPattern=json.dumps({"source": ["shop"]}))
        self.client.put_targets(Rule="to-doomed", Targets=[{
            "Id": "q", "Arn": doomed_arn, "DeadLetterConfig": {"Arn": dlq_arn},
            "RetryPolicy": {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 3600}}])
        self.sqs.delete_queue(QueueUrl=doomed_url)
        event_id = self.client.put_events(Entries=[
            {"Source": "shop", "DetailType": "Order Placed", "Detail": "{}"}])["Entries"][0]["EventId"]

        messages = self.receive(dlq_url)
        self.assertEqual(len(messages), 1)
        self.assertEqual(json.loads(messages[0]["Body"])["id"], event_id)
        attributes = {k: v["StringValue"] for k, v in messages[0]["MessageAttributes"].items()}
        self.assertEqual(attributes.pop("ERROR_CODE"), "QueueDoesNotExist")
        self.assertTrue(attributes.pop("ERROR_MESSAGE"))
        self.assertEqual(attributes, {"RULE_ARN": PREFIX + "rule/to-doomed", "TARGET_ARN": doomed_arn,
                                      "EXHAUSTED_RETRY_CONDITION": "NonRetryableError",
                                      "RETRY_ATTEMPTS": "0"})

    def test_event_the_target_queue_refuses_goes_to_the_dead_letter_queue_without_retries(self):
        # A queue that takes at most 1 KiB refuses a bigger event for good: no retry can help, so
        # the dead-letter queue gets it at once, while the simulated clock stands still.
        # (Retries of failures that may pass, over simulated time, are in tests/unit/events/bus.)
        _, small_arn = self.queue("small", MaximumMessageSize="1024")
        dlq_url, dlq_arn = self.queue("small-dead-letters")
        self.client.put_rule(Name="to-small", EventPattern=json.dumps({"source": ["shop"]}))
        self.client.put_targets(Rule="to-small", Targets=[{
            "Id": "q", "Arn": small_arn, "DeadLetterConfig": {"Arn": dlq_arn},
            "RetryPolicy": {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 86400}}])
        self.client.put_events(Entries=[{"Source": "shop", "DetailType": "Big",
                                         "Detail": json.dumps({"blob": "x" * 2000})}])
        messages = self.receive(dlq_url)
        self.assertEqual(len(messages), 1)
        attributes = {k: v["StringValue"] for k, v in messages[0]["MessageAttributes"].items()}
        self.assertEqual(attributes["ERROR_CODE"], "InvalidMessageContents")
        self.assertIn("1024", attributes["ERROR_MESSAGE"])
        self.assertEqual(attributes["EXHAUSTED_RETRY_CONDITION"], "NonRetryableError")
        self.assertEqual(attributes["RETRY_ATTEMPTS"], "0")
        self.assertEqual(attributes["TARGET_ARN"], small_arn)
        self.assertEqual(json.loads(messages[0]["Body"])["detail"]["blob"], "x" * 2000)

if __name__ == "__main__":
    unittest.main()
