#!/usr/bin/env python3
"""Soak: many cells in one gopherlab kernel, memory and round trip over time.

Runs --cells cells (10,000 by default) in one kernel, cycling through the
kinds of cell a lesson has: a value, a redeclared variable, printing,
strings, a function literal, goroutines with a WaitGroup, a map, a function
declaration. It reports the RSS of the kernel and of its worker after a
warm-up and at the end, their growth per cell, and the round trip of a
trivial cell ("1", send to execute_reply and status: idle; median of
--probe cells) at the start and at the end, with the target of the end
being within 1.5x of the start. Usage:

  JUPYTER_PATH=/tmp/hard/prefix/share/jupyter .venv/bin/python bench/soak.py
  .venv/bin/python bench/soak.py --cells 2000 --kernel gopherlab

The client is bench/kernels.py's: raw ZeroMQ sockets through
jupyter_client's Session, so the client's own overhead stays small.
"""

import argparse
import os
import platform
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernels import Kernel, process_tree, vm_rss  # noqa: E402

# One cycle of cells; {i} is the cell's number.
CYCLE = [
    "1",
    "n := {i}",
    'fmt.Println("cell", {i})',
    'words := strings.Fields("a b c {i}")\nlen(words)',
    "sq := func(x int) int {{ return x * x }}\nsq({i})",
    "var wg sync.WaitGroup\nfor g := 0; g < 4; g++ {{\n\twg.Add(1)\n\tgo func() {{ defer wg.Done() }}()\n}}\nwg.Wait()",
    'm := map[int]string{{{i}: "x"}}\nlen(m)',
    "func helper() int {{ return {i} }}\nhelper()",
]

WARMUP = 500


def rss(kernel):
    """(kernel, worker) VmRSS in bytes."""
    pids = process_tree(kernel.pid())
    main = vm_rss(pids[0])
    return main, sum(vm_rss(p) for p in pids[1:])


def probe(kernel, n):
    times = [kernel.execute("1")[0] for _ in range(n)]
    return statistics.median(times)


def mib(b):
    return f"{b / (1 << 20):.1f} MiB"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cells", type=int, default=10_000)
    ap.add_argument("--probe", type=int, default=200, help="trivial cells per round-trip figure")
    ap.add_argument("--kernel", default="gopherlab")
    args = ap.parse_args()

    k = Kernel(args.kernel)
    k.start()
    try:
        t0 = time.monotonic()
        for i in range(WARMUP):
            k.execute(CYCLE[i % len(CYCLE)].format(i=i))
        rt_start = probe(k, args.probe)
        kern0, work0 = rss(k)
        checkpoints = [(0, kern0, work0)]
        body = args.cells - WARMUP - 2 * args.probe
        for i in range(body):
            k.execute(CYCLE[i % len(CYCLE)].format(i=i))
            if (i + 1) % 1000 == 0:
                checkpoints.append((i + 1, *rss(k)))
                print(f"  {WARMUP + args.probe + i + 1} cells: kernel {mib(checkpoints[-1][1])}, "
                      f"worker {mib(checkpoints[-1][2])}", file=sys.stderr)
        kern1, work1 = rss(k)
        rt_end = probe(k, args.probe)
        took = time.monotonic() - t0
    finally:
        k.stop()

    total = WARMUP + body + 2 * args.probe
    ratio = rt_end / rt_start
    print(f"## Soak: {total} cells in one {args.kernel} kernel\n")
    print(f"{platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"{took:.0f} s ({took / total * 1000:.1f} ms a cell)\n")
    print("| | after warm-up ({} cells) | end | growth per cell |".format(WARMUP + args.probe))
    print("|---|---|---|---|")
    print(f"| kernel RSS | {mib(kern0)} | {mib(kern1)} | {(kern1 - kern0) / body:.0f} B |")
    print(f"| worker RSS | {mib(work0)} | {mib(work1)} | {(work1 - work0) / body:.0f} B |")
    print(f"| round trip of `1` (median of {args.probe}) | {rt_start * 1000:.2f} ms | {rt_end * 1000:.2f} ms "
          f"| end/start {ratio:.2f}x (target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'}) |")
    print("\nRSS every 1000 cells (kernel, worker): " + ", ".join(
        f"{mib(a)}/{mib(b)}" for _, a, b in checkpoints))


if __name__ == "__main__":
    main()
