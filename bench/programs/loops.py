# loops: three nested counting loops with integer arithmetic in the
# innermost, which is loop control, arithmetic and local variables only.
import time


def loops(n):
    total = 0
    for i in range(n):
        for j in range(n):
            for k in range(n):
                total += (i * j + k) % 7
    return total


start = time.perf_counter_ns()
r = loops(200)
print(f"bench loops checksum={r} ns={time.perf_counter_ns() - start}")
