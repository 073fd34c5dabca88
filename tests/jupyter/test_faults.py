"""Faults, many times over, through jupyter_client against a real kernel:
the worker SIGKILLed under a running cell, and the kernel restarted. Each
leaves nothing behind: no process, no listening port, no descriptor.

GOPHERLAB_FAULT_ROUNDS sets how many of each (100 by default, as
docs/HARDENING.md reports); the wall time of each loop is printed.
"""

import os
import signal
import socket
import time
import unittest

import harness
from harness import TIMEOUT, execute, get_msg, reply_to
from test_hardening import children, gone, listening_sockets

ROUNDS = int(os.environ.get("GOPHERLAB_FAULT_ROUNDS", "100"))
PORTS = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")


def fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def live_children(pid):
    return [p for p in children(pid) if not gone(p)]


def the_worker(kernel, timeout=TIMEOUT):
    """The kernel's one worker process, once it has exactly one."""
    deadline = time.monotonic() + timeout
    while True:
        kids = live_children(kernel)
        if len(kids) == 1:
            return kids[0]
        if time.monotonic() > deadline:
            raise AssertionError(f"kernel {kernel} has workers {kids}, want one")
        time.sleep(0.02)


def port_free(ip, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind((ip, port))
        s.listen(1)
        return True
    except OSError:
        return False
    finally:
        s.close()


@unittest.skipUnless(harness.is_gopherlab(), "gopherlab's worker process")
class WorkerKillTests(harness.KernelTestCase):
    def test_worker_killed_under_a_cell_again_and_again(self):
        kernel = harness.kernel_pid(self.km)
        self.run_ok("1")
        fds_before = fds(kernel)
        workers = set()
        t0 = time.monotonic()
        for i in range(ROUNDS):
            worker = the_worker(kernel)
            workers.add(worker)
            msg_id = self.kc.execute(f'fmt.Println("round {i}")\ntime.Sleep(time.Hour)')
            # The cell runs once its first line has come out.
            while True:
                m = get_msg(self.kc.iopub_channel, TIMEOUT)
                if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream":
                    break
            os.kill(worker, signal.SIGKILL)
            reply = reply_to(self.kc.shell_channel, msg_id)
            cell = harness.Cell(reply, harness.iopub_until_idle(self.kc, msg_id))
            self.assertEqual(cell.status, "error", f"round {i}: {cell.describe()}")
            err = cell.error()
            self.assertEqual(err["ename"], "FatalError", f"round {i}: {err}")
            self.assertIn("killed", err["evalue"], f"round {i}: {err}")
            self.assertIn("restarted", err["evalue"], f"round {i}: {err}")
            self.assertEqual(execute(self.kc, "40 + 2").result(), "42", f"round {i}: the next cell")
        took = time.monotonic() - t0
        self.assertEqual(len(workers), ROUNDS, "each round killed a fresh worker")
        time.sleep(0.5)
        left = [w for w in workers if not gone(w)]
        self.assertEqual(left, [], "killed workers still there")
        the_worker(kernel)
        print(f"\n    {ROUNDS} workers killed under a cell in {took:.1f} s "
              f"({took / ROUNDS * 1000:.0f} ms a round); kernel descriptors {fds_before} -> {fds(kernel)}", end=" ")
        self.assertLessEqual(fds(kernel), fds_before + 2, "the kernel keeps descriptors of dead workers")


@unittest.skipUnless(harness.is_gopherlab(), "gopherlab's processes")
class RestartTests(unittest.TestCase):
    def test_restart_again_and_again(self):
        km, kc = harness.start_kernel()
        try:
            self.restarts(km, kc)
        finally:
            kc.stop_channels()
            if km.has_kernel:
                km.shutdown_kernel(now=False)
        # After the last shutdown nothing is left: processes, ports.
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and not all(gone(p) for p in self.pids):
            time.sleep(0.1)
        self.assertEqual([p for p in self.pids if not gone(p)], [], "processes left after shutdown")
        taken = [(ip, p) for ip, p in self.ports if not port_free(ip, p)]
        self.assertEqual(taken, [], f"ports still taken after shutdown: {taken}")

    def restarts(self, km, kc):
        self.pids, self.ports = set(), set()
        first_fds = None
        t0 = time.monotonic()
        for i in range(ROUNDS + 1):
            kernel = harness.kernel_pid(km)
            worker = the_worker(kernel)
            self.assertEqual(execute(kc, "40 + 2").result(), "42", f"restart {i}")
            info = km.get_connection_info()
            ports = {(info["ip"], info[p]) for p in PORTS}
            # This kernel listens on its five ports and nothing else.
            self.assertEqual(listening_sockets(kernel), ports, f"restart {i}")
            n = fds(kernel)
            if first_fds is None:
                first_fds = n
            self.assertLessEqual(n, first_fds + 2, f"restart {i}: kernel descriptors")
            # The kernels before it are gone, with their workers.
            self.assertEqual([p for p in self.pids if not gone(p)], [], f"restart {i}: earlier processes")
            self.pids |= {kernel, worker}
            self.ports |= ports
            if i == ROUNDS:
                break
            km.restart_kernel(now=False)  # shutdown_request, then a new process
            kc.wait_for_ready(timeout=TIMEOUT)
        took = time.monotonic() - t0
        print(f"\n    {ROUNDS} restarts in {took:.1f} s ({took / ROUNDS:.2f} s each), "
              f"{len(self.pids)} processes, {len(self.ports)} ports, kernel descriptors {first_fds} each", end=" ")


if __name__ == "__main__":
    unittest.main()
