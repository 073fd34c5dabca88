"""Whatever a cell does, the kernel survives it: interrupts in every kind of
blocking, panics in goroutines, and the fatal runtime errors no recover
catches, which end the interpreter process (the kernel supervises it and
starts a fresh one). Through jupyter_client against the real kernel.

Go only: ipykernel has no goroutines, and its fatal errors end the kernel.
"""

import os
import signal
import time
import unittest

import harness
from harness import TIMEOUT, execute, get_msg, iopub_until_idle, reply_to

# Interrupts should land within ~100 ms; the bound is generous so that a
# loaded CI machine does not make the test flaky. The latency is printed.
INTERRUPT_BOUND = 2.0

# A fresh interpreter starts in well under a second; the bound leaves room
# for a slow machine. The time is printed.
RESTART_BOUND = 5.0


class SurvivalTestCase(harness.KernelTestCase):
    """A kernel per class, for gopherlab only."""

    @classmethod
    def setUpClass(cls):
        if not harness.is_gopherlab():
            raise unittest.SkipTest("gopherlab only")
        super().setUpClass()


class InterruptEachBlockingTests(SurvivalTestCase):
    """An interrupt ends a cell wherever it waits, and the goroutines it
    started see their context cancelled."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        execute(cls.kc, "kept := 7")

    def interrupt(self, code):
        reply, latency, iopub = harness.interrupt_when_stuck(self.km, self.kc, code, allow_stdin=True)
        print(f"\n    interrupt of {code.splitlines()[-1]!r}: reply after {latency * 1000:.1f} ms", end=" ")
        self.assertEqual(reply["content"].get("ename"), "KeyboardInterrupt", reply["content"])
        self.assertLess(latency, INTERRUPT_BOUND)
        self.assert_alive()
        self.assert_result("kept", "7")
        return iopub

    def test_select_on_channels(self):
        self.interrupt("a, b := make(chan int), make(chan string)\nselect {\ncase <-a:\ncase <-b:\n}")

    def test_empty_select(self):
        self.interrupt("select {}")

    def test_waitgroup_wait(self):
        self.interrupt(
            "var wg sync.WaitGroup\nwg.Add(1)\ngo func() { select {} }()\nwg.Wait()"
        )

    def test_mutex_lock(self):
        self.interrupt("var mu sync.Mutex\nmu.Lock()\nmu.Lock()")

    def test_sleep(self):
        self.interrupt("time.Sleep(time.Hour)")

    def test_stdin_read(self):
        msg_id = self.kc.execute('var line string\nfmt.Scanln(&line)', allow_stdin=True)
        request = get_msg(self.kc.stdin_channel, TIMEOUT)
        self.assertEqual(request["msg_type"], "input_request")
        t0 = time.monotonic()
        self.km.interrupt_kernel()
        reply = reply_to(self.kc.shell_channel, msg_id)
        latency = time.monotonic() - t0
        iopub_until_idle(self.kc, msg_id)
        self.assertEqual(reply["content"].get("ename"), "KeyboardInterrupt", reply["content"])
        self.assertLess(latency, INTERRUPT_BOUND)
        self.assert_alive()

    def test_goroutines_see_the_cell_context_cancelled(self):
        self.run_ok(
            "cancelled := make(chan string, 1)\n"
            "ctx := display.Context()\n"
            'go func() { <-ctx.Done(); cancelled <- "goroutine saw: " + ctx.Err().Error() }()'
        )
        self.interrupt("ctx2 := display.Context()\n"
                       'go func() { <-ctx2.Done(); cancelled <- "goroutine saw: " + ctx2.Err().Error() }()\n'
                       "select {}")
        self.assert_result("<-cancelled", '"goroutine saw: context canceled"')


class GoroutinePanicTests(SurvivalTestCase):
    """A panic in a goroutine would end a Go program; here it is reported and
    the kernel, with its variables, goes on."""

    def check(self, code):
        self.run_ok("before := 42")
        cell = execute(self.kc, code)
        stderr = cell.stream("stderr")
        self.assertIn("boom", stderr, cell.describe())
        self.assert_alive()
        self.assert_result("before", "42")

    def test_function_literal(self):
        self.check('go func() { panic("boom") }()\ntime.Sleep(200 * time.Millisecond)')

    def test_named_function(self):
        self.check('func explode() { panic("boom") }\ngo explode()\ntime.Sleep(200 * time.Millisecond)')


class FatalErrorTests(SurvivalTestCase):
    """Fatal runtime errors end the interpreter process: the cell shows the
    error and the goroutine that died, a fresh interpreter is ready for the
    next cell, and the notebook is told its earlier state is gone."""

    def check_fatal(self, code, cause):
        self.run_ok("lost := 1")
        t0 = time.monotonic()
        cell = execute(self.kc, code, timeout=60)
        died = time.monotonic() - t0
        self.assertEqual(cell.status, "error", cell.describe())
        err = cell.error()
        self.assertEqual(err["ename"], "FatalError", err)
        self.assertIn(cause, err["evalue"])
        tb = "\n".join(err["traceback"])
        self.assertIn("goroutine", tb)
        self.assertIn("restarted", tb)
        t1 = time.monotonic()
        self.assert_alive()
        restart = time.monotonic() - t1
        print(f"\n    {cause}: error after {died:.2f} s, next cell answered {restart * 1000:.0f} ms later", end=" ")
        self.assertLess(restart, RESTART_BOUND)
        # The state is gone, and the error says so.
        cell = execute(self.kc, "lost")
        self.assertEqual(cell.status, "error", cell.describe())
        self.assertIn("undefined: lost", cell.error()["evalue"])

    def test_concurrent_map_writes(self):
        self.check_fatal(
            "m := map[int]int{}\n"
            "for g := 0; g < 4; g++ {\n"
            "\tgo func() {\n\t\tfor i := 0; ; i++ {\n\t\t\tm[i%100] = i\n\t\t}\n\t}()\n"
            "}\n"
            "for i := 0; ; i++ {\n\tm[i%100] = i\n}",
            "concurrent map writes",
        )

    def test_runaway_recursion(self):
        self.check_fatal("func down(n int) int { return down(n+1) + 1 }\ndown(0)", "stack overflow")

    def test_killed_interpreter_between_cells(self):
        self.run_ok("lost := 1")
        worker = worker_pid(harness.kernel_pid(self.km))
        os.kill(worker, signal.SIGKILL)
        time.sleep(0.5)
        self.assert_alive()
        cell = execute(self.kc, "lost")
        self.assertIn("undefined: lost", cell.error()["evalue"])

    def test_fatal_error_in_a_background_goroutine(self):
        """Between cells, the death is told as stderr of the last cell."""
        msg_id = self.kc.execute(
            "go func() {\n\ttime.Sleep(300 * time.Millisecond)\n\tm := map[int]int{}\n"
            "\tfor g := 0; g < 4; g++ {\n\t\tgo func() {\n\t\t\tfor i := 0; ; i++ {\n\t\t\t\tm[i] = i\n\t\t\t}\n\t\t}()\n\t}\n"
            "\tselect {}\n}()"
        )
        reply = reply_to(self.kc.shell_channel, msg_id)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        stderr = ""
        deadline = time.monotonic() + 30
        while "restarted" not in stderr and time.monotonic() < deadline:
            try:
                msg = get_msg(self.kc.iopub_channel, 1)
            except Exception:
                continue
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stderr":
                stderr += msg["content"]["text"]
        self.assertIn("concurrent map writes", stderr)
        self.assertIn("restarted", stderr)
        self.assert_alive()


def worker_pid(kernel_pid):
    """The interpreter process the kernel supervises: its only child."""
    children = []
    for task in os.listdir(f"/proc/{kernel_pid}/task"):
        with open(f"/proc/{kernel_pid}/task/{task}/children") as f:
            children += [int(p) for p in f.read().split()]
    if len(children) != 1:
        raise AssertionError(f"want one child of the kernel, got {children}")
    return children[0]


if __name__ == "__main__":
    unittest.main()
