"""What a class does to a kernel, through jupyter_client against a real
gopherlab: replayed requests, a front end that dies, output floods, how the
kernel listens. docs/HARDENING.md says what each guards against.
"""

import os
import signal
import subprocess
import sys
import time
import unittest

import harness
from harness import TIMEOUT, execute, iopub_for, reply_to


@unittest.skipUnless(harness.is_gopherlab(), "the cells are Go")
class ReplayTests(harness.KernelTestCase):
    """A captured, validly signed execute_request sent again is dropped."""

    def test_replayed_execute_request_runs_once(self):
        self.run_ok("replays := 0")
        msg = self.kc.session.msg("execute_request", dict(
            code="replays++", silent=False, store_history=True, user_expressions={},
            allow_stdin=False, stop_on_error=True))
        msg_id = msg["header"]["msg_id"]
        # Session.send signs the same header and content the same way: the
        # second send is byte for byte the first, as a captured copy would be.
        self.kc.shell_channel.send(msg)
        reply = reply_to(self.kc.shell_channel, msg_id)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        harness.iopub_until_idle(self.kc, msg_id)
        self.kc.shell_channel.send(msg)
        for m in iopub_for(self.kc, 1.0):
            self.assertNotEqual(m["parent_header"].get("msg_id"), msg_id,
                                f"the replay was answered: {m['msg_type']}")
        self.assert_result("replays", "1")


if __name__ == "__main__":
    unittest.main()


def listening_sockets(pid):
    """The TCP sockets the process listens on: {(ip, port)}, from /proc."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    found = set()
    for table in ("tcp", "tcp6"):
        with open(f"/proc/{pid}/net/{table}") as f:
            next(f)
            for line in f:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state != "0A" or inode not in inodes:  # 0A: LISTEN
                    continue
                addr, port = local.split(":")
                if len(addr) == 8:
                    ip = ".".join(str(b) for b in reversed(bytes.fromhex(addr)))
                else:
                    ip = addr  # IPv6, left in /proc's hex
                found.add((ip, int(port, 16)))
    return found


def gone(pid):
    """Whether a process has ended (a zombie waiting for its reaper counts)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def children(pid):
    kids = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += [int(p) for p in f.read().split()]
    except FileNotFoundError:
        pass
    return kids


def descendants(pid):
    """pid and every live process under it."""
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        if not gone(p):
            tree.append(p)
            todo += children(p)
    return tree


@unittest.skipUnless(harness.is_gopherlab(), "gopherlab's process and sockets")
class ListenTests(harness.KernelTestCase):
    def test_listens_on_loopback_ports_of_the_connection_file_only(self):
        info = self.km.get_connection_info()
        self.assertEqual(info["ip"], "127.0.0.1")
        want = {("127.0.0.1", info[p]) for p in
                ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
        self.assertEqual(listening_sockets(harness.kernel_pid(self.km)), want)

    def test_connection_file_is_private(self):
        mode = os.stat(self.km.connection_file).st_mode & 0o777
        self.assertEqual(mode, 0o600, f"connection file mode {mode:#o}")

    def test_a_connection_file_others_can_read_is_reported(self):
        import json
        import tempfile
        info = dict(self.km.get_connection_info())
        info["key"] = info["key"].decode() if isinstance(info["key"], bytes) else info["key"]
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "kernel-open.json")
            with open(path, "w") as f:
                json.dump(info, f)
            os.chmod(path, 0o644)
            # Same ports as the running kernel: it reports the file, then
            # fails to bind, which ends it without a front end.
            proc = subprocess.run([harness.go_binary(), "kernel", "-f", path], capture_output=True,
                                  text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        self.assertIn("has mode 0644", proc.stderr)
        self.assertIn("other than its owner can read its key", proc.stderr)


# The front end of ParentDeathTests: starts a kernel, says its pid, waits to
# be killed.
FRONT_END = """
import sys, time
from jupyter_client.manager import KernelManager
km = KernelManager(kernel_name=sys.argv[1])
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=60)
print(km.provisioner.process.pid, flush=True)
time.sleep(600)
"""

# How long a kernel may outlive its front end: one poll of the parent (1 s),
# its shutdown and its worker's, with room for a loaded machine.
ORPHAN_BOUND = 10


@unittest.skipUnless(harness.is_gopherlab(), "gopherlab's parent poller")
class ParentDeathTests(unittest.TestCase):
    """A front end SIGKILLed leaves no kernel and no worker behind."""

    def orphan(self, kernel_name, env, processes):
        """Starts a kernel whose process tree has this many processes,
        SIGKILLs its front end, and checks that the tree ends."""
        front = subprocess.Popen([sys.executable, "-c", FRONT_END, kernel_name],
                                 stdout=subprocess.PIPE, text=True, env=env)
        try:
            with front.stdout:
                line = front.stdout.readline()
            self.assertTrue(line.strip(), "the front end did not start its kernel")
            tree = []
            deadline = time.monotonic() + TIMEOUT
            while len(tree) < processes and time.monotonic() < deadline:
                tree = descendants(int(line))
                time.sleep(0.1)
            self.assertEqual(len(tree), processes, f"kernel process tree {tree}")
        except BaseException:
            front.kill()
            front.wait()
            raise
        front.kill()  # SIGKILL: no shutdown_request, no clean-up
        front.wait()
        t0 = time.monotonic()
        while time.monotonic() - t0 < ORPHAN_BOUND and not all(gone(p) for p in tree):
            time.sleep(0.1)
        took = time.monotonic() - t0
        left = [p for p in tree if not gone(p)]
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        self.assertEqual(left, [], f"processes of {tree} outlived their front end by {ORPHAN_BOUND} s")
        print(f"\n    {kernel_name}: {processes} processes gone {took:.1f} s after the front end", end=" ")

    def test_kernel_started_directly(self):
        self.orphan(harness.KERNEL_NAME, harness.jupyter_env(), processes=2)  # kernel, worker

    def test_kernel_started_through_a_wrapper(self):
        """A shell between front end and kernel stays the kernel's parent
        when the front end dies: JPY_PARENT_PID tells the kernel whom to
        watch."""
        import json
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            kdir = os.path.join(tmp, "kernels", "gopherlab-wrapped")
            os.makedirs(kdir)
            # The trailing command keeps sh from exec'ing the kernel.
            cmd = f"'{harness.go_binary()}' kernel -f \"$1\"; exit $?"
            with open(os.path.join(kdir, "kernel.json"), "w") as f:
                json.dump(dict(argv=["sh", "-c", cmd, "sh", "{connection_file}"],
                               display_name="gopherlab (wrapped)", language="go",
                               interrupt_mode="message"), f)
            env = harness.jupyter_env()
            env["JUPYTER_PATH"] = os.pathsep.join(p for p in (tmp, env.get("JUPYTER_PATH")) if p)
            self.orphan("gopherlab-wrapped", env, processes=3)  # sh, kernel, worker


# A gigabyte, printed by native code a mebibyte at a time.
FLOOD_CODE = (
    'floodLine := strings.Repeat("x", 1<<20-1) + "\\n"\n'
    "for i := 0; i < 1024; i++ {\n\tfmt.Print(floodLine)\n}"
)
FLOOD_BYTES = 1 << 30
DEFAULT_LIMIT = 4 << 20  # kernel.DefaultOutputLimit


@unittest.skipUnless(harness.is_gopherlab(), "gopherlab's output limit")
class OutputFloodTests(harness.KernelTestCase):
    """A cell that prints a gigabyte: the notebook gets the first 4 MiB and
    a word on what was dropped, the kernel answers meanwhile, and the next
    cell works."""

    def test_a_gigabyte_is_capped(self):
        t0 = time.monotonic()
        msg_id = self.kc.execute(FLOOD_CODE)
        # Once the flood has begun, control answers: the kernel is not stuck
        # behind its output.
        early = []
        while not any(m["msg_type"] == "stream" for m in early):
            m = harness.get_msg(self.kc.iopub_channel, TIMEOUT)
            if m["parent_header"].get("msg_id") == msg_id:
                early.append(m)
        t1 = time.monotonic()
        msg = self.kc.session.msg("kernel_info_request", {})
        self.kc.control_channel.send(msg)
        info = reply_to(self.kc.control_channel, msg["header"]["msg_id"], timeout=TIMEOUT)
        self.assertEqual(info["msg_type"], "kernel_info_reply")
        answered = time.monotonic() - t1
        reply = reply_to(self.kc.shell_channel, msg_id, timeout=120)
        iopub = early + harness.iopub_until_idle(self.kc, msg_id, timeout=120)
        took = time.monotonic() - t0
        cell = harness.Cell(reply, iopub)
        self.assertEqual(cell.status, "ok", cell.describe())
        out, err = cell.stream("stdout"), cell.stream("stderr")
        self.assertEqual(len(out.encode()), DEFAULT_LIMIT)
        self.assertTrue(set(out) <= {"x", "\n"})
        dropped = FLOOD_BYTES - DEFAULT_LIMIT
        self.assertIn("passed its limit of 4 MiB", err)
        self.assertIn("GOPHERLAB_OUTPUT_LIMIT", err)
        self.assertIn(f"({dropped} bytes) of this cell's output dropped", err)
        streams = len(cell.of_type("stream"))
        print(f"\n    1 GiB printed: {took:.1f} s, {streams} stream messages, "
              f"control answered after {answered:.2f} s", end=" ")
        # The next cell works, and its output is its own, whole.
        cell = self.run_ok('fmt.Println("after the flood")')
        self.assertEqual(cell.stream(), "after the flood\n")
        self.assertEqual(cell.stream("stderr"), "")

    def test_a_cell_under_the_limit_is_whole(self):
        cell = self.run_ok('fmt.Print(strings.Repeat("y", 4<<20))')
        self.assertEqual(len(cell.stream()), DEFAULT_LIMIT)
        self.assertEqual(cell.stream("stderr"), "")
