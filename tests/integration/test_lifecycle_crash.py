"""kill -9 in the middle of the daily evaluation of 100,000 certificates: after a restart every
event that was due exists exactly once, and the database is intact.

The store is seeded with certflow_bench_seed (one real import, then copies with spread
expiries), so a known set of certificates enters the 45-day window at the evaluation of
2030-01-02: those expiring in (2030-01-02T00:00Z, 2030-02-16T00:00Z]."""
import datetime
import os
import sqlite3
import subprocess
import time
import unittest

import harness
from harness import iso

UTC = datetime.timezone.utc
DAY_MS = 86_400_000
CERTIFICATES = 100_000
CLOCK_START = datetime.datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
EVALUATION = datetime.datetime(2030, 1, 2, tzinfo=UTC)  # the midnight the advance runs into
EXPIRY_FROM = datetime.datetime(2030, 2, 15, 13, 0, tzinfo=UTC)  # after the 45-day window of Jan 1
EXPIRY_STEP_MS = 800  # the copies' expiries span about 22 hours
APPROACHING = "ACM Certificate Approaching Expiration"
SEED = os.environ.get("CERTFLOW_SEED_BIN", os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(harness.CERTFLOW))), "bench/certflow_bench_seed"))


def epoch_ms(moment):
    return int(moment.timestamp() * 1000)


def expected_due():
    """How many copies the evaluation of EVALUATION finds inside the 45-day window."""
    window_end = epoch_ms(EVALUATION) + 45 * DAY_MS
    return (window_end - epoch_ms(EXPIRY_FROM)) // EXPIRY_STEP_MS + 1


class LifecycleCrashTest(unittest.TestCase):
    def setUp(self):
        if not os.access(SEED, os.X_OK):
            self.skipTest("certflow_bench_seed is not built (%s); the release preset builds it" % SEED)
        self.certs = harness.CertFactory()
        self.addCleanup(self.certs.cleanup)

    def open_db(self, data_dir):
        return sqlite3.connect("file:%s?mode=ro" % os.path.join(data_dir, "certflow.db"), uri=True, timeout=30)

    def approaching_count(self, db):
        return db.execute("SELECT COUNT(*) FROM events WHERE detail_type = ?", (APPROACHING,)).fetchone()[0]

    def test_kill_9_during_evaluation_leaves_every_due_event_exactly_once(self):
        daemon = harness.Daemon(extra_args=["--simulated-clock", "--clock-start", iso(CLOCK_START)],
                                log_level="info")
        self.addCleanup(daemon.cleanup)
        # Valid in real time (the seed imports on the real clock) and in 2030.
        cert, key = self.certs.valid_between(datetime.datetime(2020, 1, 1, tzinfo=UTC),
                                             datetime.datetime(2040, 1, 1, tzinfo=UTC), cn="seed.example.com")
        subprocess.run([SEED, daemon.data_dir, str(CERTIFICATES), cert, key, "--expiry-from", iso(EXPIRY_FROM),
                        "--expiry-step-ms", str(EXPIRY_STEP_MS)], check=True, stdout=subprocess.PIPE)
        due = expected_due()
        self.assertTrue(0 < due < CERTIFICATES)

        daemon.start(timeout=60)
        db = self.open_db(daemon.data_dir)
        self.assertEqual(self.approaching_count(db), 0)  # nothing was due at the start
        advance = subprocess.Popen([harness.CERTFLOW, "clock", "advance", "1d", "--endpoint-url", daemon.endpoint],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=dict(os.environ, AWS_ACCESS_KEY_ID=harness.ADMIN_ID,
                                            AWS_SECRET_ACCESS_KEY=harness.ADMIN_SECRET))
        # Kill once part of the evaluation is committed, well before its end.
        deadline = time.monotonic() + 60
        written = 0
        while time.monotonic() < deadline:
            written = self.approaching_count(db)
            if written >= due // 4 or advance.poll() is not None:
                break
            time.sleep(0.005)
        daemon.kill9()
        advance.communicate()
        self.assertGreater(written, 0, "the evaluation wrote nothing within a minute")
        self.assertLess(written, due, "the evaluation finished before it could be killed")
        db.close()
        db = self.open_db(daemon.data_dir)
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        at_kill = self.approaching_count(db)
        self.assertGreaterEqual(at_kill, written)  # every committed batch survived
        self.assertLess(at_kill, due)
        db.close()

        # The restart resumes at the last persisted midnight and repeats the day's evaluation
        # before it serves; the outbox's dedup keys absorb what was already written.
        daemon.extra_args = ["--simulated-clock"]
        daemon.start(timeout=90)
        self.assertEqual(harness.run_certflow(daemon, "clock", "show").stdout.strip(),
                         iso(EVALUATION) + " (simulated)")
        db = self.open_db(daemon.data_dir)
        self.addCleanup(db.close)
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        due_arns = {arn for (arn,) in db.execute(
            "SELECT arn FROM certificates WHERE status = 'ISSUED' AND not_after_ms > ? AND not_after_ms <= ?",
            (epoch_ms(EVALUATION), epoch_ms(EVALUATION) + 45 * DAY_MS))}
        self.assertEqual(len(due_arns), due)
        emitted = [(resource, time_ms) for resource, time_ms in db.execute(
            "SELECT resource, time_ms FROM events WHERE detail_type = ?", (APPROACHING,))]
        self.assertEqual(len(emitted), due)
        self.assertEqual({resource for resource, _ in emitted}, due_arns)
        self.assertEqual({time_ms for _, time_ms in emitted}, {epoch_ms(EVALUATION)})
        duplicates = db.execute(
            "SELECT resource, detail_type, time_ms / ? AS day, COUNT(*) FROM events "
            "GROUP BY resource, detail_type, day HAVING COUNT(*) > 1 LIMIT 5", (DAY_MS,)).fetchall()
        self.assertEqual(duplicates, [])

        # The API serves the same events: every certificate 45 days out at the day's evaluation.
        status, page = harness.certflow_api(daemon, "ListEvents", {"DetailType": APPROACHING, "MaxResults": 1000,
                                                                  "Since": iso(EVALUATION)})
        self.assertEqual(status, 200, page)
        self.assertEqual(len(page["Events"]), 1000)
        self.assertTrue(all(e["time"] == iso(EVALUATION) and e["detail"]["DaysToExpiry"] == 45
                            for e in page["Events"]))
        self.assertIn("NextToken", page)


if __name__ == "__main__":
    unittest.main()
