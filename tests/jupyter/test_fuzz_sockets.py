"""A fuzzer at the sockets of a live gopherlab kernel.

For GOPHERLAB_FUZZ_SECONDS (10 in the test suite; 60 for the evidence in
docs/HARDENING.md) it sends shell, control, stdin and heartbeat, through
ZeroMQ and through raw TCP: random and truncated multipart messages,
oversized frames, frame headers that lie about their size, silent
connections, bad JSON under a valid signature, and execute requests with
wrong signatures or replayed. Every execute request that must not run
creates a file when it runs; afterwards none exists, each replayed one ran
once, the kernel answers a valid request, and its descriptors are back.
GOPHERLAB_FUZZ_SEED replays a run (the seed is printed).
"""

import hashlib
import hmac
import json
import os
import random
import socket
import struct
import tempfile
import time
import unittest
import uuid

import zmq

import harness
from harness import execute

SECONDS = float(os.environ.get("GOPHERLAB_FUZZ_SECONDS", "10"))
CHANNELS = ("shell", "control", "stdin", "hb")
MAX_MESSAGE = 128 << 20  # kernel.MaxMessageSize


def fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


@unittest.skipUnless(harness.is_gopherlab(), "the side effects are Go")
class SocketFuzzTests(unittest.TestCase):
    def setUp(self):
        seed = os.environ.get("GOPHERLAB_FUZZ_SEED")
        self.seed = int(seed) if seed else random.randrange(1 << 32)
        self.rng = random.Random(self.seed)
        self.tmp = tempfile.TemporaryDirectory()
        self.log = open(os.path.join(self.tmp.name, "kernel.log"), "w+")
        # The kernel logs every message it drops: to a file, not the test's output.
        self.km, self.kc = harness.start_kernel(stderr=self.log)
        self.info = self.km.get_connection_info()
        key = self.info["key"]
        self.key = key if isinstance(key, bytes) else key.encode()
        self.pid = harness.kernel_pid(self.km)
        self.marks = os.path.join(self.tmp.name, "marks")
        os.mkdir(self.marks)
        self.ctx = zmq.Context()
        self.socks = {}
        self.counter = 0

    def tearDown(self):
        for s in self.socks.values():
            s.close(linger=0)
        self.ctx.term()
        harness.stop_kernel(self.km, self.kc)
        self.log.close()
        self.tmp.cleanup()

    def url(self, channel):
        port = self.info["hb_port" if channel == "hb" else channel + "_port"]
        return f"tcp://{self.info['ip']}:{port}", port

    def sock(self, channel):
        if channel not in self.socks:
            s = self.ctx.socket(zmq.DEALER)
            s.linger = 0
            s.sndhwm = s.rcvhwm = 1000
            s.connect(self.url(channel)[0])
            self.socks[channel] = s
        return self.socks[channel]

    def drain(self):
        for s in self.socks.values():
            while s.poll(0):
                s.recv_multipart()

    def send(self, channel, frames):
        """Sends without waiting; reports whether the message was queued."""
        try:
            self.sock(channel).send_multipart(frames, flags=zmq.NOBLOCK)
            return True
        except zmq.Again:
            self.drain()
            return False

    def sync(self, channel):
        """Returns once the kernel has handled all this socket sent: a
        connection's messages are handled in order, the last one answered."""
        parts = self.parts("")
        header = json.loads(parts[0])
        header["msg_type"] = "kernel_info_request"
        parts[0] = json.dumps(header).encode()
        s = self.sock(channel)
        s.send_multipart([b"<IDS|MSG>", self.sign(parts), *parts])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if not s.poll(1000):
                continue
            frames = s.recv_multipart()
            i = frames.index(b"<IDS|MSG>")
            if json.loads(frames[i + 3]).get("msg_id") == header["msg_id"]:
                return
        self.fail(f"{channel}: no reply to a valid request after the storm")

    # --- what is sent ---

    def mark_code(self, tag):
        """Code that appends a byte to a file named for this message."""
        self.counter += 1
        path = os.path.join(self.marks, f"{tag}-{self.counter}")
        return path, (f'markFile, _ := os.OpenFile({json.dumps(path)}, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)\n'
                      'markFile.WriteString("x")\nmarkFile.Close()')

    def parts(self, code, msg_type="execute_request"):
        header = dict(msg_id=uuid.uuid4().hex, msg_type=msg_type, username="fuzz",
                      session=self.kc.session.session, version="5.3",
                      date=time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime()))
        content = dict(code=code, silent=False, store_history=False, user_expressions={},
                       allow_stdin=False, stop_on_error=False)
        return [json.dumps(p).encode() for p in (header, {}, {}, content)]

    def sign(self, parts, key=None):
        mac = hmac.new(self.key if key is None else key, digestmod=hashlib.sha256)
        for p in parts:
            mac.update(p)
        return mac.hexdigest().encode()

    def rand_bytes(self, n):
        return self.rng.randbytes(n)

    def random_frames(self, channel):
        frames = [self.rand_bytes(self.rng.randrange(0, 512)) for _ in range(self.rng.randrange(1, 9))]
        if self.rng.random() < 0.5:
            frames.insert(self.rng.randrange(len(frames) + 1), b"<IDS|MSG>")
        self.send(channel, frames)

    def truncated(self, channel):
        _, code = self.mark_code("truncated")
        parts = self.parts(code)
        frames = [b"<IDS|MSG>", self.sign(parts), *parts]
        if self.rng.random() < 0.5:
            frames = frames[:self.rng.randrange(1, 6)]  # whole frames missing
        else:
            i = self.rng.randrange(1, 6)  # a signed frame cut short
            frames[i] = frames[i][:self.rng.randrange(len(frames[i]))]
        self.send(channel, frames)

    def wrong_signature(self, channel):
        _, code = self.mark_code("unsigned")
        parts = self.parts(code)
        good = self.sign(parts)
        other = self.parts("1")
        sig = self.rng.choice([
            b"", self.sign(parts, b"not-the-key"), self.sign(parts, b""),
            self.rand_bytes(32).hex().encode(), good[:-2], good + b"00", b"zz" + good[2:],
            self.sign(other),  # another message's valid signature
        ])
        frames = [b"<IDS|MSG>", sig, *parts]
        if self.rng.random() < 0.3:  # right signature, content changed after
            frames = [b"<IDS|MSG>", good, *parts[:3], parts[3].replace(b"x", b"y")]
        self.send(channel, frames)

    def bad_json(self, channel):
        """Authenticated garbage: a key holder's broken client."""
        header = self.rng.choice([b"{", b"[]", b"null", b'{"msg_id":"a"}', b'{"msg_type":5}',
                                  b'{"msg_type":"execute_request","msg_id":7}', self.rand_bytes(40),
                                  json.dumps(dict(msg_type="execute_request", msg_id=uuid.uuid4().hex)).encode()])
        content = self.rng.choice([b"{", b"[1]", b'{"code": 5}', b'{"code": null, "silent": "x"}',
                                   b'{"user_expressions": 3}', b'{"restart": "no"}', self.rand_bytes(40), b"{}"])
        parts = [header, b"{}", self.rng.choice([b"{}", b"[", b"1"]), content]
        self.send(channel, [b"<IDS|MSG>", self.sign(parts), *parts])

    def oversized(self, channel):
        self.send(channel, [b"<IDS|MSG>", b"0" * 64, self.rand_bytes(1 << self.rng.randrange(16, 24))])

    def replay(self, channel):
        path, code = self.mark_code("replay")
        parts = self.parts(code)
        frames = [b"<IDS|MSG>", self.sign(parts), *parts]
        if self.send("shell", frames):  # runs once
            # A copy sent on another channel may overtake the original and
            # be the one taken: then neither runs. Never both.
            channel = channel if channel != "hb" else "shell"
            self.replayed.append((path, channel == "shell"))
            self.send(channel, frames)

    def raw_tcp(self, channel):
        port = self.url(channel)[1]
        kind = self.rng.choice(["garbage", "lie", "silent", "half"])
        s = socket.create_connection(("127.0.0.1", port))
        greeting = b"\xff" + b"\0" * 8 + b"\x7f\x03\x00" + b"NULL".ljust(20, b"\0") + b"\0" * 32
        ready = b"\x05READY\x0bSocket-Type" + struct.pack(">I", 6) + b"DEALER"
        try:
            if kind == "garbage":
                s.sendall(self.rand_bytes(self.rng.randrange(1, 2000)))
            elif kind == "lie":
                s.sendall(greeting + bytes([4, len(ready)]) + ready
                          + b"\x02" + struct.pack(">Q", self.rng.choice([MAX_MESSAGE + 1, 1 << 40, (1 << 63) - 1])))
            elif kind == "half":
                s.sendall(greeting[:self.rng.randrange(1, 64)])
            if kind == "silent":
                self.silent.append(s)  # held open for a while
                return
        except OSError:
            pass  # the kernel closed it first
        s.close()

    def valid(self, channel):
        """A request that must be answered, now and then, during the storm."""
        msg = self.kc.session.msg("kernel_info_request", {})
        self.kc.shell_channel.send(msg)
        self.asked.add(msg["header"]["msg_id"])

    def test_fuzz(self):
        print(f"\n    seed {self.seed}, {SECONDS:.0f} s", end=" ")
        fds_before = fds(self.pid)
        attacks = [(self.random_frames, 30), (self.truncated, 15), (self.wrong_signature, 20),
                   (self.bad_json, 15), (self.oversized, 2), (self.replay, 3), (self.raw_tcp, 3),
                   (self.valid, 2)]
        weights = [w for _, w in attacks]
        self.replayed, self.silent, self.asked = [], [], set()
        counts = {}
        t0 = time.monotonic()
        while time.monotonic() - t0 < SECONDS:
            attack = self.rng.choices([a for a, _ in attacks], weights)[0]
            channel = self.rng.choice(CHANNELS)
            attack(channel)
            counts[attack.__name__] = counts.get(attack.__name__, 0) + 1
            if len(self.silent) > 20:
                self.silent.pop(0).close()
            if sum(counts.values()) % 50 == 0:
                self.drain()
        # Past the storm: one beyond the message limit, through ZeroMQ.
        self.send("shell", [b"<IDS|MSG>", b"0" * 64, b"\0" * (MAX_MESSAGE + 1)])
        for s in self.silent:
            s.close()
        took = time.monotonic() - t0
        total = sum(counts.values())
        print(f"\n    {total} sends in {took:.0f} s: {counts}", end=" ")

        # The kernel answers a valid request, and still has its heartbeat.
        self.assertIsNone(self.km.provisioner.process.poll(), "the kernel died")
        answered = 0
        deadline = time.monotonic() + 30
        while self.asked and time.monotonic() < deadline:
            try:
                m = harness.get_msg(self.kc.shell_channel, 1)
            except Exception:
                continue
            if m["parent_header"].get("msg_id") in self.asked:
                self.asked.discard(m["parent_header"]["msg_id"])
                answered += 1
        self.assertEqual(len(self.asked), 0, "valid requests sent during the storm got no reply")
        cell = execute(self.kc, 'fmt.Println("still here")', timeout=60)
        self.assertEqual(cell.stream(), "still here\n", cell.describe())
        hb = self.ctx.socket(zmq.REQ)
        hb.linger = 0
        hb.connect(self.url("hb")[0])
        hb.send(b"ping")
        self.assertTrue(hb.poll(10_000), "no heartbeat after the storm")
        self.assertEqual(hb.recv(), b"ping")
        hb.close()

        # Nothing unsigned ran; each replayed request ran once.
        self.sync("shell")
        self.sync("control")
        marks = sorted(os.listdir(self.marks))
        unsigned = [m for m in marks if not m.startswith("replay-")]
        self.assertEqual(unsigned, [], "messages that were not validly signed were executed")
        for path, in_order in self.replayed:
            ran = ""
            if os.path.exists(path):
                with open(path) as f:
                    ran = f.read()
            self.assertIn(ran, ("x",) if in_order else ("x", ""), f"{path}: a replayed request ran {len(ran)} times")

        # The control: a valid message of the same kind does leave its mark.
        path, code = self.mark_code("control")
        parts = self.parts(code)
        self.send("shell", [b"<IDS|MSG>", self.sign(parts), *parts])
        deadline = time.monotonic() + 30
        while not os.path.exists(path) and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertTrue(os.path.exists(path), "the side effect would not have been seen")

        # Connections the kernel closed gave their descriptors back.
        for s in self.socks.values():
            s.close(linger=0)
        self.socks = {}
        deadline = time.monotonic() + 15
        while fds(self.pid) > fds_before + 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        self.log.flush()
        self.log.seek(0)
        dropped = sum(1 for line in self.log if "dropped" in line or "closed a connection" in line)
        print(f"\n    {answered} valid requests answered during the storm, {dropped} messages and connections "
              f"refused (kernel log), kernel RSS {rss_kib(self.pid) // 1024} MiB, "
              f"descriptors {fds_before} before, {fds(self.pid)} after", end=" ")
        self.assertLessEqual(fds(self.pid), fds_before + 2, "the kernel kept descriptors of closed connections")


if __name__ == "__main__":
    unittest.main()
