"""certflow's functions, its stand-in for Lambda, end to end: the `certflow function` commands, a
rule's lambda target running a shell script with the event on its stdin, a failing function
retried over the simulated clock, and PutTargets refusing a function that does not exist.
scripts/test.sh runs this file with both client generations; CERTFLOW_AWS_CLI names the aws
binary."""
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import harness
from harness import iso
from test_events import START, AwsCli

FUNCTION_PREFIX = "arn:aws:lambda:%s:%s:function:" % (harness.REGION, harness.ACCOUNT)


def wait_for(condition, seconds=10):
    """Polls `condition` until it returns something true or the deadline passes; returns its last
    value. The bus delivers within about a second of an event or of a clock move."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(0.1)


def read_text(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


class FunctionsTest(AwsCli, unittest.TestCase):
    """A fresh daemon on a simulated clock per test, and shell scripts in a temporary directory."""

    @classmethod
    def setUpClass(cls):
        cls.setup_cli()

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="certflow-functions-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.daemon = harness.Daemon(extra_args=["--simulated-clock", "--clock-start", iso(START)],
                                     log_level="info").start()
        self.addCleanup(self.daemon.cleanup)

    def script(self, name, body):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body + "\n")
        os.chmod(path, 0o755)
        return path

    def path(self, name):
        return os.path.join(self.dir, name)

    def certflow(self, *args):
        proc = harness.run_certflow(self.daemon, *args)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    def certflow_with_command(self, *args, command):
        """`certflow ARGS --endpoint-url URL -- COMMAND...`: the command comes last, after --."""
        env = dict(os.environ, AWS_ACCESS_KEY_ID=harness.ADMIN_ID,
                   AWS_SECRET_ACCESS_KEY=harness.ADMIN_SECRET)
        env.pop("CERTFLOW_ENDPOINT_URL", None)
        return subprocess.run([harness.CERTFLOW] + list(args) +
                              ["--endpoint-url", self.daemon.endpoint, "--"] + list(command),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                              universal_newlines=True)

    def rule_to_function(self, rule, function):
        self.events("put-rule", "--name", rule, "--event-pattern", json.dumps({"source": ["shop"]}))
        answer = self.events("put-targets", "--rule", rule, "--targets",
                             json.dumps([{"Id": "fn", "Arn": FUNCTION_PREFIX + function}]))
        self.assertEqual(answer.get("FailedEntryCount", 0), 0, answer)

    def put_event(self, detail):
        answer = self.events("put-events", "--entries", json.dumps([
            {"Source": "shop", "DetailType": "Order Placed", "Detail": json.dumps(detail)}]))
        self.assertEqual(answer["FailedEntryCount"], 0)
        return answer["Entries"][0]["EventId"]

    def test_function_commands_create_show_list_invoke_and_delete(self):
        greet = self.script("greet.sh", 'echo "$GREETING $CERTFLOW_FUNCTION_NAME: $(cat) $*"')
        created = self.certflow_with_command(
            "function", "create", "greet", "--timeout", "5", "--description", "says hello",
            "--env", "GREETING=hi", command=[greet, "--loud"])
        self.assertEqual(created.returncode, 0, created.stderr)
        self.assertEqual(created.stdout, FUNCTION_PREFIX + "greet\n")

        shown = json.loads(self.certflow("function", "show", "greet", "--json"))
        self.assertEqual(shown["Command"], [greet, "--loud"])
        self.assertEqual((shown["Timeout"], shown["Description"], shown["Environment"]),
                         (5, "says hello", {"GREETING": "hi"}))
        self.assertIn("greet", self.certflow("function", "list"))
        # certflow-deploy is the daemon's built-in function (docs/OPERATIONS.md, "Deployment").
        self.assertEqual([f["Name"] for f in json.loads(self.certflow("function", "list", "--json"))],
                         ["certflow-deploy", "greet"])

        invoked = harness.run_certflow(self.daemon, "function", "invoke", "greet", "--payload",
                                       '{"a":1}')
        self.assertEqual((invoked.returncode, invoked.stdout), (0, 'hi greet: {"a":1} --loud\n'),
                         invoked.stderr)

        failing = self.script("failing.sh", "echo 'cannot reach the load balancer' >&2; exit 3")
        self.certflow("function", "create", "failing", failing)
        invoked = harness.run_certflow(self.daemon, "function", "invoke", "failing")
        self.assertEqual(invoked.returncode, 3)  # the function's own exit status
        self.assertEqual(invoked.stdout, "cannot reach the load balancer\n")
        self.assertIn("exited with status 3", invoked.stderr)

        self.certflow("function", "delete", "greet")
        gone = harness.run_certflow(self.daemon, "function", "show", "greet")
        self.assertEqual(gone.returncode, 1)
        self.assertIn("ResourceNotFoundException", gone.stderr)

        relative = self.certflow_with_command("function", "create", "bad", command=["bin/tool"])
        self.assertEqual(relative.returncode, 1)
        self.assertIn("relative path", relative.stderr)

    def test_event_reaches_a_function_through_a_rule(self):
        received = self.path("received.jsonl")
        append = self.script("append.sh", 'cat >> "%s"; echo >> "%s"; echo appended' %
                             (received, received))
        self.certflow("function", "create", "append", append)
        self.rule_to_function("orders-to-function", "append")
        event_id = self.put_event({"order": 42})

        lines = wait_for(lambda: read_text(received).splitlines())
        self.assertEqual(len(lines), 1, "the function did not get the event")
        event = json.loads(lines[0])
        self.assertEqual((event["id"], event["source"], event["detail"]),
                         (event_id, "shop", {"order": 42}))

        # The invocation's output is in the function's log group.
        def logged():
            tail = harness.run_certflow(self.daemon, "events", "tail", "--log-group",
                                        "/aws/lambda/append")
            return tail.stdout if "END exit 0" in tail.stdout else ""
        log = wait_for(logged, seconds=5)
        self.assertIn("START event %s attempt 1" % event_id, log)
        self.assertIn("appended", log)

    def test_failing_function_is_retried_over_the_simulated_clock(self):
        runs = self.path("runs")
        # Fails the first two times, then succeeds.
        flaky = self.script("flaky.sh", """
n=$(( $(cat "{runs}" 2>/dev/null || echo 0) + 1 ))
echo $n > "{runs}"
echo "run $n"
[ $n -ge 3 ]""".format(runs=runs))
        self.certflow("function", "create", "flaky", flaky)
        self.rule_to_function("orders-to-flaky", "flaky")
        self.put_event({"order": 7})

        def run_count():
            text = read_text(runs).strip()
            return int(text) if text else 0
        self.assertEqual(wait_for(lambda: run_count() >= 1), True)
        for expected in (2, 3):
            # The retry falls due within seconds of simulated time (1 s, then 2 s, with jitter).
            self.certflow("clock", "advance", "10s")
            self.assertTrue(wait_for(lambda: run_count() >= expected), "run %d never came" % expected)
        # Delivered on the third run: no more attempts however far the clock moves.
        self.certflow("clock", "advance", "10m")
        time.sleep(1.5)
        self.assertEqual(run_count(), 3)

    def test_a_function_that_keeps_failing_ends_in_the_dead_letter_queue_over_simulated_time(self):
        sqs = harness.boto3_client(self.daemon, service="sqs")
        dlq_url = sqs.create_queue(QueueName="fn-dead-letters")["QueueUrl"]
        dlq_arn = "arn:aws:sqs:%s:%s:fn-dead-letters" % (harness.REGION, harness.ACCOUNT)
        runs = self.path("runs")
        broken = self.script("broken.sh", 'echo x >> "%s"; echo "database is down" >&2; exit 1' % runs)
        self.certflow("function", "create", "broken", broken)
        self.events("put-rule", "--name", "to-broken", "--event-pattern", json.dumps({"source": ["shop"]}))
        self.events("put-targets", "--rule", "to-broken", "--targets", json.dumps([{
            "Id": "fn", "Arn": FUNCTION_PREFIX + "broken", "DeadLetterConfig": {"Arn": dlq_arn},
            "RetryPolicy": {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 3600}}]))
        event_id = self.put_event({"order": 9})

        def run_count():
            return len(read_text(runs).splitlines())
        self.assertTrue(wait_for(lambda: run_count() >= 1))
        for expected in (2, 3):
            self.certflow("clock", "advance", "10s")
            self.assertTrue(wait_for(lambda: run_count() >= expected), "run %d never came" % expected)
        messages = wait_for(lambda: sqs.receive_message(
            QueueUrl=dlq_url, WaitTimeSeconds=1, MessageAttributeNames=["All"]).get("Messages"))
        self.assertTrue(messages, "the dead-letter queue got nothing")
        self.assertEqual(json.loads(messages[0]["Body"])["id"], event_id)
        attributes = {k: v["StringValue"] for k, v in messages[0]["MessageAttributes"].items()}
        self.assertEqual(attributes["ERROR_CODE"], "FunctionError")
        self.assertIn("database is down", attributes["ERROR_MESSAGE"])
        self.assertEqual(attributes["EXHAUSTED_RETRY_CONDITION"], "MaximumRetryAttemptsExhausted")
        self.assertEqual(attributes["RETRY_ATTEMPTS"], "2")
        self.assertEqual(attributes["RULE_ARN"],
                         "arn:aws:events:%s:%s:rule/to-broken" % (harness.REGION, harness.ACCOUNT))
        self.certflow("clock", "advance", "1h")
        time.sleep(1.5)
        self.assertEqual(run_count(), 3, "no attempt after the last retry")
        metrics = json.loads(self.certflow("metrics", "--rule", "to-broken", "--json"))
        values = {m["MetricName"]: m["Value"] for m in metrics if m["TargetId"] == "fn"}
        self.assertEqual((values["FailedInvocations"], values["InvocationsSentToDlq"]), (3, 1))

    def test_put_targets_with_a_missing_function_fails_clearly(self):
        self.events("put-rule", "--name", "to-nowhere", "--event-pattern",
                    json.dumps({"source": ["shop"]}))
        answer = self.events("put-targets", "--rule", "to-nowhere", "--targets", json.dumps(
            [{"Id": "fn", "Arn": FUNCTION_PREFIX + "not-yet"}]))
        self.assertEqual(answer["FailedEntryCount"], 1)
        entry = answer["FailedEntries"][0]
        self.assertEqual((entry["TargetId"], entry["ErrorCode"]), ("fn", "ResourceNotFoundException"))
        self.assertIn("certflow function create not-yet", entry["ErrorMessage"])
        self.assertEqual(self.events("list-targets-by-rule", "--rule", "to-nowhere")["Targets"], [])


if __name__ == "__main__":
    unittest.main()
