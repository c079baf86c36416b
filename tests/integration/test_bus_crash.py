"""kill -9 during a PutEvents burst: after a restart, every event PutEvents acknowledged is
delivered at least once (here to a log target, read back through the native API), and the
database is intact."""
import json
import os
import sqlite3
import threading
import time
import unittest

import harness

LOG_GROUP_ARN = "arn:aws:logs:%s:%s:log-group:/certflow/burst" % (harness.REGION, harness.ACCOUNT)
SENDERS = 4


class BusCrashTest(unittest.TestCase):
    def delivered_ids(self, daemon):
        ids = []
        after = 0
        while True:
            status, page = harness.certflow_api(daemon, "ListLogRecords",
                                                {"RuleName": "burst", "AfterSequence": after})
            self.assertEqual(status, 200, page)
            if not page["Records"]:
                return ids
            ids.extend(r["EventId"] for r in page["Records"])
            after = page["LastSequence"]

    def test_kill_9_during_a_put_events_burst_loses_no_acknowledged_event(self):
        daemon = harness.Daemon(log_level="warn")
        self.addCleanup(daemon.cleanup)
        daemon.start()
        client = harness.boto3_client(daemon, service="events")
        client.put_rule(Name="burst", EventPattern=json.dumps({"source": ["burst"]}))
        client.put_targets(Rule="burst", Targets=[{"Id": "log", "Arn": LOG_GROUP_ARN}])

        acknowledged = []
        lock = threading.Lock()
        stop = threading.Event()

        def send(sender):
            own = harness.boto3_client(daemon, service="events")
            n = 0
            while not stop.is_set():
                entries = [{"Source": "burst", "DetailType": "Tick",
                            "Detail": json.dumps({"sender": sender, "n": n + i})} for i in range(10)]
                n += 10
                try:
                    answer = own.put_events(Entries=entries)
                except Exception:  # the daemon died under this request: not acknowledged
                    return
                with lock:
                    acknowledged.extend(e["EventId"] for e in answer["Entries"] if "EventId" in e)

        senders = [threading.Thread(target=send, args=(s,)) for s in range(SENDERS)]
        for thread in senders:
            thread.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # kill once a good burst is under way
            with lock:
                if len(acknowledged) >= 2000:
                    break
            time.sleep(0.05)
        daemon.kill9()
        stop.set()
        for thread in senders:
            thread.join()
        with lock:
            acked = list(acknowledged)
        self.assertGreaterEqual(len(acked), 2000)

        daemon.start()
        wanted = set(acked)
        deadline = time.monotonic() + 60
        while True:
            delivered = self.delivered_ids(daemon)
            missing = wanted - set(delivered)
            if not missing or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        self.assertEqual(len(missing), 0, "%d of %d acknowledged events never delivered" %
                         (len(missing), len(wanted)))
        duplicates = len(delivered) - len(set(delivered))
        print("\nbus crash: %d acknowledged, %d delivered records (%d duplicates, at-least-once)" %
              (len(wanted), len(delivered), duplicates))
        daemon.stop()
        db = sqlite3.connect(os.path.join(daemon.data_dir, "certflow.db"))
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        db.close()


if __name__ == "__main__":
    unittest.main()
