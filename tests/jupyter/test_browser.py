"""The lesson in a real browser: Debian's jupyter-notebook server on
loopback, headless Chromium driven by Selenium, Run All with the gopherlab
kernel. Every code cell must run once, in order, without an error output;
the SVG charts must render in the page; the leaked goroutine's report must
show as stderr. Screenshots are saved for people to look at, in
$GOPHERLAB_TEST_OUT or a temporary folder named in the log: the top of the
notebook, the whole page, and each chart scrolled into view.

Without Chromium, chromedriver, jupyter-notebook or Selenium the test is
skipped, except in CI (CI set), where that means a broken setup.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import nbformat

import harness

ROOT = os.path.abspath(os.path.join(harness.HERE, "..", ".."))
LESSON = os.path.join(ROOT, "notebooks", "concurrency.ipynb")
WIDTH, HEIGHT = 1400, 1000
CHROME_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", f"--window-size={WIDTH},{HEIGHT}",
]
# How long Run All may take; the lesson takes about 35 s in the browser.
RUN_ALL_TIMEOUT = 240

# Lines the lesson prints that must reach the page, one per section.
LINES = [
    "pool speed-up:", "GIL pool speed-up:", "racy total:", "channel total: 100000",
    "p5384.pdf [52,350,859]", "sequential:", "100,000 goroutines started",
    "slow download:", "group error:",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def svg_outputs(path):
    nb = nbformat.read(path, as_version=4)
    return sum("image/svg+xml" in o.get("data", {})
               for c in nb.cells if c.cell_type == "code" for o in c.outputs)


class BrowserTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not harness.is_gopherlab():
            raise unittest.SkipTest("the lesson is Go")
        missing = [p for p in ("chromium", "chromedriver", "jupyter-notebook") if not shutil.which(p)]
        try:
            import selenium  # noqa: F401
        except ImportError:
            missing.append("python3-selenium")
        if missing:
            msg = ("the browser test needs " + ", ".join(missing) +
                   ": apt-get install jupyter-notebook chromium chromium-driver python3-selenium")
            if os.environ.get("CI"):
                raise AssertionError(msg)
            raise unittest.SkipTest(msg)
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        cls.out = os.environ.get("GOPHERLAB_TEST_OUT") or tempfile.mkdtemp(prefix="gopherlab-browser-")
        os.makedirs(cls.out, exist_ok=True)
        print(f"\n    screenshots in {cls.out}", file=sys.stderr)

        # The server works on a copy, so that running the cells does not
        # touch the committed notebook, and keeps its config, runtime and
        # data (notebook signatures) out of the user's.
        cls.work = tempfile.mkdtemp()
        shutil.copy(LESSON, cls.work)
        env = harness.jupyter_env()
        for var, sub in (("JUPYTER_CONFIG_DIR", ".config"), ("JUPYTER_DATA_DIR", ".data"),
                         ("JUPYTER_RUNTIME_DIR", ".runtime")):
            env[var] = os.path.join(cls.work, sub)
        cls.port = free_port()
        cls.server_log = open(os.path.join(cls.out, "notebook-server.log"), "w")
        cls.server = subprocess.Popen(
            [sys.executable, "-m", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={cls.port}",
             "--port-retries=0", "--NotebookApp.token=", "--NotebookApp.password=",
             f"--notebook-dir={cls.work}", "--allow-root"],
            env=env, stdout=cls.server_log, stderr=subprocess.STDOUT)
        cls.base = f"http://127.0.0.1:{cls.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(cls.base + "/api", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or cls.server.poll() is not None:
                    cls.tearDownClass()
                    raise AssertionError(f"the notebook server did not start; see {cls.server_log.name}")
                time.sleep(0.3)

        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium")
        for flag in CHROME_FLAGS + [f"--user-data-dir={os.path.join(cls.work, '.chromium')}"]:
            options.add_argument(flag)
        try:
            cls.driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        driver = getattr(cls, "driver", None)
        if driver is not None:
            driver.quit()
            cls.driver = None
        server = getattr(cls, "server", None)
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            cls.server = None
            cls.server_log.close()
        work = getattr(cls, "work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)  # the copy, the browser's profile
            cls.work = None

    def js(self, script):
        return self.driver.execute_script(script)

    def shot(self, name):
        path = os.path.join(self.out, name)
        self.driver.save_screenshot(path)
        return path

    def wait(self, what, cond, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = cond()
            if value:
                return value
            time.sleep(0.5)
        self.shot("timeout.png")
        raise AssertionError(f"timed out after {timeout} s waiting for {what}")

    def scroll_to(self, selector, index):
        """Scrolls the notebook (its #site panel) so that the element is at the top."""
        self.js(f"document.querySelectorAll({selector!r})[{index}].scrollIntoView()")
        time.sleep(0.5)

    def full_page(self, name):
        """A screenshot of the whole notebook: the window made as tall as
        the notebook's scrolling panel, then put back."""
        height = self.js("return document.getElementById('header').offsetHeight"
                         " + document.getElementById('site').scrollHeight")
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": WIDTH, "height": height, "deviceScaleFactor": 1, "mobile": False})
        time.sleep(1)  # the notebook resizes #site on the resize event
        try:
            return self.shot(name), height
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            time.sleep(0.5)

    def test_run_all_renders_outputs_and_charts(self):
        self.driver.get(f"{self.base}/notebooks/{os.path.basename(LESSON)}")
        self.wait("the notebook to load with the gopherlab kernel", lambda: self.js(
            "return window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
            " && Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.name"), 90)
        self.assertEqual(self.js("return Jupyter.notebook.kernel.name"), "gopherlab")
        code_cells = self.js("return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').length")
        # Clear the saved outputs, so that everything checked below is new.
        self.js("Jupyter.notebook.clear_all_output(); Jupyter.notebook.execute_all_cells();")
        t0 = time.monotonic()
        self.wait("every code cell to run", lambda: self.js("""
            const cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
            return cells.every(c => typeof c.input_prompt_number === 'number')
                && Jupyter.notebook.kernel_busy === false;"""), RUN_ALL_TIMEOUT)
        print(f"\n    Run All of {code_cells} code cells took {time.monotonic() - t0:.1f} s",
              end=" ", file=sys.stderr)
        time.sleep(1)  # let the last outputs paint

        counts = self.js("return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code')"
                         ".map(c => c.input_prompt_number)")
        errors = self.js("return Array.from(document.querySelectorAll('.output_error'))"
                         ".map(e => e.innerText)")
        charts = self.js("""return Array.from(document.querySelectorAll('.output_area svg'))
            .map(s => { const r = s.getBoundingClientRect();
                        return {width: r.width, height: r.height,
                                marks: s.querySelectorAll('rect, path, line, circle, polyline').length}; })""")
        texts = self.js("return Array.from(document.querySelectorAll('.output_text'))"
                        ".map(e => e.innerText).join('\\n')")
        stderr = self.js("return Array.from(document.querySelectorAll('.output_stderr'))"
                         ".map(e => e.innerText).join('\\n')")
        # Outputs wider than their area get a horizontal scroll bar.
        overflow = self.js("""return Array.from(document.querySelectorAll('.output_subarea'))
            .filter(e => e.scrollWidth > e.clientWidth + 1)
            .map(e => e.scrollWidth + ' > ' + e.clientWidth)""")

        self.js("Jupyter.notebook.scroll_to_top(0)")
        time.sleep(0.5)
        self.shot("lesson-top.png")
        names = ["lesson-timeline.png", "lesson-speedup.png"]
        for i in range(len(charts)):
            self.scroll_to(".output_area svg", i)
            self.shot(names[i] if i < len(names) else f"lesson-chart-{i}.png")
        _, height = self.full_page("lesson-full.png")
        print(f"\n    charts {charts}; full page {WIDTH}x{height}", end=" ", file=sys.stderr)
        if overflow:
            print(f"\n    outputs wider than their area (px): {overflow}", end=" ", file=sys.stderr)

        self.assertEqual(errors, [], "cells failed in the browser")
        self.assertEqual(counts, list(range(1, code_cells + 1)), "Run All did not run each cell once, in order")
        self.assertGreaterEqual(len(charts), max(2, svg_outputs(LESSON)), "the SVG charts did not render")
        for chart in charts:
            self.assertGreater(chart["width"], 300, f"a chart is too small to read: {chart}")
            self.assertGreater(chart["height"], 150, f"a chart is too small to read: {chart}")
            self.assertGreater(chart["marks"], 5, f"a chart drew nothing: {chart}")
        for want in LINES:
            self.assertIn(want, texts)
        self.assertIn("still running", stderr, "the leaked goroutine's report is not shown as stderr")


if __name__ == "__main__":
    unittest.main()
