# sieve: the sieve of Eratosthenes over a list of bools, which is list
# indexing in tight loops.
import time


def sieve(n):
    composite = [False] * (n + 1)
    count = 0
    for i in range(2, n + 1):
        if composite[i]:
            continue
        count += 1
        for j in range(i * i, n + 1, i):
            composite[j] = True
    return count


start = time.perf_counter_ns()
r = sieve(4000000)
print(f"bench sieve checksum={r} ns={time.perf_counter_ns() - start}")
