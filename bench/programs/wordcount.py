# wordcount: counts the words of a text in a dict, which is string hashing
# and dict updates. The text, 200,000 words drawn from a vocabulary of 5,000
# by a linear congruential generator, is made before the clock starts; it is
# then split and counted 20 times over, as if it were 20 documents.
import time


def make_text(n):
    vocab = ["w" + str(i) for i in range(5000)]
    words = []
    x = 1
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        words.append(vocab[(x >> 16) % 5000])
    return " ".join(words)


def wordcount(text, passes):
    counts = {}
    for _ in range(passes):
        for w in text.split():
            counts[w] = counts.get(w, 0) + 1
    # Independent of the order of the dict: distinct words and the sum of
    # the squares of their counts.
    squares = 0
    for c in counts.values():
        squares += c * c
    return f"{len(counts)}/{squares}"


text = make_text(200000)
start = time.perf_counter_ns()
r = wordcount(text, 20)
print(f"bench wordcount checksum={r} ns={time.perf_counter_ns() - start}")
