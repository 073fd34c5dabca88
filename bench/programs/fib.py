# fib: naive recursive Fibonacci, which is almost nothing but function calls.
import time


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


start = time.perf_counter_ns()
r = fib(29)
print(f"bench fib checksum={r} ns={time.perf_counter_ns() - start}")
