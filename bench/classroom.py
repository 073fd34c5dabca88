#!/usr/bin/env python3
"""A class on one machine: JupyterHub on loopback and N students running the
lesson through it with the gopherlab kernel, as their browsers would.

The script starts everything itself on 127.0.0.1: a JupyterHub from the test
venv (tests/requirements.txt) with the dummy authenticator (one shared
password) and the simple local process spawner (every student's server is a
process of this user, with its own home folder), configurable-http-proxy from
npm (scripts/chp), and single-user servers that are JupyterLab from the same
venv with the gopherlab kernelspec of a binary built from this checkout.

First the teacher runs the lesson alone, which measures each cell's latency
and CPU time on a quiet machine; a cell that used 0.2 s of CPU or more there
is a CPU cell, the others are the quick or waiting cells whose latency under
load the class report gives. Then N students arrive at once. Each one:

  logs in through the hub's login form, starts a server through the hub's
  REST API, follows the OAuth redirects into JupyterLab, opens the lesson
  through the contents API, creates a session (a gopherlab kernel), connects
  to the kernel's websocket and runs every code cell in order with a small
  random delay between cells, checking that every execute_reply arrives with
  status ok and that every cell's streams and displays are complete: as many
  lines per stream and as many displays as the committed notebook's saved
  outputs have (the lesson is saved executed on this kind of machine).

It reports the time until all students were ready (logged in, server up,
lesson open, kernel answering), per-cell latency (p50, p99) of the non-CPU
cells under load against the teacher's alone, the peak memory of all gopherlab
processes (kernels, their workers, the lesson's process pools) and of the
whole hub with its servers, one kernel's memory after warm-up against one
ipykernel's measured the same way in the same run, the CPU that the idle
kernels use over a minute after the lesson, and every failure. Usage:

  .venv/bin/python bench/classroom.py                 # 30 students
  .venv/bin/python bench/classroom.py --students 3 --idle 10 --json out.json

The exit status is 1 when any student saw a failure. The module is also used
by tests/jupyter/test_hub.py, which brings its own kernelspec.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import uuid

import psutil
import requests
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernels import proc_kib  # noqa: E402  (bench/kernels.py's reader of /proc)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
LESSON = os.path.join(ROOT, "notebooks", "concurrency.ipynb")
PASSWORD = "lesson"
# A cell that used this much CPU (kernel, worker, process pools) when run
# alone is a CPU cell; its latency under load measures the cores, not us.
CPU_CELL_SECONDS = 0.2
# How long one cell may take under load, a server may take to start, and an
# HTTP request may take, before it counts as a failure.
CELL_TIMEOUT = 900
SPAWN_TIMEOUT = 900
HTTP_TIMEOUT = 300


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chp_command():
    """configurable-http-proxy: GOPHERLAB_CHP, or what scripts/chp installs."""
    chp = os.environ.get("GOPHERLAB_CHP")
    if chp:
        return chp
    return subprocess.run([os.path.join(ROOT, "scripts", "chp")], check=True,
                          capture_output=True, text=True).stdout.strip()


def build_kernel(dir):
    """Builds gopherlab from this checkout into dir and installs its
    kernelspec into dir/prefix; returns (binary, JUPYTER_PATH entry)."""
    exe = os.path.join(dir, "bin", "gopherlab")
    subprocess.run(["go", "build", "-o", exe, "."], cwd=ROOT, check=True)
    # The kernel process of its own, which install names in the kernelspec.
    subprocess.run(["go", "build", "-o", os.path.join(dir, "bin", "gopherlab-kernel"),
                    "./cmd/gopherlab-kernel"], cwd=ROOT, check=True)
    prefix = os.path.join(dir, "prefix")
    subprocess.run([exe, "install", "--prefix", prefix], check=True,
                   stdout=subprocess.DEVNULL)
    return exe, os.path.join(prefix, "share", "jupyter")


# ---------------------------------------------------------------- the hub

# The hub's spawner, in its config file. LocalProcessSpawner stops a server
# with SIGINT first, but jupyter_server only handles SIGINT when its stdin is
# a terminal (it is not, under a hub): Python's KeyboardInterrupt ends the
# server without shutting its kernels down, and each kernel is left to notice
# that its parent has gone. SIGTERM takes jupyter_server's own stop, which
# sends every kernel a shutdown_request and waits for it, as a pod's deletion
# does under Kubernetes. docs/CLASSROOM.md gives the same for a real server.
SPAWNER = '''import signal
from jupyterhub.spawner import SimpleLocalProcessSpawner


class ClassSpawner(SimpleLocalProcessSpawner):
    """Stops a server with SIGTERM where LocalProcessSpawner sends SIGINT."""

    async def _signal(self, sig):
        if sig == signal.SIGINT:
            sig = signal.SIGTERM
        return await super()._signal(sig)


c.JupyterHub.spawner_class = ClassSpawner
'''


class Hub:
    """A JupyterHub on 127.0.0.1 in a folder of its own, with the lesson in
    every user's home. cull_timeout > 0 adds jupyterhub-idle-culler as a hub
    service that stops servers idle that long; term_first=False keeps
    LocalProcessSpawner's SIGINT."""

    def __init__(self, dir, jupyter_path, lesson=LESSON, cull_timeout=0,
                 activity_interval=None, debug=False, term_first=True):
        self.dir = dir
        self.homes = os.path.join(dir, "home")
        self.lesson = lesson
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = uuid.uuid4().hex
        self.log_path = os.path.join(dir, "hub.log")
        self.proc = None
        bindir = os.path.dirname(sys.executable)
        env = {"JUPYTER_PATH": jupyter_path}
        if activity_interval:
            # How often a server tells the hub when it was last used.
            env["JUPYTERHUB_ACTIVITY_INTERVAL"] = str(activity_interval)
        services = [{"name": "bench", "api_token": self.token}]
        roles = [{"name": "bench", "services": ["bench"],
                  "scopes": ["admin:users", "admin:servers", "list:users"]}]
        if cull_timeout:
            services.append({
                "name": "idle-culler",
                "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                            f"--timeout={cull_timeout}", "--cull-every=5"],
            })
            roles.append({"name": "idle-culler", "services": ["idle-culler"],
                          "scopes": ["list:users", "read:users:activity",
                                     "read:servers", "delete:servers"]})
        config = {
            "JupyterHub": {
                "ip": "127.0.0.1", "port": self.port,
                "hub_ip": "127.0.0.1", "hub_port": free_port(),
                "authenticator_class": "dummy",
                "db_url": "sqlite:///" + os.path.join(dir, "hub.sqlite"),
                "cookie_secret_file": os.path.join(dir, "cookie_secret"),
                "pid_file": os.path.join(dir, "hub.pid"),
                "services": services,
                "load_roles": roles,
                # Students all arrive at once: let the spawns queue instead
                # of turning them away (the default allows 100 at a time).
                "concurrent_spawn_limit": 0,
                # How often the hub asks the proxy who was active.
                "last_activity_interval": activity_interval or 300,
                "cleanup_servers": True,
            },
            "ConfigurableHTTPProxy": {
                "command": [chp_command()],
                "api_url": f"http://127.0.0.1:{free_port()}",
            },
            "DummyAuthenticator": {"password": PASSWORD},
            "Authenticator": {"allow_all": True},
            "SimpleLocalProcessSpawner": {
                "home_dir_template": os.path.join(self.homes, "{username}"),
            },
            "Spawner": {
                "cmd": [os.path.join(bindir, "jupyterhub-singleuser")],
                # Root runs everything on these machines; the servers are
                # still each in their own home with their own token.
                "args": ["--allow-root"] + (["--debug"] if debug else []),
                "default_url": "/lab",
                "environment": env,
                # Two cores and thirty servers: starting takes a while.
                "start_timeout": SPAWN_TIMEOUT,
                "http_timeout": SPAWN_TIMEOUT,
            },
        }
        with open(os.path.join(dir, "jupyterhub_config.py"), "w") as f:
            f.write(SPAWNER if term_first else
                    "c.JupyterHub.spawner_class = 'simple'\n")
            f.write("import json\n")
            for section, traits in config.items():
                for k, v in traits.items():
                    f.write(f"c.{section}.{k} = json.loads({json.dumps(json.dumps(v))})\n")

    def start(self):
        self.log = open(self.log_path, "ab")
        env = dict(os.environ)
        # The hub's log in the same folder, and its single-user servers out
        # of the user's own Jupyter folders.
        env.pop("JUPYTER_RUNTIME_DIR", None)
        self.proc = subprocess.Popen(
            [os.path.join(os.path.dirname(sys.executable), "jupyterhub"),
             "-f", os.path.join(self.dir, "jupyterhub_config.py")],
            cwd=self.dir, stdout=self.log, stderr=subprocess.STDOUT, env=env,
            start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with {self.proc.returncode}:\n"
                                   + self.log_tail())
            try:
                if requests.get(self.url + "/hub/api/", timeout=5).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError("jupyterhub did not answer in 120 s:\n" + self.log_tail())

    def stop(self, timeout=120):
        """SIGTERM, as an admin's Ctrl-C or systemd would: the hub stops
        every server (cleanup_servers) and the proxy before it exits."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc and self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            raise RuntimeError(f"jupyterhub did not stop in {timeout} s")

    def log_tail(self, n=60):
        with open(self.log_path, errors="replace") as f:
            return "".join(f.readlines()[-n:])

    def api(self, method, path, **kw):
        r = requests.request(method, self.url + "/hub/api" + path, timeout=HTTP_TIMEOUT,
                             headers={"Authorization": f"token {self.token}"}, **kw)
        r.raise_for_status()
        return r.json() if r.content else None

    def processes(self, exe, user=None):
        """The processes of exe started for this hub's users (or for user):
        a kernel, its worker and its pools inherit the server's HOME, a
        folder of ours. Those orphaned by a server that died count too."""
        home = os.path.join(self.homes, user or "")
        mine = []
        for p in processes_of(exe):
            with contextlib.suppress(psutil.Error):
                if (p.environ().get("HOME", "") + os.sep).startswith(home):
                    mine.append(p)
        return mine

    def running_servers(self):
        return [u["name"] for u in self.api("GET", "/users")
                if u.get("servers", {}).get("")]

    def give_home(self, name):
        """The lesson in a student's home, as a teacher's image would have it."""
        home = os.path.join(self.homes, name)
        os.makedirs(home, exist_ok=True)
        shutil.copy(self.lesson, home)


# ---------------------------------------------------------- the processes

def processes_of(exe):
    """The running processes of gopherlab, the binary exe: kernels (exe, or
    gopherlab-kernel beside it), their workers and the lesson's process-pool
    workers."""
    exes = {exe, os.path.join(os.path.dirname(exe), "gopherlab-kernel")}
    found = []
    for p in psutil.process_iter(["exe"]):
        if p.info["exe"] in exes:
            found.append(p)
    return found


def tree(pid):
    try:
        p = psutil.Process(pid)
        return [p] + p.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def rss(procs):
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def pss(procs):
    """Proportional set size of procs together: a page that n processes map
    counts 1/n in each, so a page of gopherlab's executable, mapped by every
    kernel and worker, counts once in the sum, where rss counts it in each."""
    total = 0
    for p in procs:
        with contextlib.suppress(OSError, RuntimeError):  # a process gone since
            total += proc_kib(f"/proc/{p.pid}/smaps_rollup", "Pss")
    return total


def cpu_seconds(procs):
    """CPU time of procs, with that of their children already reaped."""
    total = 0.0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
    return total


def kernel_pid(kernel_id):
    """The process whose command line names the connection file of kernel_id."""
    for p in psutil.process_iter(["cmdline"]):
        if any(f"kernel-{kernel_id}.json" in a for a in (p.info["cmdline"] or [])):
            return p.pid
    raise RuntimeError(f"no process for kernel {kernel_id}")


class MemorySampler(threading.Thread):
    """Peak RSS and PSS, sampled every second, of the gopherlab processes and
    of the hub with everything under it (proxy, servers, kernels)."""

    def __init__(self, exe, hub_pid):
        super().__init__(daemon=True)
        self.exe, self.hub_pid = exe, hub_pid
        self.peak_kernels = self.peak_all = 0
        self.peak_kernels_pss = self.peak_all_pss = 0
        self.peak_kernel_procs = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(1.0):
            procs = processes_of(self.exe)
            everything = tree(self.hub_pid)
            self.peak_kernels = max(self.peak_kernels, rss(procs))
            self.peak_kernels_pss = max(self.peak_kernels_pss, pss(procs))
            self.peak_kernel_procs = max(self.peak_kernel_procs, len(procs))
            self.peak_all = max(self.peak_all, rss(everything))
            self.peak_all_pss = max(self.peak_all_pss, pss(everything))

    def stop(self):
        self.done.set()
        self.join()


# ------------------------------------------------------------- a student

def output_shape(outputs):
    """What a cell showed, counted: lines per stream, displays (results
    included), and the outputs that Output widgets hold in the end. outputs
    are iopub messages, or a saved notebook's outputs (which have no
    widgets: the lesson is saved headless, where widgets print text)."""
    lines, displays, widget_outputs, widgets = {}, 0, {}, 0
    for o in outputs:
        kind = o.get("msg_type") or o["output_type"]
        content = o.get("content", o)
        if kind == "stream":
            text = content["text"]
            text = "".join(text) if isinstance(text, list) else text
            lines[content["name"]] = lines.get(content["name"], 0) + text.count("\n")
        elif kind in ("display_data", "execute_result"):
            displays += 1
        elif kind == "comm_open":
            widgets += 1
        elif kind == "comm_msg":
            state = content["data"].get("state", {})
            if "outputs" in state:
                widget_outputs[content["comm_id"]] = len(state["outputs"])
    return {"lines": lines, "displays": displays, "widgets": widgets,
            "widget_outputs": sum(widget_outputs.values())}


def saved_shapes(nb):
    return [output_shape(c.get("outputs", [])) for c in nb["cells"]
            if c["cell_type"] == "code"]


def decode_ws(frame):
    """A kernel message from the websocket: JSON text, or with binary
    buffers jupyter_server's binary frame (a count, offsets, JSON first)."""
    if isinstance(frame, str):
        return json.loads(frame)
    n = struct.unpack("!I", frame[:4])[0]
    offsets = struct.unpack(f"!{n}I", frame[4:4 + 4 * n])
    end = offsets[1] if n > 1 else len(frame)
    return json.loads(frame[offsets[0]:end].decode())


class Student:
    """One student's browser: cookies, the lesson, one kernel."""

    def __init__(self, hub, name, delay=(0.5, 2.0), kernel="gopherlab"):
        self.hub, self.name, self.delay, self.kernel_name = hub, name, delay, kernel
        self.http = requests.Session()
        self.base = f"{hub.url}/user/{name}"
        self.failures = []
        self.latencies = []   # per code cell, seconds
        self.cpu = []         # per code cell, CPU seconds of the kernel tree
        self.shapes = []      # per code cell, output_shape of what came
        self.ready_at = None
        self.kernel_id = None
        self.session_id = uuid.uuid4().hex
        self.measure_cpu = False

    def fail(self, what):
        self.failures.append(f"{self.name}: {what}")

    def xsrf(self, path):
        """The _xsrf cookie for path: the hub's and each server's differ."""
        best = None
        for c in self.http.cookies:
            if c.name == "_xsrf" and path.startswith(c.path or "/"):
                if best is None or len(c.path) > len(best.path):
                    best = c
        return best.value if best else ""

    def request(self, method, url, **kw):
        path = urllib.parse.urlsplit(url).path
        headers = {"X-XSRFToken": self.xsrf(path), "Referer": url}
        r = self.http.request(method, url, headers=headers, timeout=HTTP_TIMEOUT, **kw)
        if r.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {r.status_code} {r.text[:300]}")
        return r

    def log_in(self):
        page = self.request("GET", self.hub.url + "/hub/login").text
        m = re.search(r'name="_xsrf" value="([^"]+)"', page)
        form = {"username": self.name, "password": PASSWORD}
        if m:
            form["_xsrf"] = m.group(1)
        r = self.request("POST", self.hub.url + "/hub/login", data=form,
                         allow_redirects=False)
        if r.status_code != 302 or "jupyterhub-hub-login" not in self.http.cookies:
            raise RuntimeError(f"login: {r.status_code}, no hub cookie")

    def start_server(self):
        self.request("POST", f"{self.hub.url}/hub/api/users/{self.name}/server")
        deadline = time.monotonic() + SPAWN_TIMEOUT
        while time.monotonic() < deadline:
            user = self.request("GET", f"{self.hub.url}/hub/api/users/{self.name}").json()
            server = user.get("servers", {}).get("")
            if server and server.get("ready"):
                return
            if not server or not server.get("pending"):
                if server is None and time.monotonic() > deadline - SPAWN_TIMEOUT + 5:
                    raise RuntimeError(f"server gone while starting: {user}")
            time.sleep(1)
        raise RuntimeError("server not ready in time")

    def open_lab(self):
        """JupyterLab's page, through the hub's OAuth redirects, then the
        lesson through the contents API."""
        r = self.request("GET", self.base + "/lab")
        if "jupyter-config-data" not in r.text:
            raise RuntimeError(f"not JupyterLab's page at {r.url}")
        name = os.path.basename(self.hub.lesson)
        nb = self.request("GET", f"{self.base}/api/contents/{name}?content=1").json()
        if nb["type"] != "notebook":
            raise RuntimeError(f"{name} is a {nb['type']}")
        return nb["content"]

    def start_kernel(self, path):
        body = {"path": path, "name": path, "type": "notebook",
                "kernel": {"name": self.kernel_name}}
        s = self.request("POST", self.base + "/api/sessions", json=body).json()
        self.kernel_id = s["kernel"]["id"]
        return self.kernel_id

    # ---- the websocket

    async def connect(self):
        ws_url = (self.base.replace("http://", "ws://")
                  + f"/api/kernels/{self.kernel_id}/channels?session_id={self.session_id}")
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        req = HTTPRequest(ws_url, headers={"Cookie": cookies, "Origin": self.hub.url},
                          connect_timeout=HTTP_TIMEOUT, request_timeout=HTTP_TIMEOUT)
        self.ws = await websocket_connect(req, max_message_size=1 << 30)

    def message(self, msg_type, content, channel="shell"):
        return {
            "header": {"msg_id": uuid.uuid4().hex, "username": self.name,
                       "session": self.session_id, "msg_type": msg_type,
                       "version": "5.3",
                       "date": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())},
            "parent_header": {}, "metadata": {}, "content": content,
            "channel": channel, "buffers": [],
        }

    async def request_reply(self, msg_type, content, timeout):
        """Sends one shell request; collects its reply and its iopub
        messages up to status idle. Returns (reply, iopub, seconds)."""
        msg = self.message(msg_type, content)
        mid = msg["header"]["msg_id"]
        start = time.monotonic()
        await self.ws.write_message(json.dumps(msg))
        reply, iopub, idle = None, [], False
        deadline = start + timeout
        while reply is None or not idle:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{msg_type}: reply={reply is not None} idle={idle} "
                                   f"after {timeout} s")
            frame = await asyncio.wait_for(self.ws.read_message(), left)
            if frame is None:
                raise RuntimeError(f"websocket closed during {msg_type}")
            m = decode_ws(frame)
            if m.get("parent_header", {}).get("msg_id") != mid:
                continue
            if m["channel"] == "shell":
                reply = m
            elif m["channel"] == "iopub":
                if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                    idle = True
                else:
                    iopub.append(m)
        return reply, iopub, time.monotonic() - start

    async def kernel_ready(self):
        """kernel_info answered: the kernel is there for the student."""
        deadline = time.monotonic() + SPAWN_TIMEOUT
        while True:
            try:
                reply, _, _ = await self.request_reply("kernel_info_request", {}, 30)
                if reply["content"].get("status") == "ok":
                    return reply
            except TimeoutError:
                if time.monotonic() > deadline:
                    raise

    async def run_cell(self, code, timeout=CELL_TIMEOUT):
        return await self.request_reply("execute_request", {
            "code": code, "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True,
        }, timeout)

    async def run_lesson(self, nb, shapes):
        cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
        procs = tree(kernel_pid(self.kernel_id)) if self.measure_cpu else []
        for i, cell in enumerate(cells):
            await asyncio.sleep(random.uniform(*self.delay))
            code = "".join(cell["source"])
            if self.measure_cpu:
                procs = tree(procs[0].pid) if procs else []
                before = cpu_seconds(procs)
            try:
                reply, iopub, took = await self.run_cell(code)
            except Exception as e:
                self.fail(f"cell {i}: {e}")
                self.latencies.append(None)
                self.cpu.append(None)
                self.shapes.append(None)
                continue
            if self.measure_cpu:
                self.cpu.append(cpu_seconds(tree(procs[0].pid)) - before)
            self.latencies.append(took)
            status = reply["content"].get("status")
            if status != "ok":
                self.fail(f"cell {i}: execute_reply status {status}: "
                          f"{reply['content'].get('ename')} {reply['content'].get('evalue')}")
            got = output_shape(iopub)
            self.shapes.append(got)
            for m in iopub:
                if m["msg_type"] == "error":
                    self.fail(f"cell {i}: error {m['content'].get('ename')}")
            want = shapes[i] if shapes else None
            if want is not None and (want["widgets"] or not got["widgets"]) and got != want:
                self.fail(f"cell {i}: outputs {got}, expected {want}")
                if os.environ.get("CLASSROOM_DEBUG"):
                    for m in iopub:
                        print(self.name, i, json.dumps(m["content"])[:400], flush=True)

    def arrive(self, shapes, run=True, leave=True):
        """Everything the student does, in this thread; never raises."""
        t0 = time.monotonic()
        try:
            self.log_in()
            self.start_server()
            nb = self.open_lab()
            self.start_kernel(os.path.basename(self.hub.lesson))
            asyncio.run(self._session(nb, shapes, t0, run, leave))
        except Exception as e:
            self.fail(f"{type(e).__name__}: {e}")
            if os.environ.get("CLASSROOM_DEBUG"):
                traceback.print_exc()
        return self

    async def _session(self, nb, shapes, t0, run, leave):
        await self.connect()
        await self.kernel_ready()
        self.ready_at = time.monotonic() - t0
        if run:
            await self.run_lesson(nb, shapes)
        if leave:
            # Closing the tab: the kernel stays, as it does in JupyterLab.
            self.ws.close()


def percentile(xs, q):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = max(0, min(len(xs) - 1, round(q / 100 * (len(xs) - 1))))
    return xs[k]


async def warm_rss(student, code="1"):
    """RSS of a kernel with everything under it after kernel_info and one
    trivial cell, as bench/kernels.py measures it."""
    await student.connect()
    await student.kernel_ready()
    await student.run_cell(code, timeout=120)
    await asyncio.sleep(1)
    r = rss(tree(kernel_pid(student.kernel_id)))
    student.ws.close()
    return r


def kernel_memory(hub, user):
    """One fresh gopherlab kernel's and one ipykernel's RSS after warm-up, in
    the server of user (already running), before the class arrives."""
    out = {}
    for kernel in ("gopherlab", "python3"):
        s = Student(hub, user, kernel=kernel)
        s.log_in()
        s.open_lab()
        s.session_id = uuid.uuid4().hex
        s.kernel_id = s.request("POST", s.base + "/api/kernels",
                                json={"name": kernel}).json()["id"]
        out[kernel] = asyncio.run(warm_rss(s))
        s.request("DELETE", f"{s.base}/api/kernels/{s.kernel_id}")
    return out


def class_run(hub, exe, n, delay, idle_seconds, log=print):
    """The teacher alone, then n students at once; returns the figures."""
    with open(hub.lesson) as f:
        saved = saved_shapes(json.load(f))
    res = {"students": n}

    hub.give_home("teacher")
    # The same pauses as the students': a cell's goroutines and garbage
    # settle between cells for the teacher too.
    teacher = Student(hub, "teacher", delay=delay)
    teacher.measure_cpu = True
    t = time.monotonic()
    # The teacher's outputs are held to the saved notebook's, but for the
    # cells with widgets, which a front end shows as widgets; the students'
    # are held to the teacher's.
    teacher.arrive(saved)
    shapes = teacher.shapes if len(teacher.shapes) == len(saved) else saved
    log(f"teacher alone: ready in {teacher.ready_at or 0:.1f} s, lesson in "
        f"{time.monotonic() - t:.1f} s, failures {len(teacher.failures)}")
    for f in teacher.failures:
        log("  " + f)
    res["teacher_failures"] = teacher.failures
    cpu_cells = [i for i, c in enumerate(teacher.cpu) if c is None or c >= CPU_CELL_SECONDS]
    quick = [i for i in range(len(saved)) if i not in cpu_cells]
    res["cpu_cells"], res["quick_cells"] = cpu_cells, quick
    solo = [teacher.latencies[i] for i in quick if teacher.latencies[i] is not None]
    res["solo_p50"], res["solo_p99"] = percentile(solo, 50), percentile(solo, 99)
    res["solo_lesson_cpu"] = sum(c for c in teacher.cpu if c)

    mem = kernel_memory(hub, "teacher")
    res["rss_gopherlab"], res["rss_ipykernel"] = mem["gopherlab"], mem["python3"]
    log(f"one kernel after warm-up: gopherlab {mem['gopherlab'] / 2**20:.1f} MiB, "
        f"ipykernel {mem['python3'] / 2**20:.1f} MiB "
        f"({mem['gopherlab'] / mem['python3']:.2f}×)")
    # The teacher's kernel stays, like the others, for the idle figures.

    names = [f"student{i:02d}" for i in range(1, n + 1)]
    for name in names:
        hub.give_home(name)
    sampler = MemorySampler(exe, hub.proc.pid)
    sampler.start()
    students = [Student(hub, name, delay=delay) for name in names]
    threads = [threading.Thread(target=s.arrive, args=(shapes,)) for s in students]
    t = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    res["class_seconds"] = time.monotonic() - t
    sampler.stop()

    ready = [s.ready_at for s in students if s.ready_at is not None]
    res["all_ready"] = max(ready) if ready and len(ready) == n else None
    res["ready_p50"] = percentile(ready, 50)
    under_load = [s.latencies[i] for s in students for i in quick
                  if i < len(s.latencies) and s.latencies[i] is not None]
    res["load_p50"], res["load_p99"] = percentile(under_load, 50), percentile(under_load, 99)
    cpu_lat = [s.latencies[i] for s in students for i in cpu_cells
               if i < len(s.latencies) and s.latencies[i] is not None]
    res["cpu_cell_p50"], res["cpu_cell_max"] = percentile(cpu_lat, 50), max(cpu_lat or [0])
    res["failures"] = [f for s in students for f in s.failures]
    res["peak_kernels_rss"] = sampler.peak_kernels
    res["peak_kernel_procs"] = sampler.peak_kernel_procs
    res["peak_hub_rss"] = sampler.peak_all
    res["peak_kernels_pss"] = sampler.peak_kernels_pss
    res["peak_hub_pss"] = sampler.peak_all_pss

    # Idle: every student has closed the tab; the kernels stay.
    time.sleep(5)
    procs = processes_of(exe)
    kernel_pids = {p.pid for p in procs}
    servers = [p for p in tree(hub.proc.pid) if p.pid not in kernel_pids]
    res["idle_kernel_procs"] = len(procs)
    res["idle_kernels_rss"] = rss(procs)
    res["idle_servers_rss"] = rss(servers)
    res["idle_kernels_pss"] = pss(procs)
    res["idle_servers_pss"] = pss(servers)
    k0, s0, w0 = cpu_seconds(procs), cpu_seconds(servers), time.monotonic()
    time.sleep(idle_seconds)
    k1, s1, w1 = cpu_seconds(procs), cpu_seconds(servers), time.monotonic()
    res["idle_seconds"] = w1 - w0
    res["idle_kernels_core_pct"] = 100 * (k1 - k0) / (w1 - w0)
    res["idle_servers_core_pct"] = 100 * (s1 - s0) / (w1 - w0)
    return res


def report(res, log=print):
    mib = lambda b: f"{b / 2**20:.0f} MiB"
    ms = lambda s: f"{s * 1000:.0f} ms"
    n = res["students"]
    log(f"students: {n}; whole class (arrival to last cell): {res['class_seconds']:.0f} s")
    ready = res["all_ready"]
    log(f"all {n} ready (logged in, server up, lesson open, kernel answering): "
        + (f"{ready:.1f} s" if ready is not None else "not all") +
        f"; median student {res['ready_p50']:.1f} s")
    log(f"non-CPU cells ({len(res['quick_cells'])} of "
        f"{len(res['quick_cells']) + len(res['cpu_cells'])}): p50 {ms(res['load_p50'])}, "
        f"p99 {ms(res['load_p99'])} under load; alone p50 {ms(res['solo_p50'])}, "
        f"p99 {ms(res['solo_p99'])}")
    log(f"CPU cells ({len(res['cpu_cells'])}, {res['solo_lesson_cpu']:.1f} CPU s per "
        f"student alone): median {res['cpu_cell_p50']:.1f} s, longest "
        f"{res['cpu_cell_max']:.1f} s under load")
    log(f"peak RSS: gopherlab processes {mib(res['peak_kernels_rss'])} "
        f"({res['peak_kernel_procs']} processes, {mib(res['peak_kernels_rss'] / (n + 1))} "
        f"per kernel), hub with everything under it {mib(res['peak_hub_rss'])}")
    log(f"peak PSS (shared pages counted once): gopherlab processes "
        f"{mib(res['peak_kernels_pss'])} ({mib(res['peak_kernels_pss'] / (n + 1))} per kernel), "
        f"hub with everything under it {mib(res['peak_hub_pss'])}")
    log(f"one kernel after warm-up: gopherlab {mib(res['rss_gopherlab'])}, ipykernel "
        f"{mib(res['rss_ipykernel'])}: {res['rss_gopherlab'] / res['rss_ipykernel']:.2f}×")
    log(f"idle after the lesson, {n + 1} kernels ({res['idle_kernel_procs']} processes, "
        f"{mib(res['idle_kernels_rss'])}): {res['idle_kernels_core_pct']:.2f} % of a core "
        f"over {res['idle_seconds']:.0f} s; their servers {res['idle_servers_core_pct']:.2f} %"
        f" ({mib(res['idle_servers_rss'])})")
    log(f"idle after the lesson, PSS: kernels {mib(res['idle_kernels_pss'])} "
        f"({mib(res['idle_kernels_pss'] / (n + 1))} a kernel), servers "
        f"{mib(res['idle_servers_pss'])}")
    log(f"failures: {len(res['failures']) + len(res['teacher_failures'])}")
    for f in res["teacher_failures"] + res["failures"]:
        log("  " + f)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--delay", type=float, nargs=2, default=(0.5, 2.0),
                    metavar=("MIN", "MAX"), help="seconds between a student's cells")
    ap.add_argument("--idle", type=float, default=60,
                    help="seconds over which the idle kernels' CPU is measured")
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--keep", action="store_true", help="keep the hub's folder")
    args = ap.parse_args()

    dir = tempfile.mkdtemp(prefix="classroom-")
    hub = None
    try:
        exe, jupyter_path = build_kernel(dir)
        hub = Hub(dir, jupyter_path).start()
        print(f"hub at {hub.url}, folder {dir}", flush=True)
        res = class_run(hub, exe, args.students, tuple(args.delay), args.idle,
                        log=lambda s: print(s, flush=True))
        report(res)
        if args.json:
            with open(args.json, "w") as f:
                json.dump(res, f, indent=1)
        t = time.monotonic()
        hub.stop()
        left = processes_of(exe)
        print(f"hub stopped in {time.monotonic() - t:.1f} s; gopherlab processes left: {len(left)}")
        return 1 if res["failures"] or res["teacher_failures"] or left else 0
    finally:
        if hub:
            with contextlib.suppress(Exception):
                hub.stop()
        if args.keep:
            print(f"kept {dir}")
        else:
            shutil.rmtree(dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
