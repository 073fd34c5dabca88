"""The class on one machine, in small: JupyterHub on 127.0.0.1 (dummy
authenticator, local process spawner, configurable-http-proxy from npm) with
JupyterLab servers from the test venv and the gopherlab kernelspec under
test, driven by bench/classroom.py's students.

Three students log in at once, start their servers, open the lesson through
the contents API and run every cell over the kernel's websocket: every
execute_reply arrives with status ok and no output is lost (each cell shows
what the saved lesson shows, widgets aside, and the same for everyone). Then
jupyterhub-idle-culler, run beside the hub as an admin would, stops the idle
servers, and their kernels shut down on request: jupyter_server logs each
kernel's shutdown, jupyter_client never had to terminate one ("taking too
long"), the connection files are gone and no gopherlab process is left. A
server that dies outright (SIGKILL) takes its kernel along, and when the hub
itself stops, the server and kernel still running go with it.

Takes about four minutes on two cores: the lesson is CPU-heavy and three
run it at once.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import psutil

import harness

sys.path.insert(0, os.path.join(harness.HERE, "..", "..", "bench"))
import classroom  # noqa: E402

STUDENTS = 3
# The culler's idea of idle, and how long it may take to act on it.
CULL_TIMEOUT = 10
CULL_WAIT = 120
# How long the processes of a stopped server may take to be gone.
GONE_WAIT = 15
TOO_LONG = "Kernel is taking too long to finish"


def chp_or_skip():
    chp = os.environ.get("GOPHERLAB_CHP") or os.path.join(
        classroom.ROOT, ".node", "node_modules", ".bin", "configurable-http-proxy")
    if os.path.exists(chp):
        os.environ["GOPHERLAB_CHP"] = chp
        return
    msg = "no configurable-http-proxy: run scripts/chp (npm) or set GOPHERLAB_CHP"
    if os.environ.get("CI"):
        raise AssertionError(msg)
    raise unittest.SkipTest(msg)


def wait_for(cond, timeout, step=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = cond()
        if v:
            return v
        time.sleep(step)
    return cond()


def cmdlines(procs):
    out = []
    for p in procs:
        try:
            out.append(" ".join(p.cmdline()))
        except psutil.Error:
            pass
    return out


class HubTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not harness.is_gopherlab():
            raise unittest.SkipTest("the class runs the Go lesson")
        chp_or_skip()
        cls.exe = harness.go_binary()
        cls.dir = tempfile.mkdtemp(prefix="hub-")
        # --debug: jupyter_client says at debug level when a kernel did not
        # exit on its shutdown_request and had to be terminated.
        cls.hub = classroom.Hub(cls.dir, os.environ["JUPYTER_PATH"],
                                activity_interval=5, debug=True).start()
        with open(classroom.LESSON) as f:
            cls.saved = classroom.saved_shapes(json.load(f))
        cls.students = [classroom.Student(cls.hub, f"student{i}")
                        for i in range(1, STUDENTS + 1)]
        for s in cls.students:
            cls.hub.give_home(s.name)
        threads = [threading.Thread(target=s.arrive, args=(cls.saved,))
                   for s in cls.students]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    @classmethod
    def tearDownClass(cls):
        cls.hub.stop()
        for p in cls.hub.processes(cls.exe):
            p.kill()
        # The hub's folder holds its log: GOPHERLAB_KEEP_HUB=1 keeps it.
        if os.environ.get("GOPHERLAB_KEEP_HUB"):
            print(f"hub folder: {cls.dir}", file=sys.stderr)
        else:
            shutil.rmtree(cls.dir, ignore_errors=True)

    def hub_log(self):
        with open(self.hub.log_path, errors="replace") as f:
            return f.read()

    def assertShutDownCleanly(self, student):
        shutdowns = [l for l in self.hub_log().splitlines() if "Kernel shutdown:" in l]
        self.assertTrue(any(student.kernel_id in l for l in shutdowns),
                        f"{student.name}'s server did not shut its kernel down")
        conn = os.path.join(self.hub.homes, student.name, ".local", "share", "jupyter",
                            "runtime", f"kernel-{student.kernel_id}.json")
        self.assertFalse(os.path.exists(conn), f"{conn} left behind")

    def start_one(self, name):
        s = classroom.Student(self.hub, name)
        self.hub.give_home(name)
        s.arrive(self.saved, run=False, leave=False)
        self.assertEqual(s.failures, [])
        self.assertGreaterEqual(len(self.hub.processes(self.exe, name)), 2,
                                "a kernel and its worker")
        return s

    def test_1_every_student_runs_the_lesson(self):
        failures = [f for s in self.students for f in s.failures]
        self.assertEqual(failures, [], "\n" + "\n".join(failures))
        for s in self.students:
            self.assertIsNotNone(s.ready_at, s.name)
            self.assertEqual(len(s.latencies), len(self.saved), s.name)
            self.assertNotIn(None, s.latencies, s.name)
        # Everyone saw the same outputs, widget cells included.
        first = self.students[0].shapes
        for s in self.students[1:]:
            for i, (a, b) in enumerate(zip(first, s.shapes)):
                self.assertEqual(a, b, f"cell {i}: {self.students[0].name} and {s.name}")
        self.assertTrue(any(sh["widgets"] for sh in first), "no widget cell seen")
        for s in self.students:
            self.assertGreaterEqual(len(self.hub.processes(self.exe, s.name)), 2,
                                    f"{s.name}: a kernel and its worker")

    def test_2_idle_culler_shuts_kernels_down_cleanly(self):
        self.assertEqual(sorted(self.hub.running_servers()),
                         sorted(s.name for s in self.students))
        # The culler as a process beside the hub, started now that the class
        # has left: during the lesson a cell busy for a minute sends nothing
        # the hub counts as activity. Its token is the bench service's.
        env = dict(os.environ, JUPYTERHUB_API_TOKEN=self.hub.token)
        log_path = os.path.join(self.dir, "culler.log")
        with open(log_path, "wb") as log:
            culler = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub_idle_culler",
                 f"--url={self.hub.url}/hub/api", f"--timeout={CULL_TIMEOUT}",
                 "--cull-every=5"], env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                t = time.monotonic()
                culled = wait_for(lambda: not self.hub.running_servers(), CULL_WAIT)
                took = time.monotonic() - t
            finally:
                culler.terminate()
                culler.wait(30)
        with open(log_path, errors="replace") as f:
            culler_log = f.read()
        self.assertTrue(culled, f"servers still running after {CULL_WAIT} s: "
                        f"{self.hub.running_servers()}\n{culler_log[-2000:]}")
        for s in self.students:
            self.assertIn(f"Culling server {s.name}", culler_log)
        left = wait_for(lambda: not self.hub.processes(self.exe), GONE_WAIT)
        self.assertTrue(left, f"left: {cmdlines(self.hub.processes(self.exe))}")
        for s in self.students:
            self.assertShutDownCleanly(s)
        self.assertFalse(TOO_LONG in self.hub_log(), "a kernel had to be terminated")
        print(f"culled {STUDENTS} servers {took:.1f} s after the culler started",
              file=sys.stderr)

    def test_3_a_dead_server_takes_its_kernel_along(self):
        s = self.start_one("dropout")
        server = [p for p in psutil.process_iter(["cmdline"])
                  if any("jupyterhub-singleuser" in a for a in p.info["cmdline"] or [])
                  and p.environ().get("JUPYTERHUB_USER") == s.name]
        self.assertEqual(len(server), 1, "one server for the student")
        server[0].send_signal(signal.SIGKILL)
        t = time.monotonic()
        gone = wait_for(lambda: not self.hub.processes(self.exe, s.name), GONE_WAIT)
        self.assertTrue(gone, f"left: {cmdlines(self.hub.processes(self.exe, s.name))}")
        print(f"kernel gone {time.monotonic() - t:.1f} s after its server was killed",
              file=sys.stderr)

    def test_4_nothing_left_when_the_hub_stops(self):
        s = self.start_one("latecomer")
        code = self.hub.stop()
        self.assertEqual(code, 0, self.hub.log_tail())
        left = self.hub.processes(self.exe)
        self.assertEqual(left, [], cmdlines(left))
        self.assertShutDownCleanly(s)
        self.assertFalse(TOO_LONG in self.hub_log(), "a kernel had to be terminated")


if __name__ == "__main__":
    unittest.main()
