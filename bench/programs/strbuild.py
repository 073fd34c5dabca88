# strbuild: builds a long string of comma-separated numbers from a list of
# parts joined at the end, which is calls into built-ins (str, list.append)
# from a loop.
import time


def build(n):
    parts = []
    for i in range(n):
        parts.append(str(i * 7))
        parts.append(",")
    return "".join(parts)


start = time.perf_counter_ns()
s = build(500000)
r = f"{len(s)}/{s.count('7')}"
print(f"bench strbuild checksum={r} ns={time.perf_counter_ns() - start}")
