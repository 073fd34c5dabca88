#!/usr/bin/env python3
"""Side-by-side benchmark of Jupyter kernels through jupyter_client.

Measures, for each kernel (default: gopherlab and ipykernel's python3), in
one run on one machine:

  start-up     launch of the kernel process to its first kernel_info_reply
               (median of several starts)
  round trip   execute_request of a trivial cell ("1") to both its
               execute_reply and its iopub status: idle (median and p99)
  output rate  lines per second delivered on iopub for a cell printing
               100,000 lines (send to idle; every line counted)
  RSS          VmRSS of the kernel process and its children after warm-up
  PSS          the same processes' proportional set size: pages they share
               (gopherlab's kernel and worker are one executable, whose
               pages the page cache holds once) counted once between them
  private      their anonymous memory (RssAnon): what each more kernel adds
               where many share one executable, as in a class

and prints a markdown table with the ratio of the first kernel to the second
and the targets gopherlab aims for. Usage:

  JUPYTER_PATH=/tmp/gl/prefix/share/jupyter .venv/bin/python bench/kernels.py
  .venv/bin/python bench/kernels.py --kernels gopherlab,python3 --quick

With --class N it measures instead what a class costs: N kernels of each kind
running at once, each warmed up as above, and the memory of all of them
together (RSS, PSS and private memory summed over every process, and their
page tables), divided by N. The sum of PSS is the memory the class occupies:
a page the N kernels share, such as a page of gopherlab's executable, counts
once in it, where the sum of RSS counts it N times.

  .venv/bin/python bench/kernels.py --class 30

The client side talks ZeroMQ through jupyter_client's Session on plain
synchronous sockets, so the client's own overhead (jupyter_client 7 runs an
asyncio loop per get_msg) stays out of the figures for both kernels alike.
"""

import argparse
import os
import platform
import statistics
import sys
import time

import zmq
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

# A trivial cell and a cell printing 100,000 lines, per kernel language.
CODE = {
    "go": dict(
        trivial="1",
        lines="for i := 0; i < {n}; i++ {{\n\tfmt.Println(i)\n}}",
    ),
    "python": dict(
        trivial="1",
        lines="for i in range({n}):\n    print(i)",
    ),
}

# Targets for gopherlab relative to ipykernel: (metric, comparison, factor).
TARGETS = {
    "startup": ("<=", 0.1),
    "rt_median": ("<=", 0.3),
    "rt_p99": None,
    "rate": (">=", 1.0),
    "rss": ("<=", 0.5),
    "pss": None,
    "anon": None,
}

TIMEOUT = 120


def vm_rss(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def proc_kib(path, key):
    with open(path) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {key} in {path}")


def status_kib(pid, key):
    return proc_kib(f"/proc/{pid}/status", key)


def process_tree(pid):
    """pid and its descendants, from /proc/PID/task/*/children."""
    pids = [pid]
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            for child in f.read().split():
                pids += process_tree(int(child))
    return pids


class Kernel:
    """A kernel started by KernelManager, spoken to over raw sockets."""

    def __init__(self, name):
        self.name = name
        self.km = KernelManager(kernel_name=name)
        self.ctx = zmq.Context.instance()
        self.shell = self.iopub = None

    def start(self):
        """Starts the kernel; returns seconds until its first kernel_info_reply."""
        t0 = time.perf_counter()
        self.km.start_kernel()
        info = self.km.get_connection_info()
        url = f"{info['transport']}://{info['ip']}:"
        self.session = self.km.session
        self.shell = self.ctx.socket(zmq.DEALER)
        # Retry the connection promptly: the default 100 ms reconnect
        # interval would otherwise quantise the start-up figure.
        self.shell.setsockopt(zmq.RECONNECT_IVL, 2)
        self.shell.linger = 0
        self.shell.connect(url + str(info["shell_port"]))
        msg = self.session.send(self.shell, "kernel_info_request", {})
        self.recv_reply(msg["header"]["msg_id"])
        elapsed = time.perf_counter() - t0
        self.iopub = self.ctx.socket(zmq.SUB)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.iopub.linger = 0
        self.iopub.connect(url + str(info["iopub_port"]))
        self.wait_iopub_ready()
        return elapsed

    def recv(self, sock, timeout=TIMEOUT):
        if not sock.poll(timeout * 1000):
            raise TimeoutError(f"{self.name}: nothing received within {timeout}s")
        _, parts = self.session.feed_identities(sock.recv_multipart())
        return self.session.deserialize(parts)

    def recv_reply(self, msg_id):
        while True:
            msg = self.recv(self.shell)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def wait_iopub_ready(self):
        """A SUB socket misses what is published before it has joined: send
        kernel_info until its status messages show up on iopub."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            msg = self.session.send(self.shell, "kernel_info_request", {})
            self.recv_reply(msg["header"]["msg_id"])
            if self.iopub.poll(200):
                self.drain_iopub()
                return
        raise TimeoutError(f"{self.name}: iopub never came up")

    def drain_iopub(self):
        while self.iopub.poll(50):
            self.iopub.recv_multipart()

    def execute(self, code, on_stdout=None):
        """Runs code; returns (seconds from send to reply and idle, lines on
        stdout). on_stdout, if given, receives each piece of stdout text."""
        t0 = time.perf_counter()
        msg = self.session.send(self.shell, "execute_request", dict(
            code=code, silent=False, store_history=True, user_expressions={},
            allow_stdin=False, stop_on_error=True))
        msg_id = msg["header"]["msg_id"]
        lines = 0
        replied = idle = False
        while not (replied and idle):
            poller = zmq.Poller()
            if not replied:
                poller.register(self.shell, zmq.POLLIN)
            if not idle:
                poller.register(self.iopub, zmq.POLLIN)
            events = dict(poller.poll(TIMEOUT * 1000))
            if not events:
                raise TimeoutError(f"{self.name}: cell {code!r} did not finish")
            if self.shell in events:
                reply = self.recv(self.shell)
                if reply["parent_header"].get("msg_id") == msg_id:
                    replied = True
                    if reply["content"]["status"] != "ok":
                        raise RuntimeError(f"{self.name}: {code!r} failed: {reply['content']}")
            if self.iopub in events:
                out = self.recv(self.iopub)
                if out["parent_header"].get("msg_id") != msg_id:
                    continue
                kind = out["msg_type"]
                if kind == "stream" and out["content"]["name"] == "stdout":
                    lines += out["content"]["text"].count("\n")
                    if on_stdout is not None:
                        on_stdout(out["content"]["text"])
                elif kind == "status" and out["content"]["execution_state"] == "idle":
                    idle = True
        return time.perf_counter() - t0, lines

    def pid(self):
        prov = getattr(self.km, "provisioner", None)
        proc = getattr(prov, "process", None) or self.km.kernel
        return proc.pid

    def rss_bytes(self):
        """VmRSS of the kernel and of every process under it: gopherlab's
        cells run in a worker process that counts as the kernel's memory."""
        return sum(vm_rss(pid) for pid in process_tree(self.pid()))

    def pss_bytes(self):
        return sum(proc_kib(f"/proc/{pid}/smaps_rollup", "Pss") for pid in process_tree(self.pid()))

    def anon_bytes(self):
        return sum(status_kib(pid, "RssAnon") for pid in process_tree(self.pid()))

    def page_table_bytes(self):
        return sum(status_kib(pid, "VmPTE") for pid in process_tree(self.pid()))

    def stop(self):
        for sock in (self.shell, self.iopub):
            if sock is not None:
                sock.close()
        if self.km.has_kernel:
            self.km.shutdown_kernel(now=True)
        self.km.cleanup_resources()


def language(name):
    return KernelSpecManager().get_kernel_spec(name).language.lower()


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def warm_up(k, code):
    """What both measures do to a kernel before reading it."""
    for _ in range(20):
        k.execute(code["trivial"])


def measure(name, starts, roundtrips, nlines, log):
    code = CODE[language(name)]
    res = {}

    times = []
    for _ in range(starts):
        k = Kernel(name)
        try:
            times.append(k.start())
        finally:
            k.stop()
    res["startup"] = statistics.median(times)
    log(f"{name}: start-up {[round(t * 1000, 1) for t in times]} ms")

    k = Kernel(name)
    try:
        k.start()
        warm_up(k, code)
        rts = [k.execute(code["trivial"])[0] for _ in range(roundtrips)]
        res["rt_median"] = statistics.median(rts)
        res["rt_p99"] = percentile(rts, 99)
        res["rss"] = k.rss_bytes()
        res["pss"], res["anon"] = k.pss_bytes(), k.anon_bytes()
        log(f"{name}: round trip median {res['rt_median'] * 1000:.2f} ms, "
            f"p99 {res['rt_p99'] * 1000:.2f} ms; RSS {res['rss'] / 2**20:.1f} MiB, "
            f"PSS {res['pss'] / 2**20:.1f} MiB, anonymous {res['anon'] / 2**20:.1f} MiB")

        rates = []
        for _ in range(2):
            k.drain_iopub()
            elapsed, lines = k.execute(code["lines"].format(n=nlines))
            if lines != nlines:
                raise RuntimeError(f"{name}: {lines} of {nlines} lines arrived")
            rates.append(nlines / elapsed)
        res["rate"] = max(rates)
        res["rss_after_output"] = k.rss_bytes()
        log(f"{name}: output {[round(r) for r in rates]} lines/s; "
            f"RSS after output {res['rss_after_output'] / 2**20:.1f} MiB")
    finally:
        k.stop()
    return res


ROWS = [
    ("startup", "start-up to first kernel_info_reply (median)", lambda v: f"{v * 1000:.1f} ms"),
    ("rt_median", "execute round trip, trivial cell (median)", lambda v: f"{v * 1000:.2f} ms"),
    ("rt_p99", "execute round trip, trivial cell (p99)", lambda v: f"{v * 1000:.2f} ms"),
    ("rate", "output rate, 100,000-line cell", lambda v: f"{v:,.0f} lines/s"),
    ("rss", "kernel RSS after warm-up", lambda v: f"{v / 2**20:.1f} MiB"),
    ("pss", "kernel PSS after warm-up (shared pages counted once)", lambda v: f"{v / 2**20:.1f} MiB"),
    ("anon", "kernel private memory (RssAnon) after warm-up", lambda v: f"{v / 2**20:.1f} MiB"),
]


def table(names, results):
    head = ["metric", *names]
    if len(names) == 2:
        head += [f"{names[0]}/{names[1]}", "target", "met"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, label, fmt in ROWS:
        row = [label, *(fmt(results[n][key]) for n in names)]
        if len(names) == 2:
            ratio = results[names[0]][key] / results[names[1]][key]
            target = TARGETS.get(key)
            if target:
                op, factor = target
                met = ratio <= factor if op == "<=" else ratio >= factor
                row += [f"{ratio:.2f}×", f"{op} {factor}×", "yes" if met else "**no**"]
            else:
                row += [f"{ratio:.2f}×", "", ""]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


CLASS_ROWS = [
    ("rss", "RSS a kernel (sum over the class / N)"),
    ("pss", "PSS a kernel: the class's memory / N"),
    ("anon", "private memory (RssAnon) a kernel"),
    ("pte", "page tables a kernel (VmPTE)"),
]


def measure_class(name, n, log):
    """Starts n kernels of one kind, warms each up, and returns the memory of
    all of them together, per kernel. The kernels run at once, as a class's
    do, so the pages they share are shared when PSS is read."""
    code = CODE[language(name)]
    kernels = []
    try:
        t0 = time.perf_counter()
        for _ in range(n):
            k = Kernel(name)
            kernels.append(k)
            k.start()
            warm_up(k, code)
        log(f"{name}: {n} kernels started and warmed up in {time.perf_counter() - t0:.1f} s")
        time.sleep(2)  # let start-up garbage be collected where a runtime does it late
        res = {
            "rss": sum(k.rss_bytes() for k in kernels) / n,
            "pss": sum(k.pss_bytes() for k in kernels) / n,
            "anon": sum(k.anon_bytes() for k in kernels) / n,
            "pte": sum(k.page_table_bytes() for k in kernels) / n,
        }
        log(f"{name}: a kernel of {n}: " + ", ".join(
            f"{key} {v / 2**20:.1f} MiB" for key, v in res.items()))
        return res
    finally:
        for k in kernels:
            k.stop()


def class_table(names, n, results):
    head = ["memory of a class of %d, after warm-up" % n, *names]
    if len(names) == 2:
        head.append(f"{names[0]}/{names[1]}")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, label in CLASS_ROWS:
        row = [label, *(f"{results[m][key] / 2**20:.1f} MiB" for m in names)]
        if len(names) == 2:
            row.append(f"{results[names[0]][key] / results[names[1]][key]:.2f}×")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kernels", default="gopherlab,python3",
                    help="comma-separated kernelspec names; the ratio is first/second "
                         "(default: gopherlab,python3)")
    ap.add_argument("--quick", action="store_true",
                    help="fewer repetitions (3 starts, 50 round trips), for a smoke run")
    ap.add_argument("--starts", type=int, help="kernel starts to time (default 5)")
    ap.add_argument("--roundtrips", type=int, help="round trips to time (default 200)")
    ap.add_argument("--lines", type=int, default=100000, help="lines the output cell prints")
    ap.add_argument("--class", type=int, dest="klass", metavar="N",
                    help="measure instead the memory of N kernels of each kind running at once")
    args = ap.parse_args()
    names = [n.strip() for n in args.kernels.split(",") if n.strip()]
    starts = args.starts or (3 if args.quick else 5)
    roundtrips = args.roundtrips or (50 if args.quick else 200)

    def log(s):
        print(s, file=sys.stderr, flush=True)

    if args.klass:
        results = {n: measure_class(n, args.klass, log) for n in names}
        print(f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, "
              f"{os.cpu_count()} CPUs, Python {platform.python_version()}; "
              f"{args.klass} kernels of each kind at once.\n")
        print(class_table(names, args.klass, results))
        return

    results = {n: measure(n, starts, roundtrips, args.lines, log) for n in names}
    print(f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"{starts} starts, {roundtrips} round trips, {args.lines:,} lines.\n")
    print(table(names, results))


if __name__ == "__main__":
    main()
