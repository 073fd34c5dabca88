"""Protocol behaviour that jupyter_kernel_test does not check, through
jupyter_client against a real kernel process.

Each TestCase class shares one kernel (starting one costs time); the classes
whose tests end or damage their kernel (shutdown, bad connection files) start
their own. Language-neutral tests also run against ipykernel
(GOPHERLAB_KERNEL=python3); the ones about gopherlab's command line skip there.
"""

import hashlib
import hmac
import json
import os
import queue
import socket
import subprocess
import tempfile
import time
import unittest
import uuid

import zmq
from jupyter_client.blocking import BlockingKernelClient

import harness
from harness import TIMEOUT, execute, get_msg, iopub_for, iopub_until_idle, reply_to

# Interrupts should land within ~100 ms; the assertion is generous so that a
# loaded CI machine (or the race detector) does not make the test flaky.
INTERRUPT_BOUND = 2.0


class InterruptTests(harness.KernelTestCase):
    """interrupt_kernel() (interrupt_mode "message" for gopherlab, a signal
    for ipykernel) stops whatever the cell is doing, promptly, and the kernel
    keeps its variables."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        execute(cls.kc, cls.code["set_x"])

    def interrupt(self, code):
        reply, latency, iopub = harness.interrupt_when_stuck(self.km, self.kc, code)
        print(f"\n    interrupt of {code!r}: reply after {latency * 1000:.1f} ms", end=" ")
        content = reply["content"]
        self.assertEqual(content["status"], "error", content)
        self.assertEqual(content.get("ename"), "KeyboardInterrupt", content)
        errors = [m for m in iopub if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1, f"want one iopub error, got {[m['msg_type'] for m in iopub]}")
        self.assertEqual(errors[0]["content"]["ename"], "KeyboardInterrupt")
        self.assertLess(latency, INTERRUPT_BOUND, f"interrupt took {latency:.3f}s")
        # The kernel goes on, state intact.
        self.assert_alive()
        self.assert_result(self.code["get_x"], "5")

    def test_interrupted_sleep_prints_nothing_later(self):
        msg_id = self.kc.execute(self.code["sleep_then_print"])
        time.sleep(0.3)
        self.km.interrupt_kernel()
        reply = reply_to(self.kc.shell_channel, msg_id)
        self.assertEqual(reply["content"].get("ename"), "KeyboardInterrupt", reply["content"])
        iopub_until_idle(self.kc, msg_id)
        # Past the moment the sleep would have ended: nothing more may come.
        for msg in iopub_for(self.kc, 1.5):
            self.assertNotEqual(msg["msg_type"], "stream",
                                f"an interrupted cell went on printing: {msg['content']}")

    def test_interrupt_while_waiting_for_input(self):
        msg_id = self.kc.execute(self.code["read_line"], allow_stdin=True)
        request = get_msg(self.kc.stdin_channel, TIMEOUT)
        self.assertEqual(request["msg_type"], "input_request")
        self.km.interrupt_kernel()
        reply = reply_to(self.kc.shell_channel, msg_id)
        iopub_until_idle(self.kc, msg_id)
        self.assertEqual(reply["content"]["status"], "error", reply["content"])
        self.assertEqual(reply["content"].get("ename"), "KeyboardInterrupt", reply["content"])
        self.assert_alive()

    def test_interrupted_loop_really_stops(self):
        """After the KeyboardInterrupt reply the cell must be gone, not left
        running behind the kernel's back (where it would race the next cell)."""
        self.run_ok(self.code["counter_init"])
        self.interrupt(self.code["counter_loop"])
        first = execute(self.kc, self.code["counter_get"]).result()
        time.sleep(0.3)
        second = execute(self.kc, self.code["counter_get"]).result()
        self.assertNotEqual(first, "0", "the loop never ran")
        self.assertEqual(first, second, "the interrupted loop is still running")

    def test_interrupt_busy_loop(self):
        self.interrupt(self.code["busy_loop"])

    def test_interrupt_sleep(self):
        self.interrupt(self.code["sleep"])

    def test_interrupt_blocked_channel_receive(self):
        self.interrupt(self.code["blocked_receive"])

    def test_interrupt_when_idle_is_harmless(self):
        self.km.interrupt_kernel()
        time.sleep(0.3)
        self.assert_alive()
        self.assert_result(self.code["get_x"], "5")


class StdinTests(harness.KernelTestCase):
    def test_input_round_trip(self):
        msg_id = self.kc.execute(self.code["read_line"], allow_stdin=True)
        request = get_msg(self.kc.stdin_channel, TIMEOUT)
        self.assertEqual(request["msg_type"], "input_request")
        self.assertEqual(request["parent_header"]["msg_id"], msg_id)
        self.assertIn("password", request["content"])
        self.kc.input("gopher")
        reply = reply_to(self.kc.shell_channel, msg_id)
        iopub = iopub_until_idle(self.kc, msg_id)
        cell = harness.Cell(reply, iopub)
        self.assertEqual(cell.status, "ok", cell.describe())
        self.assertIn("got gopher", cell.stream(), cell.describe())

    def test_input_without_allow_stdin_is_a_clear_error(self):
        t0 = time.monotonic()
        cell = execute(self.kc, self.code["read_line_strict"], allow_stdin=False, timeout=TIMEOUT)
        elapsed = time.monotonic() - t0
        # No input_request may be sent to a front end that cannot answer it.
        with self.assertRaises(queue.Empty):
            get_msg(self.kc.stdin_channel, 0.2)
        self.assertEqual(cell.status, "error", cell.describe())
        text = " ".join(
            [cell.content.get("ename", ""), cell.content.get("evalue", "")]
            + cell.content.get("traceback", [])
        ).lower()
        self.assertTrue(
            "stdin" in text or "input" in text,
            f"error should say that standard input is unavailable: {cell.content!r}",
        )
        self.assertLess(elapsed, 10, "a cell reading stdin without allow_stdin must not wait")
        self.assert_alive()


class StopOnErrorTests(harness.KernelTestCase):
    def queue_three(self, stop_on_error):
        """Sends a failing cell then two good ones without waiting."""
        ids = [
            self.kc.execute(self.code["error"], stop_on_error=stop_on_error),
            self.kc.execute(self.code["one_plus_one"]),
            self.kc.execute(self.code["trivial"]),
        ]
        replies = [reply_to(self.kc.shell_channel, i) for i in ids]
        for i in ids:
            iopub_until_idle(self.kc, i)
        return [r["content"]["status"] for r in replies]

    def test_stop_on_error_aborts_queued_requests(self):
        self.assertEqual(self.queue_three(True), ["error", "aborted", "aborted"])
        # Only what was queued is aborted: the next request runs.
        self.assert_alive()

    def test_stop_on_error_false_runs_queued_requests(self):
        self.assertEqual(self.queue_three(False), ["error", "ok", "ok"])


class BusyIdleTests(harness.KernelTestCase):
    """Every request, on shell or control, is framed on iopub by status busy
    and status idle whose parent is the request, with the reply in between."""

    def check_framed(self, channel, msg_type, content=None, reply_type=None):
        msg_id = self.send(channel, msg_type, content)
        reply = reply_to(channel, msg_id)
        self.assertEqual(reply["msg_type"], reply_type or msg_type.replace("_request", "_reply"))
        iopub = iopub_until_idle(self.kc, msg_id)
        statuses = [m for m in iopub if m["msg_type"] == "status"]
        self.assertGreaterEqual(len(statuses), 2, f"{msg_type}: {[m['msg_type'] for m in iopub]}")
        self.assertEqual(iopub[0]["msg_type"], "status", f"{msg_type}: first iopub message")
        self.assertEqual(iopub[0]["content"]["execution_state"], "busy", msg_type)
        self.assertEqual(iopub[-1]["content"]["execution_state"], "idle", msg_type)
        return reply

    def test_shell_requests_are_framed(self):
        shell = self.kc.shell_channel
        cases = [
            ("kernel_info_request", {}),
            ("execute_request", dict(code=self.code["one_plus_one"], silent=False,
                                     store_history=True, user_expressions={},
                                     allow_stdin=False, stop_on_error=True)),
            ("complete_request", dict(code="fm", cursor_pos=2)),
            ("inspect_request", dict(code=self.code["one_plus_one"], cursor_pos=1, detail_level=0)),
            ("is_complete_request", dict(code=self.code["one_plus_one"])),
            ("history_request", dict(output=False, raw=True, hist_access_type="tail", n=5)),
            ("comm_info_request", {}),
        ]
        for msg_type, content in cases:
            with self.subTest(msg_type=msg_type):
                self.check_framed(shell, msg_type, content)

    def test_control_kernel_info_is_framed(self):
        self.check_framed(self.kc.control_channel, "kernel_info_request")


class OutputTests(harness.KernelTestCase):
    def test_output_streams_while_the_cell_runs(self):
        msg_id = self.kc.execute(self.code["ticker"])
        iopub = iopub_until_idle(self.kc, msg_id)
        start = next(m["_t"] for m in iopub if m["msg_type"] == "execute_input")
        first = next(m["_t"] for m in iopub if m["msg_type"] == "stream")
        end = iopub[-1]["_t"]
        print(f"\n    first line after {(first - start) * 1000:.0f} ms; cell ran "
              f"{(end - start) * 1000:.0f} ms", end=" ")
        # The cell prints at 0, 0.5, 1.0 and 1.5 s: the first line must not
        # wait for the end of the cell.
        self.assertLess(first - start, 1.0)
        self.assertGreater(end - first, 1.0)
        text = "".join(m["content"]["text"] for m in iopub if m["msg_type"] == "stream")
        self.assertEqual(text, "".join(f"tick {i}\n" for i in range(4)))

    def test_hundred_thousand_lines_all_arrive_batched(self):
        t0 = time.monotonic()
        cell = execute(self.kc, self.code["many_lines"], timeout=120)
        elapsed = time.monotonic() - t0
        streams = [m for m in cell.of_type("stream") if m["content"]["name"] == "stdout"]
        text = cell.stream()
        print(f"\n    100000 lines in {len(streams)} stream messages, {elapsed:.2f}s", end=" ")
        self.assertEqual(cell.status, "ok")
        lines = text.split("\n")
        self.assertEqual(lines[-1], "", "output must end with a newline")
        self.assertEqual(len(lines) - 1, 100000)
        self.assertEqual(lines[:-1], [str(i) for i in range(100000)], "lines lost or reordered")
        # Batched, not one message per line.
        self.assertLessEqual(len(streams), 2000)

    def test_silent_publishes_nothing_and_keeps_the_count(self):
        before = self.run_ok(self.code["trivial"]).content["execution_count"]
        cell = execute(self.kc, self.code["one_plus_one"], silent=True)
        self.assertEqual(cell.status, "ok")
        kinds = [m["msg_type"] for m in cell.iopub]
        self.assertNotIn("execute_input", kinds)
        self.assertNotIn("execute_result", kinds)
        after = self.run_ok(self.code["trivial"]).content["execution_count"]
        self.assertEqual(after, before + 1, "silent execution must not bump execution_count")

    def test_store_history_false_keeps_the_count(self):
        before = self.run_ok(self.code["trivial"]).content["execution_count"]
        self.run_ok(self.code["trivial"], store_history=False)
        after = self.run_ok(self.code["trivial"]).content["execution_count"]
        self.assertEqual(after, before + 1, "store_history=False must not bump execution_count")

    def test_user_expressions(self):
        cell = self.run_ok(self.code["trivial"], user_expressions={
            "sum": self.code["one_plus_one"],
            "bad": self.code["undefined"],
        })
        exprs = cell.content["user_expressions"]
        self.assertEqual(exprs["sum"]["status"], "ok", exprs)
        self.assertEqual(exprs["sum"]["data"]["text/plain"], "2")
        self.assertEqual(exprs["bad"]["status"], "error", exprs)
        self.assertIn("ename", exprs["bad"])


class KernelInfoTests(harness.KernelTestCase):
    def test_messaging_5_5_kernel_info(self):
        msg_id = self.kc.kernel_info()
        content = reply_to(self.kc.shell_channel, msg_id)["content"]
        major, minor = (int(x) for x in content["protocol_version"].split(".")[:2])
        self.assertGreaterEqual((major, minor), (5, 4), content["protocol_version"])
        # supported_features lists optional features: gopherlab has the
        # debugger (test_debugger.py), which both fields say.
        self.assertIsInstance(content.get("supported_features"), list, content)
        if harness.is_gopherlab():
            self.assertEqual(content["protocol_version"], "5.5")
            self.assertIn("debugger", content["supported_features"])
            self.assertIs(content["debugger"], True)


class CompletionTests(harness.KernelTestCase):
    def test_matches_carry_their_kind(self):
        # JupyterLab labels each item of the completer with the type it finds
        # in metadata._jupyter_types_experimental, as ipykernel sends it.
        code = self.code["complete_member"]
        text, kind = self.code["completed_member"]
        msg_id = self.kc.complete(code, len(code))
        content = reply_to(self.kc.shell_channel, msg_id)["content"]
        self.assertEqual(content["status"], "ok", content)
        self.assertIn(text, content["matches"])
        types = content["metadata"].get("_jupyter_types_experimental")
        self.assertIsInstance(types, list, content["metadata"])
        item = next((t for t in types if t["text"] == text), None)
        self.assertIsNotNone(item, types)
        self.assertEqual(item["type"], kind, item)
        self.assertEqual((item["start"], item["end"]),
                         (content["cursor_start"], content["cursor_end"]), item)


class HelpTests(harness.KernelTestCase):
    def test_help_of_an_unknown_name_says_so(self):
        # IPython's words, on stdout, and the reply is ok with no page.
        cell = self.run_ok("noSuchThing42?")
        self.assertEqual(cell.content["payload"], [])
        self.assertEqual(cell.stream().strip(), "Object `noSuchThing42` not found.")

    def test_help_goes_to_the_pager(self):
        cell = self.run_ok(self.code["page_query"])
        [page] = cell.content["payload"]
        self.assertEqual(page["source"], "page")
        self.assertIn(self.code["page_text"], page["data"]["text/plain"])


@unittest.skipUnless(harness.is_gopherlab(), "compiled Go")
class CompiledGoTests(harness.KernelTestCase):
    """A cell imports a package of a Go module through the Go proxy, as a
    user's GOPROXY serves it (CI reaches it): it runs compiled, completion
    knows it, and an import that cannot be had is one CompileError line. A
    %%compile cell streams what it prints and leaves its names to later
    cells."""

    def test_a_module_package_runs_and_completes(self):
        cell = self.run_ok('import (\n\t"golang.org/x/text/cases"\n\t"golang.org/x/text/language"\n)\n\n'
                           'fmt.Println(cases.Title(language.Dutch).String("ijsselmeer gopher"))', timeout=180)
        self.assertEqual(cell.stream(), "IJsselmeer Gopher\n")
        msg_id = self.kc.complete("cases.Ti", 8)
        reply = reply_to(self.kc.shell_channel, msg_id)
        self.assertIn("Title", reply["content"]["matches"])
        self.assert_result('cases.Upper(language.English).String("a later cell")', '"A LATER CELL"')

    def test_a_compiled_cell_prints_and_leaves_its_names(self):
        cell = self.run_ok('%%compile\nimport "fmt"\n\ntype Celsius float64\n\n'
                           'func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }\n\n'
                           'fmt.Println([]Celsius{20, 37.5})\nt := Celsius(21)\nt', timeout=300)
        self.assertEqual(cell.stream(), "[20.0°C 37.5°C]\n")
        self.assertEqual(cell.result(), "21.0°C")
        # %T names the type main's, as a program's.
        typed = self.run_ok('fmt.Sprintf("%T %v", t, []Celsius{t})')
        self.assertEqual(typed.result(), '"main.Celsius [21.0°C]"')

    def test_an_unknown_module_is_one_error_line(self):
        cell = execute(self.kc, 'import "example.invalid/nothing"', timeout=180)
        self.assertEqual(cell.status, "error", cell.describe())
        self.assertEqual(cell.content["ename"], "CompileError")
        self.assertTrue(cell.content["evalue"].startswith('cell['), cell.content["evalue"])
        self.assertIn('import "example.invalid/nothing": go get: ', cell.content["evalue"])
        self.assertNotIn("\n", cell.content["evalue"])
        self.assert_alive()


class CommAndUnknownTests(harness.KernelTestCase):
    def test_comm_info_is_empty(self):
        msg_id = self.kc.comm_info()
        reply = reply_to(self.kc.shell_channel, msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["comms"], {})

    def test_comm_info_with_a_target_filter(self):
        # JupyterLab asks for one target's comms (jupyter.widget) on connect.
        msg_id = self.kc.comm_info(target_name="jupyter.widget")
        reply = reply_to(self.kc.shell_channel, msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["comms"], {})

    def test_comm_open_to_unknown_target_is_closed(self):
        comm_id = uuid.uuid4().hex
        msg_id = self.send(self.kc.shell_channel, "comm_open",
                           dict(comm_id=comm_id, target_name="gopherlab.no.such.target", data={}))
        iopub = iopub_until_idle(self.kc, msg_id)
        closes = [m for m in iopub if m["msg_type"] == "comm_close"]
        self.assertEqual(len(closes), 1, [m["msg_type"] for m in iopub])
        self.assertEqual(closes[0]["content"]["comm_id"], comm_id)
        self.assert_alive()

    def test_unknown_message_type_is_ignored(self):
        msg_id = self.send(self.kc.shell_channel, "gopherlab_no_such_request", {"x": 1})
        # No reply is owed; the kernel must still answer what follows.
        with self.assertRaises(AssertionError):
            reply_to(self.kc.shell_channel, msg_id, timeout=0.5)
        self.assert_alive()

    def test_reconnect_with_the_same_identity_gets_replies(self):
        # jupyter_server gives a page that reconnects (a network blip) a new
        # socket with the identity of its old one, sometimes before the old
        # socket is gone; ipykernel needed ZeroMQ's ROUTER_HANDOVER for the
        # replies to follow. The newest connection must get them.
        identity = uuid.uuid4().hex

        def client():
            c = BlockingKernelClient()
            c.load_connection_file(self.km.connection_file)
            c.session.session = identity
            c.start_channels(iopub=False, stdin=False, hb=False, control=False)
            return c

        old = client()
        try:
            reply_to(old.shell_channel, old.kernel_info())
            new = client()
            try:
                reply_to(new.shell_channel, new.kernel_info())  # the old one still open
                old.stop_channels()
                reply_to(new.shell_channel, new.kernel_info())
            finally:
                new.stop_channels()
            again = client()
            try:
                reply_to(again.shell_channel, again.kernel_info())  # after both closed
            finally:
                again.stop_channels()
        finally:
            old.stop_channels()
        self.assert_alive()

    def test_two_clients_both_get_replies_and_iopub(self):
        # A client of its own, from the connection file as a second front end
        # would make it: km.client() would share our Session, and with it
        # the ZeroMQ identity that the kernel routes replies by.
        kc2 = BlockingKernelClient()
        kc2.load_connection_file(self.km.connection_file)
        kc2.start_channels()
        try:
            kc2.wait_for_ready(timeout=TIMEOUT)
            harness.flush(self.kc)
            harness.flush(kc2)
            id1 = self.kc.execute(self.code["one_plus_one"])
            id2 = kc2.execute(self.code["trivial"])
            r1 = reply_to(self.kc.shell_channel, id1)
            r2 = reply_to(kc2.shell_channel, id2)
            self.assertEqual(r1["content"]["status"], "ok")
            self.assertEqual(r2["content"]["status"], "ok")
            # Each client sees the other's cell on iopub as well as its own.
            for client in (self.kc, kc2):
                iopub = harness.iopub_until_all_idle(client, [id1, id2])
                self.assertEqual(harness.Cell(r1, iopub[id1]).result(), "2")
                self.assertEqual(harness.Cell(r2, iopub[id2]).result(), "1")
        finally:
            kc2.stop_channels()


class ForgedSignatureTests(harness.KernelTestCase):
    """A message whose HMAC is wrong is dropped: not executed, no reply, the
    kernel alive. Raw frames go through our own DEALER socket."""

    def raw_frames(self, code, key):
        session = self.kc.session
        header = dict(msg_id=uuid.uuid4().hex, msg_type="execute_request", username="mallory",
                      session=session.session, date="2024-01-01T00:00:00.000000Z", version="5.3")
        content = dict(code=code, silent=False, store_history=True, user_expressions={},
                       allow_stdin=False, stop_on_error=True)
        parts = [json.dumps(p).encode() for p in (header, {}, {}, content)]
        sig = hmac.new(key, digestmod=hashlib.sha256)
        for p in parts:
            sig.update(p)
        return header["msg_id"], [b"<IDS|MSG>", sig.hexdigest().encode(), *parts]

    def test_forged_signature_is_ignored(self):
        info = self.km.get_connection_info()
        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.linger = 0
        sock.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
        try:
            sent = []
            for key in (b"not-the-key", b""):
                msg_id, frames = self.raw_frames(self.code["forged_marker"], key)
                sent.append(msg_id)
                sock.send_multipart(frames)
            # Frames that are not a message at all.
            sock.send_multipart([b"<IDS|MSG>", b"deadbeef"])
            sock.send_multipart([b"garbage"])
            # Nothing comes back on our socket, nothing on iopub.
            self.assertEqual(sock.poll(1000), 0, "kernel replied to a forged message")
            for msg in iopub_for(self.kc, 0.5):
                self.assertNotIn(msg["parent_header"].get("msg_id"), sent,
                                 f"kernel published {msg['msg_type']} for a forged message")
        finally:
            sock.close()
        self.assert_alive()
        # And the forged cell did not run.
        cell = execute(self.kc, self.code["forged_marker_get"])
        self.assertEqual(cell.status, "error", f"forged code was executed: {cell.describe()}")


class ShutdownTests(unittest.TestCase):
    """Each test starts and ends its own kernel."""

    def setUp(self):
        self.km, self.kc = harness.start_kernel()

    def tearDown(self):
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=True)
        self.km.cleanup_resources()

    def shutdown(self, restart):
        info = self.km.get_connection_info()
        proc = self.km.provisioner.process
        msg_id = self.kc.shutdown(restart=restart)
        reply = reply_to(self.kc.control_channel, msg_id)
        self.assertEqual(reply["msg_type"], "shutdown_reply")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertIs(reply["content"]["restart"], restart)
        self.kc.stop_channels()
        try:
            code = proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail("kernel process did not exit after shutdown_request")
        self.assertEqual(code, 0, "kernel exit status after shutdown")
        return info

    def test_shutdown_exits_and_frees_ports(self):
        info = self.shutdown(restart=False)
        for name in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"):
            with self.subTest(port=name):
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                # As ZeroMQ binds: TIME_WAIT leftovers do not count, a
                # listening socket does.
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    s.bind((info["ip"], info[name]))
                    s.listen(1)
                except OSError as e:
                    self.fail(f"{name} {info[name]} still taken after shutdown: {e}")
                finally:
                    s.close()

    def test_shutdown_with_restart_says_so(self):
        self.shutdown(restart=True)


@unittest.skipUnless(harness.is_gopherlab(), "gopherlab's command line only")
class BadConnectionFileTests(unittest.TestCase):
    """`gopherlab kernel -f FILE` with a bad FILE fails cleanly: non-zero
    exit, one line on stderr, no Go panic."""

    @classmethod
    def setUpClass(cls):
        cls.exe = harness.go_binary()
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def good_connection(self):
        ports = []
        for _ in range(5):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            ports.append(s.getsockname()[1])
            s.close()
        return dict(transport="tcp", ip="127.0.0.1", shell_port=ports[0], iopub_port=ports[1],
                    stdin_port=ports[2], control_port=ports[3], hb_port=ports[4],
                    key=uuid.uuid4().hex, signature_scheme="hmac-sha256", kernel_name="gopherlab")

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        # 0600, as Jupyter writes them: the key inside runs code.
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write(text)
        return path

    def assert_clean_failure(self, path):
        try:
            proc = subprocess.run([self.exe, "kernel", "-f", path], capture_output=True,
                                  text=True, timeout=20, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            self.fail(f"kernel kept running with connection file {path}")
        stderr = proc.stderr.strip()
        self.assertNotEqual(proc.returncode, 0, f"exit status 0; stderr {stderr!r}")
        self.assertNotIn("goroutine", stderr)
        self.assertNotIn("panic", stderr)
        self.assertTrue(stderr, "stderr must say what went wrong")
        self.assertEqual(len(stderr.splitlines()), 1, f"want one line on stderr, got {stderr!r}")
        print(f"\n    {stderr}", end=" ")
        return stderr

    def test_missing_file(self):
        self.assert_clean_failure(os.path.join(self.tmp.name, "missing.json"))

    def test_malformed_json(self):
        self.assert_clean_failure(self.write("malformed.json", '{"transport": "tcp", "ip": '))

    def test_unknown_transport(self):
        conn = self.good_connection()
        conn["transport"] = "carrier-pigeon"
        self.assert_clean_failure(self.write("transport.json", json.dumps(conn)))

    def test_unknown_signature_scheme(self):
        conn = self.good_connection()
        conn["signature_scheme"] = "hmac-md99"
        self.assert_clean_failure(self.write("scheme.json", json.dumps(conn)))

    def test_port_already_taken(self):
        conn = self.good_connection()
        taken = socket.socket()
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        try:
            conn["shell_port"] = taken.getsockname()[1]
            self.assert_clean_failure(self.write("taken.json", json.dumps(conn)))
        finally:
            taken.close()


if __name__ == "__main__":
    unittest.main()
