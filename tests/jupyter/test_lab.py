"""gopherlab/lab through the real kernel, for what the lesson notebook does
not show in detail: a fetcher's live progress. The kernel carries comms, so
it is Jupyter widgets: one display_data of a box of bars and labels, whose
models are then updated in place (comm_msg), at most a few times a second,
ending with every file complete.
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
        self.assertEqual(len(shown), 1, f"want one progress display, got {len(shown)}")
        self.assertIn("application/vnd.jupyter.widget-view+json", shown[0]["content"]["data"])
        self.assertFalse(cell.of_type("update_display_data"))
        opened = {m["content"]["comm_id"]: m["content"]["data"]["state"] for m in cell.of_type("comm_open")}
        bars = {i for i, s in opened.items() if s["_model_name"] == "FloatProgressModel"}
        labels = {i for i, s in opened.items() if s["_model_name"] == "LabelModel"}
        self.assertEqual((len(bars), len(labels)), (5, 5))
        updates = {}
        final = {i: dict(s) for i, s in opened.items()}
        for m in cell.of_type("comm_msg"):
            data = m["content"]["data"]
            if data.get("method") == "update":
                updates.setdefault(m["content"]["comm_id"], []).append(m["header"]["date"].timestamp())
                final[m["content"]["comm_id"]].update(data["state"])
        self.assertTrue(updates.keys() & labels, "the labels were never updated")
        # A few updates a second per model: the 52 MB file takes about 2.6 s.
        for times in updates.values():
            if len(times) > 2:
                rate = (len(times) - 1) / max(times[-1] - times[0], 1e-9)
                self.assertLess(rate, 10, "a progress model is updated too often")
        self.assertTrue(all(final[b]["value"] == 1 and final[b]["bar_style"] == "success" for b in bars),
                        [final[b] for b in bars])
        text = " ".join(final[l]["value"] for l in labels)
        for size in ("150,184", "71,970", "19,111", "22,893", "52,350,859"):
            self.assertIn(size, text)


if __name__ == "__main__":
    unittest.main()
