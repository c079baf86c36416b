"""The event bus's scheduled rules, tags, log targets (`certflow events tail`) and metrics
(`certflow metrics`), with the real aws CLI and boto3 over a simulated clock."""
import json
import time
import unittest

import harness
from harness import iso
from test_events import PREFIX, START, SimulatedBusDaemon

LOG_GROUP_ARN = "arn:aws:logs:%s:%s:log-group:/certflow/orders" % (harness.REGION, harness.ACCOUNT)


class BusFeaturesTest(SimulatedBusDaemon, unittest.TestCase):

    def wait_for(self, probe, what, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            value = probe()
            if value or time.monotonic() > deadline:
                self.assertTrue(value, "gave up waiting for " + what)
                return value
            time.sleep(0.1)

    def test_a_scheduled_rule_fires_as_the_simulated_clock_passes_its_time(self):
        url, arn = self.queue("ticks")
        rule_arn = self.events("put-rule", "--name", "every-5", "--schedule-expression",
                               "rate(5 minutes)")["RuleArn"]
        self.events("put-targets", "--rule", "every-5", "--targets",
                    json.dumps([{"Id": "q", "Arn": arn}]))
        self.certflow("clock", "advance", "4m")
        self.assertEqual(self.receive(url, wait=1), [])
        self.certflow("clock", "advance", "1m")  # 09:35, five minutes after the rule was made
        messages = self.receive(url)
        self.assertEqual(len(messages), 1)
        event = json.loads(messages[0]["Body"])
        self.assertEqual((event["source"], event["detail-type"]), ("aws.events", "Scheduled Event"))
        self.assertEqual(event["resources"], [rule_arn])
        self.assertEqual(event["time"], iso(START.replace(minute=35)))
        self.assertEqual(event["detail"], {})
        # A jump over many firings fires once, for the latest.
        self.certflow("clock", "advance", "1h", "--jump")
        later = self.receive(url)
        self.assertEqual([json.loads(m["Body"])["time"] for m in later],
                         [iso(START.replace(hour=10, minute=35))])

    def test_buses_and_rules_are_tagged_with_the_aws_cli_and_boto3(self):
        rule_arn = self.events("put-rule", "--name", "tagged", "--event-pattern",
                               json.dumps({"source": ["shop"]}),
                               "--tags", "Key=team,Value=pki")["RuleArn"]
        self.events("tag-resource", "--resource-arn", rule_arn, "--tags",
                    "Key=env,Value=prod", "Key=team,Value=security")
        tags = self.events("list-tags-for-resource", "--resource-arn", rule_arn)["Tags"]
        self.assertEqual(tags, [{"Key": "team", "Value": "security"}, {"Key": "env", "Value": "prod"}])
        self.events("untag-resource", "--resource-arn", rule_arn, "--tag-keys", "team")
        self.assertEqual(self.events("list-tags-for-resource", "--resource-arn", rule_arn)["Tags"],
                         [{"Key": "env", "Value": "prod"}])
        code, message = self.aws_fails("events", "tag-resource", "--resource-arn",
                                       PREFIX + "rule/missing", "--tags", "Key=a,Value=b")
        self.assertEqual(code, "ResourceNotFoundException")
        self.assertIn("Rule missing does not exist", message)
        code, _ = self.aws_fails("events", "tag-resource", "--resource-arn", rule_arn,
                                 "--tags", "Key=aws:owner,Value=x")
        self.assertEqual(code, "ValidationException")

        bus_arn = self.client.create_event_bus(Name="shop", Tags=[{"Key": "owner", "Value": "shop"}])[
            "EventBusArn"]
        self.assertEqual(self.client.list_tags_for_resource(ResourceARN=bus_arn)["Tags"],
                         [{"Key": "owner", "Value": "shop"}])
        self.client.untag_resource(ResourceARN=bus_arn, TagKeys=["owner"])
        self.assertEqual(self.client.list_tags_for_resource(ResourceARN=bus_arn)["Tags"], [])

    def test_log_target_records_are_tailed_by_rule_and_metrics_count_them(self):
        self.client.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop"]}))
        self.client.put_targets(Rule="orders", Targets=[{"Id": "log", "Arn": LOG_GROUP_ARN}])
        ids = [self.client.put_events(Entries=[{"Source": "shop", "DetailType": "Order Placed",
                                                "Detail": json.dumps({"n": n})}])["Entries"][0]["EventId"]
               for n in range(3)]

        def tailed():
            out = self.certflow("events", "tail", "--rule", "orders", "--json")
            records = [json.loads(line) for line in out.splitlines() if line.strip()]
            return records if len(records) == 3 else None

        records = self.wait_for(tailed, "three log records")
        self.assertEqual([r["EventId"] for r in records], ids)
        self.assertEqual({r["LogGroup"] for r in records}, {"/certflow/orders"})
        self.assertEqual([json.loads(r["Message"])["detail"]["n"] for r in records], [0, 1, 2])
        plain = self.certflow("events", "tail", "--log-group", "/certflow/orders")
        self.assertEqual(len(plain.splitlines()), 3)
        self.assertIn('"Order Placed"', plain.splitlines()[0])
        self.assertEqual(self.certflow("events", "tail", "--rule", "other").strip(), "")

        metrics = json.loads(self.certflow("metrics", "--rule", "orders", "--json"))
        values = {(m["TargetId"], m["MetricName"]): m["Value"] for m in metrics}
        self.assertEqual(values[("", "MatchedEvents")], 3)
        self.assertEqual(values[("", "TriggeredRules")], 3)
        self.assertEqual(values[("log", "Invocations")], 3)
        self.assertNotIn(("log", "FailedInvocations"), values)
        table = self.certflow("metrics")
        self.assertIn("Invocations", table)
        self.assertIn("orders", table)

        proc = harness.run_certflow(self.daemon, "events", "tail")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--rule", proc.stderr)


if __name__ == "__main__":
    unittest.main()
