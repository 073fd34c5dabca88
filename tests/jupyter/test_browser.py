"""The lesson in a real browser: Debian's jupyter-notebook server on
loopback, headless Chromium driven by Selenium, Run All with the gopherlab
kernel. Every code cell must run without an error output, the SVG charts
must render in the page, and screenshots are saved for people to look at
(in $GOPHERLAB_TEST_OUT, or a temporary folder named in the log).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import harness

ROOT = os.path.abspath(os.path.join(harness.HERE, "..", ".."))
LESSON = os.path.join(ROOT, "notebooks", "concurrency.ipynb")
CHROME_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1400,1000",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
            msg = "browser test needs " + ", ".join(missing)
            if os.environ.get("CI"):
                raise AssertionError(msg)
            raise unittest.SkipTest(msg)
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        cls.out = os.environ.get("GOPHERLAB_TEST_OUT") or tempfile.mkdtemp(prefix="gopherlab-browser-")
        os.makedirs(cls.out, exist_ok=True)
        print(f"\n    screenshots in {cls.out}", file=sys.stderr)

        # The server works on a copy, so that running the cells does not
        # touch the committed notebook.
        cls.work = tempfile.mkdtemp()
        shutil.copy(LESSON, cls.work)
        cls.port = free_port()
        env = harness.jupyter_env()
        env["JUPYTER_CONFIG_DIR"] = os.path.join(cls.work, ".config")
        env.setdefault("JUPYTER_RUNTIME_DIR", os.path.join(cls.work, ".runtime"))
        cls.server = subprocess.Popen(
            [sys.executable, "-m", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={cls.port}",
             "--NotebookApp.token=", "--NotebookApp.password=", f"--notebook-dir={cls.work}",
             "--allow-root"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.base = f"http://127.0.0.1:{cls.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(cls.base + "/api", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or cls.server.poll() is not None:
                    cls.server.kill()
                    raise AssertionError("the notebook server did not start")
                time.sleep(0.3)

        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium")
        for flag in CHROME_FLAGS + [f"--user-data-dir={tempfile.mkdtemp()}"]:
            options.add_argument(flag)
        cls.driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)

    @classmethod
    def tearDownClass(cls):
        driver = getattr(cls, "driver", None)
        if driver is not None:
            driver.quit()
        server = getattr(cls, "server", None)
        if server is not None:
            server.terminate()
            server.wait(timeout=30)

    def js(self, script):
        return self.driver.execute_script(script)

    def wait(self, what, cond, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = cond()
            if value:
                return value
            time.sleep(0.5)
        self.driver.save_screenshot(os.path.join(self.out, "timeout.png"))
        raise AssertionError(f"timed out waiting for {what}")

    def test_run_all_renders_outputs_and_charts(self):
        d = self.driver
        d.get(f"{self.base}/notebooks/{os.path.basename(LESSON)}")
        self.wait("the notebook to load with the gopherlab kernel", lambda: self.js(
            "return window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
            " && Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.name"), 90)
        self.assertEqual(self.js("return Jupyter.notebook.kernel.name"), "gopherlab")
        # Clear the saved outputs, so that everything checked below is new.
        self.js("Jupyter.notebook.clear_all_output(); Jupyter.notebook.execute_all_cells();")
        t0 = time.monotonic()
        self.wait("every code cell to run", lambda: self.js("""
            const cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
            return cells.every(c => c.input_prompt_number && c.input_prompt_number !== '*')
                && Jupyter.notebook.kernel_busy === false;"""), 240)
        print(f"\n    Run All took {time.monotonic() - t0:.1f} s", end=" ", file=sys.stderr)
        time.sleep(1)  # let the last outputs paint

        errors = self.js("return document.querySelectorAll('.output_error').length")
        charts = self.js("return document.querySelectorAll('.output_area svg').length")
        texts = self.js("return Array.from(document.querySelectorAll('.output_text'))"
                        ".map(e => e.innerText).join('\\n')")
        d.save_screenshot(os.path.join(self.out, "lesson-top.png"))
        # A chart, scrolled into view, and the whole page.
        self.js("document.querySelectorAll('.output_area svg')[0].scrollIntoView()")
        time.sleep(0.5)
        d.save_screenshot(os.path.join(self.out, "lesson-timeline.png"))
        self.js("const s = document.querySelectorAll('.output_area svg'); s[s.length - 1].scrollIntoView()")
        time.sleep(0.5)
        d.save_screenshot(os.path.join(self.out, "lesson-speedup.png"))

        self.assertEqual(errors, 0, "cells failed in the browser")
        self.assertGreaterEqual(charts, 2, "the SVG charts did not render")
        for want in ("pool speed-up:", "racy total:", "p5384.pdf [52,350,859]", "group error:"):
            self.assertIn(want, texts)
        width = self.js("const r = document.querySelectorAll('.output_area svg')[0].getBoundingClientRect();"
                        " return r.width")
        self.assertGreater(width, 300, "the timeline chart is too small to read")


if __name__ == "__main__":
    unittest.main()
