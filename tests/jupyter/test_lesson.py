"""The lesson notebooks, executed through real Jupyter (nbclient) with the
gopherlab kernel: no cell may fail, and the outputs must show what the
class is meant to see. Also: the committed notebooks are saved executed and
valid, and nbconvert makes a slide deck of them with their charts.

The lesson runs once for the whole module (it takes about 30 s).
"""

import glob
import os
import re
import sys
import tempfile
import unittest

import nbformat
from nbclient import NotebookClient

import harness

ROOT = os.path.abspath(os.path.join(harness.HERE, "..", ".."))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
LESSON = os.path.join(ROOT, "notebooks", "concurrency.ipynb")

# The five files of the original, in bytes.
SIZES = {
    "f1040.pdf": 150_184,
    "f1040sb.pdf": 71_970,
    "p785.pdf": 19_111,
    "p487.pdf": 22_893,
    "p5384.pdf": 52_350_859,
}


def text_of(cell):
    """Everything a code cell printed or showed as text, in order."""
    out = []
    for o in cell.get("outputs", []):
        if o["output_type"] == "stream":
            out.append(o["text"])
        elif o["output_type"] in ("execute_result", "display_data"):
            out.append(o["data"].get("text/plain", ""))
        elif o["output_type"] == "error":
            out.append("\n".join(o["traceback"]))
    return "".join(out)


def seconds(text):
    """A duration as lab.FormatDuration writes it: 1.234s, 56.7ms, 1min 2s."""
    m = re.fullmatch(r"\s*(?:(\d+)min\s*)?([\d.]+)(ms|s|µs)\s*", text)
    if not m:
        raise ValueError(f"not a duration: {text!r}")
    mins, value, unit = m.groups()
    scale = {"ms": 1e-3, "s": 1.0, "µs": 1e-6}[unit]
    return (int(mins) * 60 if mins else 0) + float(value) * scale


class LessonTests(unittest.TestCase):
    executed = None

    @classmethod
    def setUpClass(cls):
        if not harness.is_gopherlab():
            raise unittest.SkipTest("the lesson is Go")
        nb = nbformat.read(LESSON, as_version=4)
        client = NotebookClient(nb, kernel_name=harness.KERNEL_NAME, timeout=180,
                                resources={"metadata": {"path": ROOT}})
        client.execute()
        cls.executed = nb
        cls.out = "\n".join(text_of(c) for c in nb.cells if c.cell_type == "code")
        print("\n    lesson output:\n" + cls.out, file=sys.stderr)

    def find(self, pattern):
        m = re.search(pattern, self.out, re.M)
        self.assertIsNotNone(m, f"the lesson's output lacks /{pattern}/")
        return m

    def test_no_cell_fails(self):
        for i, c in enumerate(self.executed.cells):
            for o in c.get("outputs", []):
                self.assertNotEqual(o["output_type"], "error", f"cell {i} failed: {text_of(c)}")

    def test_cores_are_printed(self):
        m = self.find(r"^cores: (\d+)\s+GOMAXPROCS: (\d+)$")
        self.assertEqual(int(m.group(1)), os.cpu_count())

    def test_pool_beats_serial_and_gil_does_not(self):
        pool = float(self.find(r"^pool speed-up: ([\d.]+)x$").group(1))
        gil = float(self.find(r"^GIL pool speed-up: ([\d.]+)x$").group(1))
        print(f"\n    pool {pool}x, GIL pool {gil}x", end=" ", file=sys.stderr)
        self.assertLess(gil, 1.3, "the GIL pool sped up")
        if os.cpu_count() < 2:
            self.skipTest("one core: no speed-up to see")
        self.assertGreaterEqual(pool, 1.5, "the goroutine pool did not beat serial")

    def test_race_loses_updates_and_three_fixes_do_not(self):
        racy = int(self.find(r"^racy total: (\d+) \(want 100000\)$").group(1))
        self.assertLess(racy, 100_000, "the race demo lost no update")
        for how in ("mutex", "atomic", "channel"):
            self.assertEqual(self.find(rf"^{how} total: (\d+)$").group(1), "100000", how)

    def test_downloads_in_completion_order_with_the_right_sizes(self):
        # Each of the two concurrent runs prints five lines in completion order.
        line = re.compile(r"^ \[(\d)\]:\s+(\S+\.pdf) \[\s*([\d,]+)\]\s+(\S+)$", re.M)
        runs, run = [], []
        for m in line.finditer(self.out):
            n, name, size, when = int(m.group(1)), m.group(2), int(m.group(3).replace(",", "")), seconds(m.group(4))
            if n == 0:
                run = []
                runs.append(run)
            run.append((name, size, when))
        self.assertGreaterEqual(len(runs), 2, "want the pool's and the goroutines' downloads")
        for run in runs:
            self.assertEqual(sorted(name for name, _, _ in run), sorted(SIZES))
            for name, size, _ in run:
                self.assertEqual(size, SIZES[name], name)
            times = [t for _, _, t in run]
            self.assertEqual(times, sorted(times), "lines not in completion order")
            self.assertEqual(run[-1][0], "p5384.pdf", "the largest file should finish last")

    def test_concurrent_takes_the_largest_and_sequential_the_sum(self):
        largest = seconds(self.find(r"^largest file alone:\s+(.+)$").group(1))
        pool = seconds(self.find(r"^goroutine pool:\s+(.+)$").group(1))
        fetcher = seconds(self.find(r"^async fetcher:\s+(.+)$").group(1))
        sequential = seconds(self.find(r"^sequential:\s+(.+)$").group(1))
        print(f"\n    largest {largest}s pool {pool}s fetcher {fetcher}s sequential {sequential}s",
              end=" ", file=sys.stderr)
        for name, t in (("pool", pool), ("fetcher", fetcher)):
            self.assertLess(t, largest * 1.3, f"{name} took more than about the largest file")
        # Five latencies of 0.4 s come on top of the transfers when sequential.
        self.assertGreater(sequential, largest + 1.2, "sequential should take the sum")

    def test_group_cancels_siblings_on_the_first_error(self):
        self.find(r"^sibling: .*cancelled: another goroutine of the group failed")
        self.find(r"^group error: missing: .*404")

    def test_leaked_goroutine_is_reported(self):
        self.find(r"^1 goroutine started by this cell is still running \(cell\[\d+\]:\d+:\d+\)")

    def test_timeout_cancels_a_slow_download(self):
        self.find(r"^slow download: .*context deadline exceeded")

    def test_process_pool_and_serialization(self):
        self.find(r"^process pool speed-up: [\d.]+x$")
        self.find(r"^10 MB to a worker and back: \S+$")
        self.find(r"^a worker killed mid-task: .*worker process died")

    def test_goroutine_cost_is_measured(self):
        self.find(r"^100,000 goroutines started in \S+: [\d.]+ µs and [\d.]+ KB each$")

    def test_charts_are_svg(self):
        svgs = [o for c in self.executed.cells for o in c.get("outputs", [])
                if "image/svg+xml" in o.get("data", {})]
        self.assertGreaterEqual(len(svgs), 2, "want the timeline and the speed-up chart")


class CommittedNotebookTests(unittest.TestCase):
    """What is in the repository: executed, valid, presentable."""

    def test_there_are_notebooks(self):
        self.assertIn(LESSON, NOTEBOOKS)

    def test_saved_executed_and_valid(self):
        for path in NOTEBOOKS:
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
            self.assertEqual(nb.metadata.kernelspec.name, "gopherlab", path)
            for i, c in enumerate(nb.cells):
                self.assertIn("slideshow", c.metadata, f"{path} cell {i} has no slide type")
                if c.cell_type == "code":
                    self.assertIsNotNone(c.execution_count, f"{path} cell {i} was not executed")
                    for o in c.outputs:
                        self.assertNotEqual(o.output_type, "error", f"{path} cell {i} saved failing")

    def test_slides_show_the_charts(self):
        for path in NOTEBOOKS:
            out = os.path.join(tempfile.mkdtemp(), "deck")
            r = harness.run_jupyter(["nbconvert", "--to", "slides", "--output", out, path])
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out + ".slides.html", encoding="utf-8") as f:
                html = f.read()
            self.assertGreaterEqual(html.count("<section"), 10, "too few slides")
            self.assertGreaterEqual(html.count("<svg"), 2, "the charts are not in the slides")


if __name__ == "__main__":
    unittest.main()
