"""Shared machinery for gopherlab's end-to-end tests through real Jupyter.

Every test runs against the kernel named by the environment variable
GOPHERLAB_KERNEL (default "gopherlab"). The tests that make sense for any
kernel also run against "python3" (ipykernel), which proves the harness itself
before blaming gopherlab; the code they send comes from SAMPLES, chosen by the
language of the kernelspec.

Only the standard library and Debian's Jupyter packages are used. Every wait
has a timeout so that a broken kernel fails a test instead of hanging it.
"""

import inspect
import os
import queue
import shutil
import subprocess
import sys
import time
import unittest

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager
from jupyter_client.utils import run_sync

KERNEL_NAME = os.environ.get("GOPHERLAB_KERNEL", "gopherlab")

# How long to wait for a kernel to start and for an ordinary reply. Generous,
# because CI machines are small and the race detector makes gopherlab slower.
START_TIMEOUT = 60
TIMEOUT = 30

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.join(HERE, "testdata")


def kernel_spec(name=KERNEL_NAME):
    """The kernelspec of the kernel under test, or a SkipTest saying why not."""
    try:
        return KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        raise unittest.SkipTest(
            f"no Jupyter kernelspec {name!r}: install it (gopherlab install "
            f"--prefix DIR and JUPYTER_PATH=DIR/share/jupyter) or set GOPHERLAB_KERNEL"
        )


def kernel_language(name=KERNEL_NAME):
    try:
        return KernelSpecManager().get_kernel_spec(name).language.lower()
    except NoSuchKernel:
        return ""


def is_gopherlab(name=KERNEL_NAME):
    return kernel_language(name) == "go"


# Code for each language, keyed the same way, so one test body serves both.
SAMPLES = {
    "go": dict(
        hello='fmt.Println("hello, world")',
        stderr='fmt.Fprintln(os.Stderr, "oops")',
        one_plus_one="1+1",
        set_x="x := 5",
        get_x="x",
        error='panic("boom")',
        undefined="undefinedName42",
        busy_loop="for {}",
        sleep="time.Sleep(time.Hour)",
        blocked_receive="blockedCh := make(chan int)\n<-blockedCh",
        read_line='var s string\nfmt.Scanln(&s)\nfmt.Println("got", s)',
        read_line_strict=(
            "var s2 string\n"
            "if _, err := fmt.Scanln(&s2); err != nil {\n\tpanic(err)\n}\n"
            'fmt.Println("got", s2)'
        ),
        ticker=(
            "for i := 0; i < 4; i++ {\n"
            '\tfmt.Println("tick", i)\n'
            "\ttime.Sleep(500 * time.Millisecond)\n"
            "}"
        ),
        many_lines="for i := 0; i < 100000; i++ {\n\tfmt.Println(i)\n}",
        forged_marker="forgedMarker := 42",
        forged_marker_get="forgedMarker",
        trivial="1",
        assign_trivial="y := 1",
        counter_init="spins := 0",
        counter_loop="for {\n\tspins++\n}",
        counter_get="spins",
        sleep_then_print='time.Sleep(time.Second)\nfmt.Println("slept")',
        complete_member="strings.ToUp",
        page_query="strings.Split??",
        page_text="func Split(s, sep string) []string",
        completed_member=("ToUpper", "function"),
    ),
    "python": dict(
        hello='print("hello, world")',
        stderr='import sys; print("oops", file=sys.stderr)',
        one_plus_one="1+1",
        set_x="x = 5",
        get_x="x",
        error='raise RuntimeError("boom")',
        undefined="undefined_name_42",
        busy_loop="while True:\n    pass",
        sleep="import time\ntime.sleep(3600)",
        blocked_receive="import queue\nqueue.Queue().get()",
        read_line='s = input()\nprint("got", s)',
        read_line_strict='s2 = input()\nprint("got", s2)',
        ticker=(
            "import time\n"
            "for i in range(4):\n"
            '    print("tick", i, flush=True)\n'
            "    time.sleep(0.5)"
        ),
        many_lines="for i in range(100000):\n    print(i)",
        forged_marker="forged_marker = 42",
        forged_marker_get="forged_marker",
        trivial="1",
        assign_trivial="y = 1",
        counter_init="spins = 0",
        counter_loop="while True:\n    spins += 1",
        counter_get="spins",
        sleep_then_print='import time\ntime.sleep(1)\nprint("slept")',
        complete_member="import os\nos.getc",
        page_query="len??",
        page_text="Return the number of items in a container.",
        completed_member=("getcwd", "function"),
    ),
}


def samples(name=KERNEL_NAME):
    lang = kernel_language(name)
    if lang not in SAMPLES:
        raise unittest.SkipTest(f"no code samples for kernel language {lang!r}")
    return SAMPLES[lang]


def start_kernel(name=KERNEL_NAME, **kw):
    """Starts a kernel and a blocking client whose channels are ready."""
    kernel_spec(name)
    km = KernelManager(kernel_name=name)
    km.start_kernel(**kw)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=START_TIMEOUT)
    except RuntimeError:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise
    return km, kc


def stop_kernel(km, kc):
    try:
        kc.stop_channels()
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=False)


def kernel_pid(km):
    """The process id of the kernel a KernelManager started."""
    prov = getattr(km, "provisioner", None)
    proc = getattr(prov, "process", None) or getattr(km, "kernel", None)
    return proc.pid


async def _await(awaitable):
    return await awaitable


def get_msg(channel, timeout):
    """channel.get_msg, which jupyter_client 7 made a coroutine even in the
    blocking client; raises queue.Empty after timeout seconds."""
    msg = channel.get_msg(timeout=timeout)
    if inspect.isawaitable(msg):
        msg = run_sync(_await)(msg)
    return msg


def drain(channel, quiet=0.2):
    """Discards what is waiting on a channel, until it stays quiet."""
    while True:
        try:
            get_msg(channel, quiet)
        except queue.Empty:
            return


def flush(kc):
    for ch in (kc.shell_channel, kc.iopub_channel, kc.stdin_channel):
        drain(ch, quiet=0.05)


def iopub_for(kc, seconds):
    """Every iopub message that arrives within the next seconds: for checking
    that something does not happen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            yield get_msg(kc.iopub_channel, 0.1)
        except queue.Empty:
            continue


def reply_to(channel, msg_id, timeout=TIMEOUT):
    """The message on channel whose parent is msg_id; others are dropped."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no reply to {msg_id} within {timeout}s")
        try:
            msg = get_msg(channel, left)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def iopub_until_idle(kc, msg_id, timeout=TIMEOUT):
    """Every iopub message whose parent is msg_id, up to and including its
    status: idle, in arrival order; each is stamped with the local arrival time
    under the key "_t"."""
    return iopub_until_all_idle(kc, [msg_id], timeout)[msg_id]


def iopub_until_all_idle(kc, msg_ids, timeout=TIMEOUT):
    """Like iopub_until_idle for several requests at once (messages of one
    are not dropped while waiting for another): {msg_id: [messages]}."""
    out = {i: [] for i in msg_ids}
    waiting = set(msg_ids)
    deadline = time.monotonic() + timeout
    while waiting:
        left = deadline - time.monotonic()
        if left <= 0:
            seen = {i: [m["msg_type"] for m in out[i]] for i in waiting}
            raise AssertionError(f"no status idle within {timeout}s; saw {seen}")
        try:
            msg = get_msg(kc.iopub_channel, left)
        except queue.Empty:
            continue
        parent = msg["parent_header"].get("msg_id")
        if parent not in out:
            continue
        msg["_t"] = time.monotonic()
        out[parent].append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            waiting.discard(parent)
    return out


class Cell:
    """What one execute_request produced: the reply and its iopub messages."""

    def __init__(self, reply, iopub):
        self.reply = reply
        self.iopub = iopub
        self.content = reply["content"]
        self.status = self.content["status"]

    def of_type(self, msg_type):
        return [m for m in self.iopub if m["msg_type"] == msg_type]

    def stream(self, name="stdout"):
        return "".join(
            m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == name
        )

    def result(self, mime="text/plain"):
        results = self.of_type("execute_result")
        return results[-1]["content"]["data"].get(mime) if results else None

    def error(self):
        errs = self.of_type("error")
        return errs[-1]["content"] if errs else None

    def describe(self):
        """A summary for assertion messages."""
        kinds = [m["msg_type"] for m in self.iopub]
        return f"reply={self.content!r} iopub={kinds} stdout={self.stream()[:300]!r} stderr={self.stream('stderr')[:300]!r}"


def execute(kc, code, timeout=TIMEOUT, **kw):
    """Runs code, waits for both its reply and its idle, returns a Cell."""
    msg_id = kc.execute(code, **kw)
    reply = reply_to(kc.shell_channel, msg_id, timeout)
    iopub = iopub_until_idle(kc, msg_id, timeout)
    return Cell(reply, iopub)


def go_binary(name=KERNEL_NAME):
    """The gopherlab executable the kernelspec starts: the one that runs
    the cells, which the kernel process gopherlab-kernel gets as -worker,
    or the kernel process itself."""
    argv = kernel_spec(name).argv
    exe = argv[argv.index("-worker") + 1] if "-worker" in argv else argv[0]
    if not os.path.isabs(exe):
        exe = shutil.which(exe) or exe
    return exe


def jupyter_env():
    """The environment for jupyter subprocesses: ours, with a quiet debugger."""
    env = dict(os.environ)
    # Debian's Python warns about frozen modules whenever debugpy loads.
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def run_jupyter(args, timeout=120, **kw):
    """Runs `python3 -m jupyter ARGS`, with the interpreter that runs us."""
    return subprocess.run(
        [sys.executable, "-m", "jupyter", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=jupyter_env(),
        **kw,
    )


def interrupt_when_stuck(km, kc, code, **kw):
    """Runs code, waits until the kernel has taken it (execute_input is
    published when it starts) and a moment more for it to get stuck, then
    interrupts it. Returns the reply, the seconds from the interrupt to the
    reply, and the cell's iopub messages."""
    msg_id = kc.execute(code, **kw)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        msg = get_msg(kc.iopub_channel, TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            break
    time.sleep(0.3)
    t0 = time.monotonic()
    km.interrupt_kernel()
    reply = reply_to(kc.shell_channel, msg_id, timeout=TIMEOUT)
    latency = time.monotonic() - t0
    return reply, latency, iopub_until_idle(kc, msg_id)


class KernelTestCase(unittest.TestCase):
    """One kernel for the whole class, flushed before each test."""

    km = kc = None

    @classmethod
    def setUpClass(cls):
        cls.code = samples()
        cls.km, cls.kc = start_kernel()

    @classmethod
    def tearDownClass(cls):
        if cls.km is not None:
            stop_kernel(cls.km, cls.kc)

    def setUp(self):
        flush(self.kc)

    def run_ok(self, code, **kw):
        cell = execute(self.kc, code, **kw)
        self.assertEqual(cell.status, "ok", f"code {code!r}: {cell.describe()}")
        return cell

    def assert_result(self, code, want):
        cell = self.run_ok(code)
        self.assertEqual(cell.result(), want, f"code {code!r}: {cell.describe()}")

    def assert_alive(self):
        """The kernel still answers, and keeps its state."""
        self.assert_result(self.code["one_plus_one"], "2")

    def send(self, channel, msg_type, content=None):
        """Sends a request of any type; returns its msg_id."""
        msg = self.kc.session.msg(msg_type, content or {})
        channel.send(msg)
        return msg["header"]["msg_id"]
