#!/usr/bin/python3
"""Speed of the interpreter: the programs of bench/programs run four ways.

Each program is run, in one session on one machine,

  gopherlab  as a Go cell executed by the gopherlab kernel (jupyter_client)
  %%compile  as the same cell under %%compile, built as a plugin and run
             natively by the same kernel (its build not counted: the
             program times its own work)
  ipykernel  as the same program in Python (NAME.py) executed by ipykernel
  compiled   as Go built by `go build` and run as a process

Every program times its own work (time.Now in Go, time.perf_counter_ns in
Python) and prints one line "bench NAME checksum=C ns=N", so that neither
kernel round trips nor process start-up are counted, and the checksums show
that the three compute the same answer. The programs run interleaved (every
program on every runner, then again) --repeat times, and the table gives the
median time of each with the ratios gopherlab/ipykernel and
gopherlab/compiled. Usage:

  go build -o /tmp/gl/gopherlab . && /tmp/gl/gopherlab install --prefix /tmp/gl/prefix
  JUPYTER_PATH=/tmp/gl/prefix/share/jupyter /usr/bin/python3 bench/interp.py
  /usr/bin/python3 bench/interp.py --repeat 3 --programs fib,sieve

A Go program NAME.go is a package main with a "//go:build ignore"
constraint (so that `go build ./...` passes it by); its cell is the file
without the constraint and the package clause, with the body of main at the
top level: what a person would type in a notebook. interp/bench_test.go
(BenchmarkPrograms) runs the same cells in-process.
"""

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.kernelspec import KernelSpecManager

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernels import Kernel  # noqa: E402  (the client of bench/kernels.py)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "bench", "programs")
REPORT = re.compile(r"^bench (\w+) checksum=(\S+) ns=(\d+)$", re.M)
TIMEOUT = 300  # seconds for one program on one runner


def program_cell(src):
    """The cell of a Go program (as interp/bench_test.go's programCell)."""
    _, sep, rest = src.partition("\npackage main\n")
    decls, sep2, body = rest.partition("\nfunc main() {\n")
    if not sep or not sep2 or not body.endswith("\n}\n"):
        raise ValueError("not a package main ending with func main")
    body = body[: -len("\n}\n")]
    lines = [line[1:] if line.startswith("\t") else line for line in body.split("\n")]
    return decls.strip() + "\n\n" + "\n".join(lines) + "\n"


def report(name, out):
    """(checksum, seconds) from a program's output."""
    m = REPORT.search(out)
    if not m or m.group(1) != name:
        raise RuntimeError(f"{name}: no 'bench {name} checksum=… ns=…' line in {out!r}")
    return m.group(2), int(m.group(3)) / 1e9


class CellRunner:
    """Runs cells in one kernel and returns what they print on stdout."""

    def __init__(self, kernel_name):
        self.kernel = Kernel(kernel_name)
        self.kernel.start()

    def run(self, code):
        out = []
        self.kernel.execute(code, on_stdout=out.append)
        return "".join(out)

    def stop(self):
        self.kernel.stop()


def build(names, outdir):
    """Compiles each bench/programs/NAME.go; returns {name: executable}."""
    exes = {}
    for name in names:
        exe = os.path.join(outdir, name)
        subprocess.run(["go", "build", "-o", exe, os.path.join(PROGRAMS, name + ".go")],
                       cwd=ROOT, check=True)
        exes[name] = exe
    return exes


def fmt_time(s):
    return f"{s * 1000:.0f} ms" if s >= 0.1 else f"{s * 1000:.1f} ms" if s >= 0.01 else f"{s * 1000:.2f} ms"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs of each program on each runner (default 5)")
    ap.add_argument("--programs", help="comma-separated names (default: all of bench/programs)")
    ap.add_argument("--go-kernel", default="gopherlab", help="kernelspec for the Go cells")
    ap.add_argument("--py-kernel", default="python3", help="kernelspec for the Python programs")
    args = ap.parse_args()

    names = sorted(f[:-3] for f in os.listdir(PROGRAMS)
                   if f.endswith(".go") and os.path.exists(os.path.join(PROGRAMS, f[:-3] + ".py")))
    if args.programs:
        wanted = args.programs.split(",")
        unknown = set(wanted) - set(names)
        if unknown:
            sys.exit(f"no such programs: {sorted(unknown)} (have {names})")
        names = wanted
    code = {}
    for n in names:
        with open(os.path.join(PROGRAMS, n + ".go")) as f:
            go = program_cell(f.read())
        with open(os.path.join(PROGRAMS, n + ".py")) as f:
            code[n] = {"gopherlab": go, "%%compile": "%%compile\n" + go, "ipykernel": f.read()}

    def log(s):
        print(s, file=sys.stderr, flush=True)

    # Debian's debugpy warns about frozen modules whenever ipykernel starts.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    specs = KernelSpecManager()
    argv = {r: specs.get_kernel_spec(k).argv[0]
            for r, k in (("gopherlab", args.go_kernel), ("ipykernel", args.py_kernel))}
    go_version = subprocess.run(["go", "env", "GOVERSION"], capture_output=True,
                                text=True, check=True).stdout.strip()
    runners = ("gopherlab", "%%compile", "ipykernel", "compiled")
    times = {n: {r: [] for r in runners} for n in names}
    checksums = {n: {r: set() for r in runners} for n in names}
    with tempfile.TemporaryDirectory(prefix="gopherlab-interp-") as tmp:
        exes = build(names, tmp)
        kernels = {}
        try:
            kernels["gopherlab"] = CellRunner(args.go_kernel)
            kernels["ipykernel"] = CellRunner(args.py_kernel)
            for rep in range(args.repeat):
                for n in names:
                    for r in runners:
                        if r == "compiled":
                            out = subprocess.run([exes[n]], capture_output=True, text=True,
                                                 check=True, timeout=TIMEOUT).stdout
                        else:
                            out = kernels["gopherlab" if r == "%%compile" else r].run(code[n][r])
                        checksum, secs = report(n, out)
                        times[n][r].append(secs)
                        checksums[n][r].add(checksum)
                    log(f"run {rep + 1}/{args.repeat} {n}: " + ", ".join(
                        f"{r} {fmt_time(times[n][r][-1])}" for r in runners))
        finally:
            for k in kernels.values():
                k.stop()

    print(f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {platform.machine()}, "
          f"{os.cpu_count()} CPUs, {go_version}, Python {platform.python_version()}; "
          f"median of {args.repeat} runs; kernels {argv['gopherlab']} and "
          f"{argv['ipykernel']}.\n")
    print("| program | gopherlab | %%compile | ipykernel | compiled Go | gopherlab/ipykernel "
          "| gopherlab/compiled | %%compile/compiled | checksums agree |")
    print("|---|---|---|---|---|---|---|---|---|")
    ok = True
    ratios_py, ratios_go, ratios_cc = [], [], []
    for n in names:
        med = {r: statistics.median(times[n][r]) for r in runners}
        seen = set().union(*checksums[n].values())
        agree = len(seen) == 1
        ok = ok and agree
        rp, rc = med["gopherlab"] / med["ipykernel"], med["gopherlab"] / med["compiled"]
        rcc = med["%%compile"] / med["compiled"]
        ratios_py.append(rp)
        ratios_go.append(rc)
        ratios_cc.append(rcc)
        mark = f"yes ({next(iter(seen))})" if agree else "**no**: " + "; ".join(
            f"{r} {sorted(checksums[n][r])}" for r in runners)
        print(f"| {n} | {fmt_time(med['gopherlab'])} | {fmt_time(med['%%compile'])} | {fmt_time(med['ipykernel'])} "
              f"| {fmt_time(med['compiled'])} | {rp:.2f}× | {rc:.0f}× | {rcc:.2f}× | {mark} |")
    print(f"| geometric mean | | | | | {statistics.geometric_mean(ratios_py):.2f}× "
          f"| {statistics.geometric_mean(ratios_go):.0f}× | {statistics.geometric_mean(ratios_cc):.2f}× | |")

    # How far apart the runs of each were: (max - min) / median.
    spread = sorted(((max(t) - min(t)) / statistics.median(t), n, r)
                    for n in names for r, t in times[n].items())
    worst = spread[-1]
    print(f"\nSpread of the {args.repeat} runs, (max − min)/median: "
          f"median {statistics.median(s for s, _, _ in spread):.0%}, "
          f"largest {worst[0]:.0%} ({worst[1]} on {worst[2]}).")
    if not ok:
        sys.exit("checksums differ")


if __name__ == "__main__":
    main()
