"""gopherlab/lab through the real kernel, for what the lesson notebook does
not show: a fetcher's live progress table, which must reach the front end as
one display_data updated in place (update_display_data with its display_id),
at most a few times a second, and end with every file complete.
"""

import unittest

import harness
from harness import execute

PROGRESS_CELL = """
import "gopherlab/lab"
srv, _ := lab.StartServer(200*time.Millisecond, 20*lab.MB)
f := lab.NewFetcher(0)
f.Progress = true
n := 0
for r := range f.FetchAll(display.Context(), srv.URLs()) {
	if r.Err == nil {
		n++
	}
}
srv.Close()
n
"""


class FetcherProgressTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not harness.is_gopherlab():
            raise unittest.SkipTest("gopherlab/lab is Go")
        cls.km, cls.kc = harness.start_kernel()

    @classmethod
    def tearDownClass(cls):
        harness.stop_kernel(cls.km, cls.kc)

    def test_progress_is_one_display_updated_in_place(self):
        cell = execute(self.kc, PROGRESS_CELL, timeout=60)
        self.assertEqual(cell.status, "ok", cell.describe())
        self.assertEqual(cell.result(), "5")
        shown = cell.of_type("display_data")
        updates = cell.of_type("update_display_data")
        self.assertEqual(len(shown), 1, f"want one progress display, got {len(shown)}")
        display_id = shown[0]["content"]["transient"]["display_id"]
        self.assertTrue(display_id)
        self.assertGreater(len(updates), 1, "the progress table was never updated")
        for u in updates:
            self.assertEqual(u["content"]["transient"]["display_id"], display_id)
        # A few updates a second: the 52 MB file takes about 2.6 s here.
        # The kernel stamps each message as it sends it.
        times = [m["header"]["date"].timestamp() for m in updates]
        rate = (len(times) - 1) / max(times[-1] - times[0], 1e-9)
        print(f"\n    {len(updates)} updates, {rate:.1f} per second", end=" ")
        self.assertLess(rate, 10, "the progress table is updated too often")
        final = updates[-1]["content"]["data"]
        for size in ("150,184", "71,970", "19,111", "22,893", "52,350,859"):
            self.assertIn(size, final["text/plain"] + final.get("text/html", ""))


if __name__ == "__main__":
    unittest.main()
