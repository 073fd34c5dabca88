"""The lesson notebooks, through real Jupyter with the gopherlab kernel.

Every notebook in notebooks/ is executed once with nbclient: no cell may
fail. The concurrency lesson's output must show what the class is meant to
see, checked on its printed lines: strict on facts (sizes, totals, which
file finishes last, which error cancels what), tolerant of timings. The same
facts are checked on the committed notebook's saved outputs, which is what a
class sees before anything runs. Also: each committed notebook is saved
executed, top to bottom, and valid, and nbconvert makes a slide deck of it
with its SVG charts.

The lesson takes about 30 s; it runs once for the whole module.
"""

import glob
import os
import re
import sys
import tempfile
import time
import unittest

import nbformat
from nbclient import NotebookClient

import harness

ROOT = os.path.abspath(os.path.join(harness.HERE, "..", ".."))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
LESSON = os.path.join(ROOT, "notebooks", "concurrency.ipynb")

# The five files of the original, in bytes.
SIZES = {
    "p785.pdf": 19_111,
    "p487.pdf": 22_893,
    "f1040sb.pdf": 71_970,
    "f1040.pdf": 150_184,
    "p5384.pdf": 52_350_859,
}
LARGEST = "p5384.pdf"

# A cell may run this long before nbclient gives up on it.
CELL_TIMEOUT = 180


def usable_cores():
    """The cores this process may run on: what Go's runtime.NumCPU reports."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count()


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


def stream_of(cell, name):
    return "".join(o["text"] for o in cell.get("outputs", [])
                   if o["output_type"] == "stream" and o["name"] == name)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def seconds(text):
    """A duration as lab.FormatDuration writes it: 1.234s, 56.7ms, 1min 2s."""
    m = re.fullmatch(r"\s*(?:(\d+)min\s*)?([\d.]+)(ms|s|µs)\s*", text)
    if not m:
        raise ValueError(f"not a duration: {text!r}")
    mins, value, unit = m.groups()
    scale = {"ms": 1e-3, "s": 1.0, "µs": 1e-6}[unit]
    return (int(mins) * 60 if mins else 0) + float(value) * scale


_executed = {}


def executed(path):
    """The notebook at path, run top to bottom through nbclient; once per module."""
    if path not in _executed:
        nb = nbformat.read(path, as_version=4)
        # allow_errors: every cell runs, so that one failure does not hide
        # the state of the rest; test_no_cell_fails reports it.
        client = NotebookClient(nb, kernel_name=harness.KERNEL_NAME, timeout=CELL_TIMEOUT,
                                allow_errors=True, resources={"metadata": {"path": ROOT}})
        start = time.monotonic()
        try:
            client.execute()
            _executed[path] = nb
        except Exception as e:  # a dead or stuck kernel: once is enough
            _executed[path] = e
        how = "failed" if isinstance(_executed[path], Exception) else "ran"
        print(f"\n    nbclient {how} {os.path.relpath(path, ROOT)} in "
              f"{time.monotonic() - start:.1f} s", file=sys.stderr)
    if isinstance(_executed[path], Exception):
        raise AssertionError(f"nbclient could not run {path}") from _executed[path]
    return _executed[path]


def require_gopherlab():
    if not harness.is_gopherlab():
        raise unittest.SkipTest("the lesson is Go")


class EveryNotebookRuns(unittest.TestCase):
    """Each notebook, whatever it teaches, runs through Jupyter without a failing cell."""

    @classmethod
    def setUpClass(cls):
        require_gopherlab()

    def test_no_cell_fails(self):
        for path in NOTEBOOKS:
            nb = executed(path)
            for i, c in enumerate(nb.cells):
                for o in c.get("outputs", []):
                    self.assertNotEqual(o["output_type"], "error",
                                        f"{os.path.basename(path)} cell {i} failed:\n{c.source}\n{text_of(c)}")


class LessonFacts:
    """What the class must see in the concurrency lesson. A subclass says
    whose outputs in its setUpClass: cls.outputs(the notebook with outputs),
    and cls.cores, the cores of the machine that produced them."""

    nb = None
    cores = None

    @classmethod
    def outputs(cls, nb):
        cls.nb = nb
        cls.out = "\n".join(text_of(c) for c in code_cells(nb))

    def find(self, pattern):
        m = re.search(pattern, self.out, re.M)
        self.assertIsNotNone(m, f"the lesson's output lacks /{pattern}/")
        return m

    def cell_showing(self, pattern):
        """The first code cell whose output matches pattern."""
        for c in code_cells(self.nb):
            if re.search(pattern, text_of(c), re.M):
                return c
        self.fail(f"no cell of the lesson shows /{pattern}/")

    def test_serial_time_grows_one_line_per_task(self):
        cell = self.cell_showing(r"^serial: ")
        laps = [seconds(t) for t in re.findall(r"^ \[\d+\]:\s+(\S+)$", text_of(cell), re.M)]
        self.assertGreaterEqual(len(laps), 2, "want one line per task")
        self.assertEqual(laps, sorted(laps))
        # Equal tasks one after another: the last ends at about n times the first.
        self.assertGreater(laps[-1], laps[0] * len(laps) * 0.6, f"serial laps {laps} do not add up")

    def laps_of(self, pattern):
        """The ' [n]: elapsed' laps of the cell that prints pattern, in seconds."""
        cell = self.cell_showing(pattern)
        laps = [seconds(t) for t in re.findall(r"^ \[\d+\]:\s+(\S+)$", text_of(cell), re.M)]
        self.assertGreaterEqual(len(laps), 2, "want one line per task")
        return laps

    def test_pool_runs_together_and_gil_pool_in_turn(self):
        # The shape, not the speed-up: on a machine others are using, the
        # pool's speed-up depends on the cores left idle, but its tasks
        # still run at the same time (even on one core, where Go's scheduler
        # preempts them in turn) and finish together, while the GIL pool's
        # hold the lock for a whole task and finish one after another. (Both
        # speed-ups divide by a serial time measured cells earlier, at
        # another moment's load, so neither is bounded here.)
        pool = float(self.find(r"^pool speed-up: ([\d.]+)x$").group(1))
        gil = float(self.find(r"^GIL pool speed-up: ([\d.]+)x$").group(1))
        print(f"\n    pool {pool}x, GIL pool {gil}x on {self.cores} cores", end=" ", file=sys.stderr)
        together = self.laps_of(r"^pool speed-up: ")
        self.assertLess(together[-1], together[0] * 1.3, f"the pool's tasks did not finish together: {together}")
        in_turn = self.laps_of(r"^GIL pool speed-up: ")
        self.assertGreater(in_turn[-1], in_turn[0] * (len(in_turn) - 0.5),
                           f"the GIL pool's tasks did not finish one after another: {in_turn}")

    def test_race_loses_updates_and_three_fixes_do_not(self):
        racy = int(self.find(r"^racy total: (\d+) \(want 100000\)$").group(1))
        self.assertLess(racy, 100_000, "the race demo lost no update")
        for how in ("mutex", "atomic", "channel"):
            self.assertEqual(self.find(rf"^{how} total: (\d+)$").group(1), "100000", how)

    def download_runs(self):
        """Each run of five downloads printed in completion order: a list of
        (name, size, seconds since the start) per run."""
        line = re.compile(r"^ \[(\d)\]:\s+(\S+\.pdf) \[\s*([\d,]+)\]\s+(\S+)$", re.M)
        runs = []
        for m in line.finditer(self.out):
            if m.group(1) == "0":
                runs.append([])
            runs[-1].append((m.group(2), int(m.group(3).replace(",", "")), seconds(m.group(4))))
        return runs

    def test_downloads_in_completion_order_with_the_right_sizes(self):
        runs = self.download_runs()
        # The goroutine pool's and the plain goroutines'.
        self.assertGreaterEqual(len(runs), 2, "want two runs of five downloads")
        for run in runs:
            self.assertEqual(sorted(name for name, _, _ in run), sorted(SIZES), "not the five files")
            for name, size, _ in run:
                self.assertEqual(size, SIZES[name], f"{name}: wrong size")
            times = [t for _, _, t in run]
            self.assertEqual(times, sorted(times), "lines not in completion order")
            self.assertEqual(run[-1][0], LARGEST, "the largest file should finish last")
            # Concurrent: the four small files finish together, not one
            # latency after another as they would in turn.
            self.assertLess(times[3], times[0] * 2, f"the small files came one after another: {run}")

    def test_concurrent_takes_the_largest_and_sequential_the_sum(self):
        largest = seconds(self.find(r"^largest file alone:\s+(.+)$").group(1))
        pool = seconds(self.find(r"^goroutine pool:\s+(.+)$").group(1))
        fetcher = seconds(self.find(r"^async fetcher:\s+(.+)$").group(1))
        sequential = seconds(self.find(r"^sequential:\s+(.+)$").group(1))
        # Each file's own time: when it finished in the first concurrent run.
        total = sum(t for _, _, t in self.download_runs()[0])
        print(f"\n    largest {largest}s pool {pool}s fetcher {fetcher}s sequential {sequential}s "
              f"(sum of the five {total:.3f}s)", end=" ", file=sys.stderr)
        for name, t in (("goroutine pool", pool), ("async fetcher", fetcher)):
            self.assertLess(t, largest * 1.3, f"the {name} took more than about the largest file")
        self.assertGreater(sequential, total * 0.8, "sequential took less than the sum of the five")
        self.assertLess(sequential, total * 1.5, "sequential took much more than the sum of the five")
        self.assertGreater(sequential, largest * 1.3, "sequential took no longer than the largest file")

    def test_process_pool_and_serialization(self):
        self.find(r"^process pool speed-up: [\d.]+x$")
        self.find(r"^each result: [\d,]+ bytes over a pipe$")
        self.find(r"^10 MB to a worker and back: \S+$")
        self.find(r"^a worker killed mid-task: .*worker process died")

    def test_goroutine_cost_is_measured(self):
        # Compiled Go's figures (lab is compiled), each with the MemStats
        # field it comes from, and a switch measured rather than asserted.
        self.find(r"^100,000 goroutines, in compiled Go, each:\n  start: +[\d.]+ (ns|µs|ms)\n"
                  r"  stack: +[\d.]+ KB \(MemStats\.StackInuse\)\n  from the OS: +[\d.]+ KB \(MemStats\.Sys\)$")
        self.find(r"^a switch between two goroutines over a channel: [\d.]+ (ns|µs)$")

    def test_hazards_are_shown(self):
        self.find(r"^both senders returned; nobody read either channel$")
        self.find(r"^panic in goroutine: assignment to entry in nil map \[recovered by gopherlab\]$")
        self.find(r"^the kernel is still here$")
        self.find(r"^still blocked after 1s: in a program, a deadlock$")

    def test_serial_fraction_from_the_chart(self):
        self.find(r"^([\d.]+× on \d+ workers \(runs [\d.]+–[\d.]+\): "
                  r"(serial fraction f = [\d.]+%|f is below)|one core: )")

    def test_leaked_goroutine_is_reported_after_its_cell(self):
        pattern = r"^1 goroutine started by this cell is still running \(cell\[(\d+)\]:\d+:\d+\)"
        cell = self.cell_showing(pattern)
        m = re.search(pattern, stream_of(cell, "stderr"), re.M)
        self.assertIsNotNone(m, "the leak is not reported on stderr")
        self.assertEqual(int(m.group(1)), cell.execution_count, "the report names another cell")
        # Only that cell leaks.
        for c in code_cells(self.nb):
            if c is not cell:
                self.assertNotIn("still running", stream_of(c, "stderr"), c.source)

    def test_timeout_cancels_a_slow_download(self):
        self.find(r"^slow download: .*context deadline exceeded")

    def test_group_cancels_siblings_on_the_first_error(self):
        self.find(r"^sibling: .*cancelled: another goroutine of the group failed \(missing: .*404")
        self.find(r"^group error: missing: .*404 Not Found$")

    def test_charts_are_svg(self):
        charts = [o["data"] for c in code_cells(self.nb) for o in c.get("outputs", [])
                  if "image/svg+xml" in o.get("data", {})]
        self.assertGreaterEqual(len(charts), 2, "want the timeline and the speed-up chart")
        # The timeline draws serial, pool and GIL pool side by side.
        gantt = next((d for d in charts if "GIL pool" in d.get("text/plain", "")), None)
        self.assertIsNotNone(gantt, "no timeline of the GIL pool")
        for row in ("serial", "pool", "GIL pool"):
            self.assertIn(row, gantt["image/svg+xml"])
        speedup = next((d for d in charts if "workers" in d.get("text/plain", "")), None)
        self.assertIsNotNone(speedup, "no speed-up chart against workers")


class ExecutedLessonTests(LessonFacts, unittest.TestCase):
    """The lesson run now, on this machine."""

    @classmethod
    def setUpClass(cls):
        require_gopherlab()
        cls.outputs(executed(LESSON))
        cls.cores = usable_cores()
        print("\n    lesson output:\n" + cls.out, file=sys.stderr)

    def test_cores_are_printed(self):
        m = self.find(r"^cores: (\d+)\s+GOMAXPROCS: (\d+)$")
        self.assertEqual(int(m.group(1)), self.cores)
        self.assertEqual(int(m.group(2)), self.cores)


class CommittedLessonTests(LessonFacts, unittest.TestCase):
    """The lesson as committed: what the class sees before anything runs."""

    @classmethod
    def setUpClass(cls):
        cls.outputs(nbformat.read(LESSON, as_version=4))
        m = re.search(r"^cores: (\d+)", cls.out, re.M)
        cls.cores = int(m.group(1)) if m else 0


class CommittedNotebookTests(unittest.TestCase):
    """What is in the repository: executed, valid, presentable."""

    def test_the_lesson_is_there(self):
        self.assertIn(LESSON, NOTEBOOKS)

    def test_saved_executed_top_to_bottom_and_valid(self):
        for path in NOTEBOOKS:
            name = os.path.basename(path)
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
            self.assertEqual(nb.metadata.kernelspec.name, "gopherlab", name)
            counts = []
            for i, c in enumerate(nb.cells):
                self.assertIn("slideshow", c.metadata, f"{name} cell {i} has no slide type")
                if c.cell_type != "code":
                    continue
                self.assertTrue(c.execution_count is not None or c.outputs,
                                f"{name} cell {i} was not executed")
                counts.append(c.execution_count)
                for o in c.outputs:
                    self.assertNotEqual(o.output_type, "error", f"{name} cell {i} saved failing")
            # One run from the top, not cells run again out of order.
            self.assertEqual(counts, list(range(1, len(counts) + 1)), f"{name}: execution counts")

    def test_slides_show_the_charts(self):
        for path in NOTEBOOKS:
            name = os.path.basename(path)
            nb = nbformat.read(path, as_version=4)
            slides = sum(c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide")
                         for c in nb.cells)
            charts = sum("image/svg+xml" in o.get("data", {}) for c in code_cells(nb) for o in c.outputs)
            with tempfile.TemporaryDirectory() as tmp:
                out = os.path.join(tmp, "deck")
                r = harness.run_jupyter(["nbconvert", "--to", "slides", "--output", out, path])
                self.assertEqual(r.returncode, 0, r.stderr)
                with open(out + ".slides.html", encoding="utf-8") as f:
                    html = f.read()
            sections = html.count("<section")
            # nbconvert 7 embeds an SVG output as an <img> with a data URI
            # (older versions inlined the <svg>); either shows the chart.
            svgs = html.count("<svg") + html.count('src="data:image/svg+xml')
            print(f"\n    {name}: {sections} <section>s, {svgs} SVG images", end=" ", file=sys.stderr)
            self.assertGreaterEqual(sections, max(slides, 3), f"{name}: too few slides")
            self.assertGreaterEqual(svgs, charts, f"{name}: the charts are not in the slides")


if __name__ == "__main__":
    unittest.main()
