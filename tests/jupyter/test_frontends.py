"""Real front ends driving the kernel: nbconvert --execute, nbclient and a
scripted jupyter console session.

testdata/hello.ipynb is a gopherlab notebook; against another kernel
(GOPHERLAB_KERNEL=python3) the same cells are rewritten in that language, so
the harness can be checked against ipykernel.
"""

import copy
import os
import pty
import select
import subprocess
import sys
import tempfile
import time
import unittest

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import harness
from harness import TIMEOUT

NOTEBOOK = os.path.join(harness.TESTDATA, "hello.ipynb")

# The Python twin of each cell of hello.ipynb, by cell id.
PYTHON_CELLS = {
    "print": 'print("hello, world")',
    "assign": "x = 6 * 7",
    "trailing": "x",
    "string": 'f"{x} gophers"',
    "html": 'from IPython.display import HTML, display\n\ndisplay(HTML("<b>hi</b>"))',
}

# What each code cell of hello.ipynb must produce, by cell id:
# a list of (output_type, key, value) where key is a stream name or a MIME type.
EXPECTED = {
    "print": [("stream", "stdout", "hello, world\n")],
    "assign": [],
    "trailing": [("execute_result", "text/plain", "42")],
    "string": [("execute_result", "text/plain", '"42 gophers"')],
    "html": [("display_data", "text/html", "<b>hi</b>")],
}
if harness.kernel_language() == "python":
    EXPECTED["string"] = [("execute_result", "text/plain", "'42 gophers'")]


def notebook_for_kernel(tmpdir):
    """hello.ipynb, or its twin in the kernel's language, as a file in tmpdir."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    if harness.kernel_language() == "python":
        nb = copy.deepcopy(nb)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.source = PYTHON_CELLS[cell.id]
        nb.metadata.kernelspec = {"name": harness.KERNEL_NAME, "display_name": "Python 3",
                                  "language": "python"}
        nb.metadata.language_info = {"name": "python"}
    path = os.path.join(tmpdir, "hello.ipynb")
    nbformat.write(nb, path)
    return path


def summarize(output):
    """(output_type, key, value) for one output of an executed notebook."""
    kind = output["output_type"]
    if kind == "stream":
        return (kind, output["name"], output["text"])
    if kind in ("execute_result", "display_data"):
        mime = "text/html" if "text/html" in output["data"] else "text/plain"
        return (kind, mime, output["data"][mime])
    if kind == "error":
        return (kind, output["ename"], output["evalue"])
    return (kind, None, None)


class NotebookChecks:
    def assert_executed(self, nb):
        nbformat.validate(nb)
        code_cells = [c for c in nb.cells if c.cell_type == "code"]
        self.assertEqual([c.id for c in code_cells], list(EXPECTED))
        for n, cell in enumerate(code_cells, 1):
            with self.subTest(cell=cell.id):
                self.assertEqual([summarize(o) for o in cell.outputs], EXPECTED[cell.id])
                self.assertEqual(cell.execution_count, n)
                for o in cell.outputs:
                    if o.output_type == "execute_result":
                        self.assertEqual(o.execution_count, n)
        info = nb.metadata.get("language_info", {})
        self.assertEqual(info.get("name"), harness.kernel_language())


class NbconvertTests(NotebookChecks, unittest.TestCase):
    def test_nbconvert_execute(self):
        harness.kernel_spec()
        with tempfile.TemporaryDirectory() as tmp:
            src = notebook_for_kernel(tmp)
            proc = harness.run_jupyter([
                "nbconvert", "--to", "notebook", "--execute",
                f"--ExecutePreprocessor.kernel_name={harness.KERNEL_NAME}",
                "--ExecutePreprocessor.timeout=60",
                "--output", "executed", "--output-dir", tmp, src,
            ], timeout=180)
            self.assertEqual(proc.returncode, 0, f"nbconvert failed:\n{proc.stderr}")
            nb = nbformat.read(os.path.join(tmp, "executed.ipynb"), as_version=4)
        self.assert_executed(nb)


class NbclientTests(NotebookChecks, unittest.TestCase):
    def client(self, nb):
        return NotebookClient(nb, kernel_name=harness.KERNEL_NAME, timeout=60,
                              startup_timeout=harness.START_TIMEOUT)

    def test_nbclient_execute(self):
        harness.kernel_spec()
        with tempfile.TemporaryDirectory() as tmp:
            nb = nbformat.read(notebook_for_kernel(tmp), as_version=4)
        self.client(nb).execute()
        self.assert_executed(nb)

    def test_nbclient_stops_at_a_failing_cell(self):
        harness.kernel_spec()
        code = harness.samples()
        nb = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell(code["hello"]),
            nbformat.v4.new_code_cell(code["error"]),
            nbformat.v4.new_code_cell(code["one_plus_one"]),
        ])
        with self.assertRaises(CellExecutionError) as caught:
            self.client(nb).execute()
        self.assertIn("boom", str(caught.exception))
        self.assertEqual(nb.cells[1].outputs[-1].output_type, "error")
        self.assertEqual(nb.cells[2].outputs, [], "cells after the failure must not run")


class PtySession:
    """A program on a pseudo-terminal, driven like a person at a keyboard.
    (jupyter console on a plain pipe hangs after the first cell even with
    ipykernel, so a pty it is.)"""

    def __init__(self, argv, env):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                                     close_fds=True, env=env)
        os.close(slave)
        self.output = b""

    def expect(self, text, timeout=harness.START_TIMEOUT):
        """Reads until text appears in the output since the start."""
        want = text.encode()
        deadline = time.monotonic() + timeout
        while want not in self.output:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {text!r} within {timeout}s; output:\n{self.text()}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.2))
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the program closed the terminal
                    chunk = b""
                if not chunk and self.proc.poll() is not None:
                    raise AssertionError(f"exited before {text!r}; output:\n{self.text()}")
                self.output += chunk

    def send(self, text):
        os.write(self.master, text.encode())

    def wait(self, timeout=TIMEOUT):
        """Exit status, reading what is left of the output meanwhile."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.output += os.read(self.master, 4096)
                except OSError:
                    pass
        return self.proc.poll()

    def text(self):
        return self.output.decode(errors="replace").replace("\r\n", "\n")

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


class ConsoleTests(unittest.TestCase):
    def test_console_session(self):
        """jupyter console --simple-prompt: two cells, then Ctrl-D and "y"
        to leave; the console shuts its kernel down and exits 0."""
        harness.kernel_spec()
        if harness.kernel_language() == "python":
            print_42, result = "print(6*7)", "'gopher'"
        else:
            print_42, result = "fmt.Println(6*7)", '"gopher"'
        session = PtySession(
            [sys.executable, "-m", "jupyter", "console", "--kernel", harness.KERNEL_NAME,
             "--simple-prompt"],
            env=harness.jupyter_env(),
        )
        try:
            session.expect("In [1]: ")
            # jupyter console 6.4 sends the first cell without waiting for its
            # iopub subscription to be live; if the kernel's "idle" goes out
            # before then, the console waits for it forever (seen with
            # ipykernel). A person types slower than that; so do we.
            time.sleep(1)
            session.send(print_42 + "\n")
            session.expect("In [2]: ", TIMEOUT)
            self.assertRegex(session.text(), r"(?m)^42$")
            session.send('"go" + "pher"\n')
            session.expect("In [3]: ", TIMEOUT)
            self.assertIn(f"Out[2]: {result}", session.text())
            session.send("\x04")  # Ctrl-D: end of input
            session.expect("Do you really want to exit", TIMEOUT)
            session.send("y\n")
            code = session.wait()
            self.assertEqual(code, 0, f"console exit status; output:\n{session.text()}")
            self.assertIn("Shutting down kernel", session.text())
        finally:
            session.close()


if __name__ == "__main__":
    unittest.main()
