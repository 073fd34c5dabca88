"""Grading a Go assignment with nbgrader, through its command line, as a
course does: deploy/nbgrader is the course (its nbgrader_config.py gives
ClearSolutions a stub for the language go) with one problem set whose tests
are Go cells that panic on a wrong answer.

generate_assignment replaces each solution with the Go stub and takes the
hidden tests out; release_assignment and fetch_assignment hand it to three
students through an exchange folder; they submit: alice both parts right,
bob the first right and the second wrong (a split that drops the remainder,
which only a hidden test catches), carol the stubs as released. collect and
autograde run the submissions in the gopherlab kernel: alice gets full
marks, bob the first part's point and zero for the second, carol zero; the
scores are read back from nbgrader's gradebook and from its CSV export.
"""

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import nbformat

import harness

ROOT = os.path.abspath(os.path.join(harness.HERE, "..", ".."))
COURSE = os.path.join(ROOT, "deploy", "nbgrader")
ASSIGNMENT, NOTEBOOK = "ps1", "goroutines"
NBGRADER = os.path.join(os.path.dirname(sys.executable), "nbgrader")

# bob's ParallelSum: len(xs)/parts per goroutine, the remainder forgotten.
WRONG_PARALLEL_SUM = """func ParallelSum(xs []int, parts int) int {
	chunk := len(xs) / parts
	sums := make(chan int, parts)
	for p := 0; p < parts; p++ {
		go func(part []int) { sums <- Sum(part) }(xs[p*chunk : (p+1)*chunk])
	}
	total := 0
	for p := 0; p < parts; p++ {
		total += <-sums
	}
	return total
}"""


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


class NbgraderTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not harness.is_gopherlab():
            raise unittest.SkipTest("the assignment is in Go")
        cls.dir = tempfile.mkdtemp(prefix="nbgrader-")
        cls.course = os.path.join(cls.dir, "course")
        shutil.copytree(COURSE, cls.course)
        cls.exchange = os.path.join(cls.dir, "exchange")
        os.makedirs(cls.exchange)
        cls.source = nbformat.read(
            os.path.join(COURSE, "source", ASSIGNMENT, NOTEBOOK + ".ipynb"), as_version=4)

        cls.nbgrader("generate_assignment", ASSIGNMENT)
        cls.nbgrader("release_assignment", ASSIGNMENT)
        cls.released = None
        for student, answers in [
            ("alice", {"sum": cls.solution("sum"),
                       "parallel_sum": cls.solution("parallel_sum")}),
            ("bob", {"sum": cls.solution("sum"), "parallel_sum": WRONG_PARALLEL_SUM}),
            ("carol", {}),
        ]:
            home = os.path.join(cls.dir, "home", student)
            os.makedirs(home)
            cls.nbgrader("fetch_assignment", ASSIGNMENT, cwd=home)
            path = os.path.join(home, ASSIGNMENT, NOTEBOOK + ".ipynb")
            nb = nbformat.read(path, as_version=4)
            cls.released = cls.released or nbformat.read(path, as_version=4)
            for cell in nb.cells:
                if grade_id(cell) in answers:
                    cell.source = answers[grade_id(cell)]
            nbformat.write(nb, path)
            cls.nbgrader("submit", ASSIGNMENT, f"--student={student}", cwd=home)
        cls.nbgrader("collect", ASSIGNMENT)
        cls.nbgrader("autograde", ASSIGNMENT, "--create")
        cls.nbgrader("export")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def solution(cls, gid):
        return next(c.source for c in cls.source.cells if grade_id(c) == gid)

    @classmethod
    def nbgrader(cls, *args, cwd=None):
        cmd = [NBGRADER, *args, "--course=go101", f"--Exchange.root={cls.exchange}",
               f"--CourseDirectory.root={cls.course}"]
        # nbgrader runs alembic from PATH: the venv's, as when activated.
        env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep
                   + os.environ.get("PATH", ""))
        r = subprocess.run(cmd, cwd=cwd or cls.course, capture_output=True, text=True,
                           timeout=600, env=env)
        if r.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed ({r.returncode}):\n"
                                 f"{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
        return r

    def test_released_version_has_the_go_stub_and_no_hidden_tests(self):
        cells = {grade_id(c): c.source for c in self.released.cells if grade_id(c)}
        for gid in ("sum", "parallel_sum"):
            self.assertIn('// YOUR CODE HERE\n\tpanic("no answer given")', cells[gid])
            self.assertNotIn("SOLUTION", cells[gid])
            self.assertNotIn("total", cells[gid])
        for gid in ("test_sum", "test_parallel_sum"):
            self.assertIn("panic(", cells[gid])
            self.assertNotIn("HIDDEN", cells[gid])
        self.assertNotIn("999}", cells["test_parallel_sum"])

    def test_gradebook_scores(self):
        from nbgrader.api import Gradebook
        want = {
            "alice": {"test_sum": 1, "test_parallel_sum": 2},
            "bob": {"test_sum": 1, "test_parallel_sum": 0},
            "carol": {"test_sum": 0, "test_parallel_sum": 0},
        }
        url = "sqlite:///" + os.path.join(self.course, "gradebook.db")
        with Gradebook(url) as gb:
            for student, cells in want.items():
                for cell, points in cells.items():
                    grade = gb.find_grade(cell, NOTEBOOK, ASSIGNMENT, student)
                    self.assertEqual(grade.score, points, f"{student}: {cell}")
                    self.assertEqual(grade.max_score, {"test_sum": 1,
                                                       "test_parallel_sum": 2}[cell])

    def test_exported_totals(self):
        with open(os.path.join(self.course, "grades.csv")) as f:
            rows = {r["student_id"]: r for r in csv.DictReader(f)}
        self.assertEqual({s: float(rows[s]["score"]) for s in rows},
                         {"alice": 3.0, "bob": 1.0, "carol": 0.0})
        self.assertEqual({float(r["max_score"]) for r in rows.values()}, {3.0})

    def test_wrong_part_failed_in_the_kernel(self):
        # bob's notebook as graded: the hidden test panicked in Go.
        path = os.path.join(self.course, "autograded", "bob", ASSIGNMENT, NOTEBOOK + ".ipynb")
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if grade_id(c) == "test_parallel_sum")
        errors = [o for o in cell.outputs if o.output_type == "error"]
        self.assertEqual(len(errors), 1, cell.outputs)
        self.assertIn("ParallelSum(0..999, 3)", "\n".join(errors[0].traceback))


if __name__ == "__main__":
    unittest.main()
