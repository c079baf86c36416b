"""EventBridge connections and API destinations with the real clients: `aws events` and boto3 over
the whole API (Create/Describe/List/Update/Delete of both), and events delivered end to end to a
local HTTP endpoint (python's http.server in a thread) with each authorization kind, retried over
the simulated clock when the endpoint fails, and sent to the rule's dead-letter queue with
EventBridge's error attributes when the endpoint refuses them. certflow accepts http:// endpoints
on loopback hosts only (EventBridge requires https://), which is what lets these tests use a local
server. scripts/test.sh runs this file with both client generations; CERTFLOW_AWS_CLI names the aws
binary."""
import base64
import datetime
import http.server
import json
import threading
import time
import unittest

import harness
from harness import iso
from test_events import AwsCli, PREFIX, QUEUE_PREFIX

START = datetime.datetime(2031, 1, 10, 9, 30, tzinfo=datetime.timezone.utc)
PASSWORD = "it-password-secret"
API_KEY = "it-api-key-secret"
CLIENT_SECRET = "it-client-secret"
TOKEN = "it-access-token"


class Endpoint:
    """A local HTTP server that records every request. Paths: /token answers an OAuth token;
    /bad answers 400; /flaky answers 503 `fail_first` times, then 200; anything else 200."""

    def __init__(self, fail_first=0):
        self.requests = []
        self.lock = threading.Lock()
        self.fail_first = fail_first
        endpoint = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                path = self.path.split("?")[0]
                with endpoint.lock:
                    endpoint.requests.append({"method": self.command, "path": path,
                                              "target": self.path, "body": body,
                                              "headers": {k.lower(): v for k, v in self.headers.items()}})
                    flaky_seen = sum(1 for r in endpoint.requests if r["path"] == "/flaky")
                status, answer = 200, {"ok": True}
                if path == "/token":
                    answer = {"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600}
                elif path == "/bad":
                    status, answer = 400, {"message": "this endpoint takes no events"}
                elif path == "/flaky" and flaky_seen <= endpoint.fail_first:
                    status, answer = 503, {"message": "try later"}
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.server.server_address[1], path)

    def received(self, path):
        with self.lock:
            return [r for r in self.requests if r["path"] == path]

    def wait_for(self, path, count, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.received(path)
            if len(got) >= count:
                return got
            time.sleep(0.05)
        return self.received(path)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def auth_parameters(kind, endpoint):
    if kind == "BASIC":
        return {"BasicAuthParameters": {"Username": "it-user", "Password": PASSWORD}}
    if kind == "API_KEY":
        return {"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": API_KEY},
                "InvocationHttpParameters": {"HeaderParameters": [
                    {"Key": "X-Team", "Value": "certs", "IsValueSecret": False}]}}
    return {"OAuthParameters": {
        "ClientParameters": {"ClientID": "it-client", "ClientSecret": CLIENT_SECRET},
        "AuthorizationEndpoint": endpoint.url("/token"), "HttpMethod": "POST",
        "OAuthHttpParameters": {"BodyParameters": [
            {"Key": "scope", "Value": "events", "IsValueSecret": False}]}}}


class ApiDestinationsCliTest(AwsCli, unittest.TestCase):
    """`aws events` over connections and API destinations."""

    @classmethod
    def setUpClass(cls):
        cls.setup_cli()
        cls.daemon = harness.Daemon().start()
        cls.endpoint = Endpoint()

    @classmethod
    def tearDownClass(cls):
        cls.endpoint.close()
        cls.daemon.cleanup()

    def test_connections_of_each_kind_round_trip_without_their_secrets(self):
        arns = {}
        for kind in ("BASIC", "API_KEY", "OAUTH_CLIENT_CREDENTIALS"):
            name = "cli-kind-" + kind.lower().replace("_", "-")
            created = self.events("create-connection", "--name", name, "--authorization-type", kind,
                                  "--auth-parameters", json.dumps(auth_parameters(kind, self.endpoint)))
            self.assertRegex(created["ConnectionArn"],
                             r"^%sconnection/%s/[0-9a-f-]{36}$" % (PREFIX, name))
            self.assertEqual(created["ConnectionState"],
                             "AUTHORIZING" if kind.startswith("OAUTH") else "AUTHORIZED")
            arns[kind] = created["ConnectionArn"]
            described = self.events("describe-connection", "--name", name)
            self.assertEqual(described["ConnectionArn"], created["ConnectionArn"])
            self.assertEqual(described["AuthorizationType"], kind)
            self.assertIn("SecretArn", described)
            text = json.dumps(described)
            for secret in (PASSWORD, API_KEY, CLIENT_SECRET):
                self.assertNotIn(secret, text)
        described = self.events("describe-connection", "--name", "cli-kind-basic")
        self.assertEqual(described["AuthParameters"]["BasicAuthParameters"], {"Username": "it-user"})
        listed = self.events("list-connections", "--name-prefix", "cli-kind-")["Connections"]
        self.assertEqual([c["Name"] for c in listed],
                         ["cli-kind-api-key", "cli-kind-basic", "cli-kind-oauth-client-credentials"])

        updated = self.events("update-connection", "--name", "cli-kind-basic", "--auth-parameters",
                              json.dumps({"BasicAuthParameters": {"Password": "rotated"}}))
        self.assertEqual(updated["ConnectionState"], "AUTHORIZED")
        self.assertEqual(self.aws_fails("events", "create-connection", "--name", "cli-kind-basic",
                                        "--authorization-type", "BASIC", "--auth-parameters",
                                        json.dumps(auth_parameters("BASIC", self.endpoint)))[0],
                         "ResourceAlreadyExistsException")
        code, message = self.aws_fails("events", "create-connection", "--name", "cli-bad",
                                       "--authorization-type", "BASIC", "--auth-parameters",
                                       json.dumps({"BasicAuthParameters": {
                                           "Username": "u", "Password": "with:colon-" + PASSWORD}}))
        self.assertEqual(code, "ValidationException")
        self.assertNotIn(PASSWORD, message)

    def test_api_destinations_round_trip_and_keep_their_connection(self):
        connection = self.events("create-connection", "--name", "cli-dest-conn",
                                 "--authorization-type", "API_KEY", "--auth-parameters",
                                 json.dumps(auth_parameters("API_KEY", self.endpoint)))["ConnectionArn"]
        # aws-cli v1 fetches any parameter value that starts with http:// (its paramfile
        # feature), so the endpoint travels inside --cli-input-json.
        created = self.events("create-api-destination", "--cli-input-json", json.dumps({
            "Name": "cli-orders", "ConnectionArn": connection, "HttpMethod": "POST",
            "InvocationEndpoint": self.endpoint.url("/orders")}))
        self.assertRegex(created["ApiDestinationArn"], r"^%sapi-destination/cli-orders/" % PREFIX)
        self.assertEqual(created["ApiDestinationState"], "ACTIVE")
        described = self.events("describe-api-destination", "--name", "cli-orders")
        self.assertEqual((described["InvocationEndpoint"], described["HttpMethod"],
                          described["InvocationRateLimitPerSecond"], described["ConnectionArn"]),
                         (self.endpoint.url("/orders"), "POST", 300, connection))
        self.events("update-api-destination", "--name", "cli-orders",
                    "--invocation-rate-limit-per-second", "20")
        listed = self.events("list-api-destinations", "--connection-arn", connection)["ApiDestinations"]
        self.assertEqual([(d["Name"], d["InvocationRateLimitPerSecond"]) for d in listed],
                         [("cli-orders", 20)])

        code, message = self.aws_fails("events", "create-api-destination", "--cli-input-json", json.dumps({
            "Name": "cli-plain", "ConnectionArn": connection, "HttpMethod": "POST",
            "InvocationEndpoint": "http://hooks.example.com/orders"}))
        self.assertEqual(code, "ValidationException")
        self.assertIn("https://", message)
        self.assertEqual(self.aws_fails("events", "delete-connection", "--name", "cli-dest-conn")[0],
                         "ValidationException")
        self.events("delete-api-destination", "--name", "cli-orders")
        self.assertEqual(self.aws_fails("events", "describe-api-destination", "--name", "cli-orders")[0],
                         "ResourceNotFoundException")
        self.assertEqual(self.events("delete-connection", "--name", "cli-dest-conn")["ConnectionState"],
                         "DELETING")


class ApiDestinationsDeliveryTest(AwsCli, unittest.TestCase):
    """A fresh daemon on a simulated clock per test; events travel to a local HTTP endpoint."""

    @classmethod
    def setUpClass(cls):
        cls.setup_cli()

    def setUp(self):
        self.endpoint = Endpoint(fail_first=3)
        self.addCleanup(self.endpoint.close)
        self.daemon = harness.Daemon(extra_args=["--simulated-clock", "--clock-start", iso(START)],
                                     log_level="info").start()
        self.addCleanup(self.daemon.cleanup)
        self.client = harness.boto3_client(self.daemon, service="events")

    def destination(self, name, kind, path, **target):
        connection = self.client.create_connection(
            Name=name, AuthorizationType=kind,
            AuthParameters=auth_parameters(kind, self.endpoint))["ConnectionArn"]
        arn = self.client.create_api_destination(
            Name=name, ConnectionArn=connection, InvocationEndpoint=self.endpoint.url(path),
            HttpMethod="POST")["ApiDestinationArn"]
        self.client.put_rule(Name=name, EventPattern=json.dumps({"source": ["shop"],
                                                                  "detail-type": [name]}))
        answer = self.client.put_targets(Rule=name, Targets=[dict({"Id": "hook", "Arn": arn}, **target)])
        self.assertEqual(answer["FailedEntryCount"], 0, answer)
        return arn

    def put_event(self, detail_type):
        answer = self.client.put_events(Entries=[{"Source": "shop", "DetailType": detail_type,
                                                  "Detail": json.dumps({"order": 42})}])
        self.assertEqual(answer["FailedEntryCount"], 0)
        return answer["Entries"][0]["EventId"]

    def test_events_reach_the_endpoint_with_each_kind_of_authorization(self):
        ids = {}
        for kind, path in (("BASIC", "/basic"), ("API_KEY", "/api-key"),
                           ("OAUTH_CLIENT_CREDENTIALS", "/oauth")):
            name = "it-" + kind.lower().replace("_", "-")
            self.destination(name, kind, path)
            ids[path] = self.put_event(name)

        basic = self.endpoint.wait_for("/basic", 1)
        self.assertEqual(len(basic), 1)
        self.assertEqual(basic[0]["headers"]["authorization"],
                         "Basic " + base64.b64encode(("it-user:" + PASSWORD).encode()).decode())
        event = json.loads(basic[0]["body"])
        self.assertEqual((event["id"], event["source"], event["detail"]), (ids["/basic"], "shop", {"order": 42}))
        self.assertTrue(basic[0]["headers"]["content-type"].startswith("application/json"))

        keyed = self.endpoint.wait_for("/api-key", 1)
        self.assertEqual(len(keyed), 1)
        self.assertEqual(keyed[0]["headers"]["x-api-key"], API_KEY)
        self.assertEqual(keyed[0]["headers"]["x-team"], "certs")
        self.assertEqual(json.loads(keyed[0]["body"])["id"], ids["/api-key"])

        oauth = self.endpoint.wait_for("/oauth", 1)
        self.assertEqual(len(oauth), 1)
        self.assertEqual(oauth[0]["headers"]["authorization"], "Bearer " + TOKEN)
        token_requests = self.endpoint.received("/token")
        self.assertEqual(len(token_requests), 1)
        self.assertEqual(token_requests[0]["body"], "grant_type=client_credentials&scope=events")
        self.assertEqual(token_requests[0]["headers"]["authorization"],
                         "Basic " + base64.b64encode(("it-client:" + CLIENT_SECRET).encode()).decode())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            state = self.client.describe_connection(Name="it-oauth-client-credentials")["ConnectionState"]
            if state == "AUTHORIZED":
                break
            time.sleep(0.1)
        self.assertEqual(state, "AUTHORIZED")

    def test_a_failing_endpoint_is_retried_over_the_simulated_clock_then_delivered_once(self):
        self.destination("it-flaky", "API_KEY", "/flaky")
        event_id = self.put_event("it-flaky")
        self.assertEqual(len(self.endpoint.wait_for("/flaky", 1)), 1)  # 503
        for attempt in (2, 3, 4):
            # The retry waits on the simulated clock: nothing happens until it moves.
            time.sleep(0.3)
            self.assertEqual(len(self.endpoint.received("/flaky")), attempt - 1)
            proc = harness.run_certflow(self.daemon, "clock", "advance", "10s")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(len(self.endpoint.wait_for("/flaky", attempt)), attempt)
        harness.run_certflow(self.daemon, "clock", "advance", "10m")
        time.sleep(1)
        flaky = self.endpoint.received("/flaky")
        self.assertEqual(len(flaky), 4)  # three 503s, then one delivery, and no more
        self.assertEqual({json.loads(r["body"])["id"] for r in flaky}, {event_id})

    def test_an_event_the_endpoint_refuses_goes_to_the_dead_letter_queue(self):
        sqs = harness.boto3_client(self.daemon, service="sqs")
        dlq_url = sqs.create_queue(QueueName="it-api-dlq")["QueueUrl"]
        arn = self.destination("it-bad", "API_KEY", "/bad",
                               DeadLetterConfig={"Arn": QUEUE_PREFIX + "it-api-dlq"},
                               RetryPolicy={"MaximumRetryAttempts": 5,
                                            "MaximumEventAgeInSeconds": 3600})
        event_id = self.put_event("it-bad")
        received = self.aws("sqs", "receive-message", "--queue-url", dlq_url, "--wait-time-seconds",
                            "10", "--message-attribute-names", "All").get("Messages", [])
        self.assertEqual(len(received), 1)
        self.assertEqual(len(self.endpoint.received("/bad")), 1)  # a 400 is not retried
        self.assertEqual(json.loads(received[0]["Body"])["id"], event_id)
        attributes = {k: v["StringValue"] for k, v in received[0]["MessageAttributes"].items()}
        self.assertEqual(attributes.pop("ERROR_CODE"), "HttpStatus400")
        message = attributes.pop("ERROR_MESSAGE")
        self.assertIn("answered HTTP 400", message)
        self.assertIn(self.endpoint.url("/bad"), message)
        self.assertNotIn(API_KEY, message)
        self.assertEqual(attributes, {"RULE_ARN": PREFIX + "rule/it-bad", "TARGET_ARN": arn,
                                      "EXHAUSTED_RETRY_CONDITION": "NonRetryableError",
                                      "RETRY_ATTEMPTS": "0"})

    def test_put_targets_refuses_an_api_destination_that_does_not_exist(self):
        self.client.put_rule(Name="it-ghost", EventPattern=json.dumps({"source": ["shop"]}))
        answer = self.client.put_targets(Rule="it-ghost", Targets=[
            {"Id": "ghost", "Arn": PREFIX + "api-destination/ghost/61f50cd4-45b9-4259-b049-d0a53682fa4b"}])
        self.assertEqual(answer["FailedEntryCount"], 1)
        self.assertEqual(answer["FailedEntries"][0]["ErrorCode"], "ResourceNotFoundException")
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException):
            self.client.describe_api_destination(Name="ghost")


if __name__ == "__main__":
    unittest.main()
