"""The lifecycle end to end: a daemon on a simulated clock, driven through `certflow clock`, the
aws CLI and boto3, emitting the ACM events on ACM's timeline. Time moves only when the tests move
it; nothing here sleeps to wait for time.

Times are chosen so that evaluations (at UTC midnights) and expiries (at NotAfter) never
coincide: the clock starts at 09:30 and certificates expire at 06:00."""
import datetime
import json
import math
import os
import re
import sqlite3
import subprocess
import unittest

import harness
from harness import iso, read

UTC = datetime.timezone.utc
DAY = datetime.timedelta(days=1)
START = datetime.datetime(2031, 1, 10, 9, 30, tzinfo=UTC)
AWS = os.environ.get("CERTFLOW_AWS_CLI", "aws")

APPROACHING = "ACM Certificate Approaching Expiration"
EXPIRED = "ACM Certificate Expired"
AVAILABLE = "ACM Certificate Available"

ENVELOPE_KEYS = {"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
EVENT_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def expires_in(days, at=START):
    """A NotAfter that leaves `days` whole days (counted as ACM does, rounded up) at `at`, a time
    after 06:00: 06:00 of that day, so it never falls on a midnight evaluation."""
    assert at.hour >= 6
    return (at + days * DAY).replace(hour=6, minute=0, second=0, microsecond=0)


def days_to_expiry(not_after, now):
    left = (not_after - now).total_seconds()
    return 0 if left <= 0 else math.ceil(left / 86400)


def midnight_after(moment):
    return moment.replace(hour=0, minute=0, second=0, microsecond=0) + DAY


class LifecycleTestCase(unittest.TestCase):
    """One fresh daemon on a simulated clock per test."""

    def setUp(self):
        self.certs = harness.CertFactory()
        self.addCleanup(self.certs.cleanup)
        self.seen_ids = set()

    def start_daemon(self, clock_start=START, simulated=True, data_dir=None):
        args = ["--simulated-clock", "--clock-start", iso(clock_start)] if simulated else []
        daemon = harness.Daemon(data_dir=data_dir, extra_args=args, log_level="info").start()
        self.addCleanup(daemon.cleanup)
        self.daemon = daemon
        self.acm = harness.boto3_client(daemon)
        return daemon

    def certflow(self, *args, ok=True):
        proc = harness.run_certflow(self.daemon, *args)
        if ok:
            self.assertEqual(proc.returncode, 0, "certflow %s: %s" % (" ".join(args), proc.stderr))
        return proc

    def advance(self, duration, jump=False):
        return self.certflow("clock", "advance", duration, *(["--jump"] if jump else [])).stdout

    def events(self, *filters):
        return json.loads(self.certflow("events", "list", "--json", *filters).stdout)

    def new_events(self):
        """Events not returned by an earlier call, oldest first."""
        fresh = [e for e in self.events() if e["id"] not in self.seen_ids]
        self.seen_ids.update(e["id"] for e in fresh)
        return fresh

    def import_cert(self, cn, not_after, not_before=None, arn=None, key=None):
        cert, key = self.certs.valid_between(not_before or START - 10 * DAY, not_after, cn=cn, key=key)
        kwargs = {"CertificateArn": arn} if arn else {}
        arn = self.acm.import_certificate(Certificate=read(cert), PrivateKey=read(key), **kwargs)["CertificateArn"]
        return arn, key

    def aws_acm(self, *args):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=harness.ADMIN_ID, AWS_SECRET_ACCESS_KEY=harness.ADMIN_SECRET,
                   AWS_DEFAULT_REGION=harness.REGION, AWS_CONFIG_FILE="/dev/null",
                   AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_PAGER="")
        proc = subprocess.run([AWS, "acm"] + list(args) + ["--endpoint-url", self.daemon.endpoint],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, universal_newlines=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    # ---- the reference shapes (../shared/reference/acm-events.md) ----

    def assert_envelope(self, event, detail_type, arn, time):
        self.assertEqual(set(event), ENVELOPE_KEYS)
        self.assertEqual(event["version"], "0")
        self.assertRegex(event["id"], UUID)
        self.assertEqual(event["detail-type"], detail_type)
        self.assertEqual(event["source"], "aws.acm")
        self.assertEqual(event["account"], harness.ACCOUNT)
        self.assertEqual(event["region"], harness.REGION)
        self.assertEqual(event["resources"], [arn])
        self.assertRegex(event["time"], EVENT_TIME)
        self.assertEqual(event["time"], iso(time))

    def assert_approaching(self, event, arn, cn, time, days):
        self.assert_envelope(event, APPROACHING, arn, time)
        self.assertEqual(event["detail"], {"DaysToExpiry": days, "CommonName": cn})
        self.assertIs(type(event["detail"]["DaysToExpiry"]), int)

    def assert_certificate_detail(self, detail, cn, not_after, days, created):
        self.assertEqual(detail["CertificateType"], "IMPORTED")
        self.assertEqual(detail["CommonName"], cn)
        self.assertNotIn("DomainValidationMethod", detail)  # only public certificates have one
        self.assertEqual(detail["CertificateCreatedDate"], iso(created))
        self.assertEqual(detail["CertificateExpirationDate"], iso(not_after))
        self.assertEqual(detail["DaysToExpiry"], days)
        self.assertIs(type(detail["DaysToExpiry"]), int)
        self.assertIs(detail["InUse"], False)
        self.assertIs(detail["Exported"], False)

    def assert_available(self, event, arn, cn, action, not_after, now, created=None):
        self.assert_envelope(event, AVAILABLE, arn, now)
        detail = dict(event["detail"])
        self.assertEqual(detail.pop("Action"), action)
        self.assertEqual(set(detail), {"CertificateType", "CommonName", "CertificateCreatedDate",
                                       "CertificateExpirationDate", "DaysToExpiry", "InUse", "Exported"})
        self.assert_certificate_detail(detail, cn, not_after, days_to_expiry(not_after, now), created or now)

    def assert_expired(self, event, arn, cn, not_after, created):
        self.assert_envelope(event, EXPIRED, arn, not_after)
        self.assertEqual(set(event["detail"]), {"CertificateType", "CommonName", "CertificateCreatedDate",
                                                "CertificateExpirationDate", "DaysToExpiry", "InUse", "Exported"})
        self.assert_certificate_detail(event["detail"], cn, not_after, 0, created)


class ExpiryTimelineTest(LifecycleTestCase):
    def test_fifty_days_left_emits_the_acm_timeline_day_by_day(self):
        self.start_daemon()
        not_after = expires_in(50)
        arn, _ = self.import_cert("timeline.example.com", not_after)
        imported = self.new_events()
        self.assertEqual(len(imported), 1)
        self.assert_available(imported[0], arn, "timeline.example.com", "IMPORT", not_after, START)
        self.assertEqual(imported[0]["detail"]["DaysToExpiry"], 50)

        now = START
        countdown = []
        for day in range(1, 56):
            output = self.advance("1d")
            midnight, now = midnight_after(now), now + DAY
            expected = []
            days = days_to_expiry(not_after, midnight)
            if 1 <= days <= 45:
                expected.append((APPROACHING, midnight, days))
            if now - DAY < not_after <= now:
                expected.append((EXPIRED, not_after, 0))
            fresh = self.new_events()
            self.assertEqual([(e["detail-type"], e["time"], e["detail"]["DaysToExpiry"]) for e in fresh],
                             [(kind, iso(time), d) for kind, time, d in expected], "day %d" % day)
            for event in fresh:
                if event["detail-type"] == APPROACHING:
                    self.assert_approaching(event, arn, "timeline.example.com", midnight, days)
                    countdown.append(days)
                    self.assertIn(APPROACHING, output)
                else:
                    self.assert_expired(event, arn, "timeline.example.com", not_after, START)
            self.assertIn("clock: %s" % iso(now), output)
            self.assertIn("%d new event" % len(fresh), output)
        self.assertEqual(countdown, list(range(45, 0, -1)))
        detail = self.acm.describe_certificate(CertificateArn=arn)["Certificate"]
        self.assertEqual(detail["Status"], "EXPIRED")

        # Every emitted event is logged at info level with its id.
        log = self.daemon.log()
        for event in self.events():
            self.assertRegex(log, r"info.*event %s \"%s\" %s" % (event["id"], event["detail-type"], re.escape(arn)))

    def test_days_before_expiry_takes_effect_at_the_next_evaluation(self):
        self.start_daemon()
        not_after = expires_in(40)
        arn, _ = self.import_cert("config.example.com", not_after)
        self.aws_acm("put-account-configuration", "--expiry-events", "DaysBeforeExpiry=30",
                     "--idempotency-token", "lifecycle1")
        self.assertEqual(self.certflow("settings", "show").stdout.split("\n")[1].split()[:2],
                         ["DaysBeforeExpiry", "30"])
        self.new_events()
        self.advance("10d")  # evaluations at 40 .. 31 days: outside the 30-day window
        self.assertEqual(self.new_events(), [])
        self.advance("1d")
        fresh = self.new_events()
        self.assertEqual([(e["detail-type"], e["detail"]["DaysToExpiry"]) for e in fresh], [(APPROACHING, 30)])
        self.aws_acm("put-account-configuration", "--expiry-events", "DaysBeforeExpiry=45",
                     "--idempotency-token", "lifecycle2")
        self.advance("1d")
        self.assertEqual([e["detail"]["DaysToExpiry"] for e in self.new_events()], [29])

    def test_delete_stops_events_and_reimport_resets_the_countdown(self):
        self.start_daemon()
        kept, key = self.import_cert("kept.example.com", expires_in(10))
        deleted, _ = self.import_cert("deleted.example.com", expires_in(10))
        self.new_events()
        self.advance("1d")
        self.assertEqual(sorted(e["resources"][0] for e in self.new_events()), sorted([kept, deleted]))
        self.acm.delete_certificate(CertificateArn=deleted)
        self.advance("2d")
        self.assertEqual({e["resources"][0] for e in self.new_events()}, {kept})

        # Re-import over `kept` with 60 days left: Available REIMPORT, then silence until 45 days.
        now = START + 3 * DAY
        later = expires_in(60, at=now)
        self.import_cert("kept.example.com", later, arn=kept, key=key)
        fresh = self.new_events()
        self.assertEqual(len(fresh), 1)
        self.assert_available(fresh[0], kept, "kept.example.com", "REIMPORT", later, now, created=START)
        self.assertEqual(fresh[0]["detail"]["DaysToExpiry"], 60)
        self.advance("14d")  # evaluations at 60 .. 47 days
        self.assertEqual(self.new_events(), [])
        self.advance("2d")  # 46, then 45
        self.assertEqual([(e["detail-type"], e["detail"]["DaysToExpiry"]) for e in self.new_events()],
                         [(APPROACHING, 45)])
        # Old countdown's NotAfter passed meanwhile without an Expired event.
        self.assertEqual(self.events("--type", EXPIRED), [])

    def test_events_list_filters_and_json_output(self):
        self.start_daemon()
        a, _ = self.import_cert("a.example.com", expires_in(3))
        b, _ = self.import_cert("b.example.com", expires_in(30))
        self.advance("4d")
        everything = self.events()
        self.assertEqual([e["detail-type"] for e in everything].count(AVAILABLE), 2)
        self.assertEqual([e["detail-type"] for e in everything].count(EXPIRED), 1)

        # --json is the full events exactly as ListEvents pages them, and as the outbox stores them.
        pages, token = [], None
        while True:
            status, page = harness.certflow_api(self.daemon, "ListEvents",
                                                dict({"MaxResults": 2}, **({"NextToken": token} if token else {})))
            self.assertEqual(status, 200, page)
            pages.extend(page["Events"])
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(everything, pages)
        db = sqlite3.connect("file:%s?mode=ro" % os.path.join(self.daemon.data_dir, "certflow.db"), uri=True)
        stored = [json.loads(body) for (body,) in db.execute("SELECT body FROM events ORDER BY sequence")]
        db.close()
        self.assertEqual(everything, stored)

        self.assertEqual({e["detail-type"] for e in self.events("--type", APPROACHING)}, {APPROACHING})
        self.assertEqual(len(self.events("--type", APPROACHING)), 3 + 4)  # a: 3, 2, 1; b: 4 days of 30..27
        only_a = self.events("--certificate", a)
        self.assertEqual({e["resources"][0] for e in only_a}, {a})
        self.assertEqual([e["detail-type"] for e in only_a], [AVAILABLE, APPROACHING, APPROACHING, APPROACHING, EXPIRED])
        since = self.events("--since", iso(START + 3 * DAY))
        self.assertTrue(since and all(e["time"] >= iso(START + 3 * DAY) for e in since))
        self.assertEqual(len(since), len([e for e in everything if e["time"] >= iso(START + 3 * DAY)]))
        combined = self.events("--certificate", b, "--type", APPROACHING, "--since", iso(START + 2 * DAY))
        self.assertEqual([e["detail"]["DaysToExpiry"] for e in combined], [28, 27])

        table = self.certflow("events", "list", "--certificate", a).stdout.splitlines()
        self.assertEqual(table[0].split()[:2], ["TIME", "DETAIL-TYPE"])
        self.assertIn("Action IMPORT, 3 days to expiry", table[1])
        self.assertIn("a.example.com", table[2])
        self.assertIn("1 day to expiry", table[4])
        self.assertIn("expired", table[5])
        self.assertTrue(all(a in line for line in table[1:]))

        bad = self.certflow("events", "list", "--since", "last week", ok=False)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("ISO-8601", bad.stderr)
        status, error = harness.certflow_api(self.daemon, "ListEvents", {"NextToken": "forged"})
        self.assertEqual((status, error["__type"]), (400, "ValidationException"))
        self.assertIn("NextToken that ListEvents returned", error["message"])


class CatchUpTest(LifecycleTestCase):
    def expect_catch_up(self, fresh, expired, approaching, at, expired_at):
        """After a gap: Expired for `expired` at its NotAfter, and the current day's Approaching
        Expiration for `approaching` only."""
        self.assertEqual(sorted((e["detail-type"], e["resources"][0], e["time"]) for e in fresh),
                         sorted([(EXPIRED, expired, iso(expired_at)), (APPROACHING, approaching, iso(at))]))

    def test_jump_emits_the_expiries_and_only_the_current_day(self):
        self.start_daemon()
        gone, _ = self.import_cert("gone.example.com", expires_in(5))
        left, _ = self.import_cert("left.example.com", expires_in(20))
        self.new_events()
        output = self.advance("10d", jump=True)
        fresh = self.new_events()
        self.expect_catch_up(fresh, gone, left, START + 10 * DAY, expires_in(5))
        self.assertEqual([e["detail"]["DaysToExpiry"] for e in fresh if e["detail-type"] == APPROACHING], [10])
        self.assertIn("2 new events", output)
        # The day's evaluation ran: the rest of the day adds nothing.
        self.advance("12h")
        self.assertEqual(self.new_events(), [])

    def test_restart_with_a_later_clock_start_catches_up(self):
        daemon = self.start_daemon()
        gone, _ = self.import_cert("gone.example.com", expires_in(5))
        left, _ = self.import_cert("left.example.com", expires_in(20))
        self.new_events()
        self.assertEqual(daemon.stop(), 0)
        daemon.extra_args = ["--simulated-clock", "--clock-start", iso(START + 10 * DAY)]
        daemon.start()
        self.expect_catch_up(self.new_events(), gone, left, START + 10 * DAY, expires_in(5))
        self.assertIn("clock: simulated, at %s" % iso(START + 10 * DAY), daemon.log())
        # A restart without --clock-start resumes where the clock stood; going back is refused.
        self.assertEqual(daemon.stop(), 0)
        daemon.extra_args = ["--simulated-clock"]
        daemon.start()
        self.assertEqual(self.certflow("clock", "show").stdout.strip(), iso(START + 10 * DAY) + " (simulated)")
        self.assertEqual(self.new_events(), [])
        self.assertEqual(daemon.stop(), 0)
        proc = subprocess.run([harness.CERTFLOW, "serve", "--data-dir", daemon.data_dir, "--listen",
                               "127.0.0.1:%d" % harness.free_port(), "--simulated-clock", "--clock-start",
                               iso(START)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=20)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("never goes backwards", proc.stderr)


class ClockCommandTest(LifecycleTestCase):
    def test_clock_commands_need_a_simulated_clock(self):
        self.start_daemon(simulated=False)
        for args in (("clock", "show"), ("clock", "advance", "1d"), ("clock", "set", "2031-01-01T00:00:00Z")):
            proc = self.certflow(*args, ok=False)
            self.assertEqual(proc.returncode, 1, args)
            self.assertIn("the daemon at %s runs on the real clock" % self.daemon.endpoint, proc.stderr)
            self.assertIn("certflow serve --simulated-clock", proc.stderr)
        status, error = harness.certflow_api(self.daemon, "AdvanceClock", {"Seconds": 60})
        self.assertEqual((status, error["__type"]), (400, "UnknownOperationException"))
        self.assertIn("clock: real (system time)", self.daemon.log())
        # The rest of the native API is there on the real clock.
        self.assertEqual(harness.certflow_api(self.daemon, "GetSettings")[0], 200)

    def test_bad_clock_input_fails_clearly(self):
        self.start_daemon()
        backwards = self.certflow("clock", "set", iso(START - DAY), ok=False)
        self.assertEqual(backwards.returncode, 1)
        self.assertIn("ValidationException", backwards.stderr)
        self.assertIn("cannot go backwards", backwards.stderr)
        garbage = self.certflow("clock", "set", "next tuesday", ok=False)
        self.assertEqual(garbage.returncode, 1)
        self.assertIn("ISO-8601", garbage.stderr)
        for duration in ("5x", "1w", "d", "-1d", "1.5d", "10"):
            proc = self.certflow("clock", "advance", duration, ok=False)
            self.assertEqual(proc.returncode, 2, duration)
            self.assertIn("not a duration", proc.stderr)
            self.assertIn("s, m, h or d", proc.stderr)
        self.assertEqual(self.certflow("clock", "show").stdout.strip(), iso(START) + " (simulated)")
        moved = self.advance("90m")
        self.assertIn("clock: %s (was %s)" % (iso(START + datetime.timedelta(minutes=90)), iso(START)), moved)
        set_output = self.certflow("clock", "set", "2031-02-01T00:00:00Z", "--jump").stdout
        self.assertIn("clock: 2031-02-01T00:00:00Z", set_output)

    def test_serve_refuses_a_clock_start_it_cannot_use(self):
        for args, message in ((["--clock-start", "2031-01-01T00:00:00Z"], "needs --simulated-clock"),
                              (["--simulated-clock", "--clock-start", "soon"], "ISO-8601")):
            data_dir = self.certs.dir + "/serve%d" % len(args)
            proc = subprocess.run([harness.CERTFLOW, "serve", "--data-dir", data_dir, "--listen",
                                   "127.0.0.1:%d" % harness.free_port()] + args,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                                  timeout=20)
            self.assertEqual(proc.returncode, 2, proc.stderr)
            self.assertIn(message, proc.stderr)


class ForecastAndSettingsTest(LifecycleTestCase):
    def test_forecast_lists_the_coming_events_and_counts_per_week(self):
        self.start_daemon()
        soon, _ = self.import_cert("soon.example.com", expires_in(10))
        later, _ = self.import_cert("later.example.com", expires_in(20))
        self.import_cert("far.example.com", expires_in(100))
        answer = json.loads(self.certflow("forecast", "--days", "30", "--json").stdout)
        self.assertEqual(answer["From"], iso(START))
        self.assertEqual(answer["Until"], iso(START + 30 * DAY))
        # Today's evaluation ran at start-up; each midnight after emits, then the expiries.
        self.assertEqual(answer["TotalsByKind"], {APPROACHING: 10 + 20, EXPIRED: 2})
        self.assertEqual(answer["TotalEntries"], 32)
        by_cert = {}
        for entry in answer["Entries"]:
            by_cert.setdefault(entry["CertificateArn"], []).append((entry["Kind"], entry["DaysToExpiry"]))
        self.assertEqual(by_cert[soon], [(APPROACHING, d) for d in range(10, 0, -1)] + [(EXPIRED, 0)])
        self.assertEqual(by_cert[later], [(APPROACHING, d) for d in range(20, 0, -1)] + [(EXPIRED, 0)])
        self.assertEqual(answer["Entries"][0]["Time"], iso(midnight_after(START)))
        self.assertEqual(answer["Entries"][0]["CommonName"], "soon.example.com")
        self.assertEqual([w["Expiring"] for w in answer["Weeks"]], [0, 1, 1, 0, 0])
        self.assertEqual(answer["Weeks"][1]["Start"], iso(START + 7 * DAY))

        # `certflow list` counts DAYS LEFT on the daemon's simulated clock, as the events do.
        listed = [line.split() for line in self.certflow("list").stdout.splitlines()]
        self.assertEqual([row[4] for row in listed if row[0] == "soon.example.com"], ["9"])

        text = self.certflow("forecast", "--days", "30", "--limit", "5").stdout
        self.assertIn("forecast from %s until %s" % (iso(START), iso(START + 30 * DAY)), text)
        self.assertIn("(showing 5 of 32 entries", text)
        self.assertRegex(text, r"%s\s+%s\s+soon\.example\.com\s+10\s+%s" % (
            iso(midnight_after(START)), APPROACHING, re.escape(soon)))
        self.assertRegex(text, r"%s\s+30" % APPROACHING)
        self.assertRegex(text, r"%s\s+2" % EXPIRED)
        self.assertRegex(text, r"%s\s+1\n" % iso(START + 7 * DAY))
        self.assertRegex(text, r"%s\s+0\n" % iso(START))

        # The forecast is what happens: stepping through the 30 days emits exactly those entries.
        self.new_events()
        self.advance("30d")
        emitted = sorted((e["resources"][0], e["detail-type"], e["detail"]["DaysToExpiry"], e["time"])
                         for e in self.new_events())
        forecast = sorted((e["CertificateArn"], e["Kind"], e["DaysToExpiry"], e["Time"]) for e in answer["Entries"])
        self.assertEqual(emitted, forecast)

        bad = self.certflow("forecast", "--days", "0", ok=False)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("'days'", bad.stderr)

    def test_short_lived_setting_starts_the_countdown_at_a_share_of_the_lifetime(self):
        self.start_daemon()
        # 47 days of lifetime, 46 left: 33% of it is 15 days.
        short, _ = self.import_cert("short.example.com", expires_in(46), not_before=START - DAY)
        long_lived, _ = self.import_cert("long.example.com", expires_in(46), not_before=START - 319 * DAY)
        shown = self.certflow("settings", "set", "--expiry-lifetime-percent", "33").stdout
        self.assertRegex(shown, r"ExpiryEventsLifetimePercent\s+33")
        self.assertEqual(json.loads(self.certflow("settings", "show", "--json").stdout),
                         {"DaysBeforeExpiry": 45, "ExpiryEventsLifetimePercent": 33})
        self.advance("46d")
        countdown = lambda arn: [e["detail"]["DaysToExpiry"] for e in self.events("--certificate", arn, "--type", APPROACHING)]
        self.assertEqual(countdown(short), list(range(15, 0, -1)))
        self.assertEqual(countdown(long_lived), list(range(45, 0, -1)))

        bad = self.certflow("settings", "set", "--expiry-lifetime-percent", "101", ok=False)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("'expiryEventsLifetimePercent'", bad.stderr)
        self.certflow("settings", "set", "--expiry-lifetime-percent", "0")
        self.assertRegex(self.certflow("settings", "show").stdout, r"ExpiryEventsLifetimePercent\s+0\s+off")


if __name__ == "__main__":
    unittest.main()
