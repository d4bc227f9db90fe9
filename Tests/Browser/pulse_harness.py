"""Helpers for the browser tests and the soak check: start/stop a real `pulse serve` process
(PULSE_BINARY overrides .build/debug/pulse), post through the HTTP API, and open headless
Chromium through Selenium with the browser console log enabled."""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / ".build" / "artifacts"


def binary():
    return os.environ.get("PULSE_BINARY", str(REPO / ".build" / "debug" / "pulse"))


class PulseServer:
    """One `pulse serve` process serving WebClient/ on 127.0.0.1; restartable on the same port."""

    def __init__(self, extra_args=(), port=0, data_dir=None):
        self.extra_args = list(extra_args)
        self.port = port
        self.owns_data_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="pulse-browser-")
        self.process = None
        self.log_path = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=30):
        if not os.path.exists(binary()):
            raise RuntimeError(f"{binary()} is missing: run `swift build` first (or set PULSE_BINARY)")
        if self.log_path and os.path.exists(self.log_path):
            os.remove(self.log_path)
        descriptor, self.log_path = tempfile.mkstemp(prefix="pulse-serve-", suffix=".log")
        log = os.fdopen(descriptor, "w")
        args = [binary(), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                "--data-dir", self.data_dir, "--web-root", "WebClient", *self.extra_args]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=log, cwd=REPO)
        log.close()  # the child keeps its own copy
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"pulse serve exited {self.process.returncode}: {Path(self.log_path).read_text()}")
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", Path(self.log_path).read_text())
            if match:
                self.port = int(match.group(1))
                self.wait_ready(deadline)
                return self
            time.sleep(0.05)
        raise RuntimeError("pulse serve did not start listening")

    def wait_ready(self, deadline):
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.05)
        raise RuntimeError("pulse serve did not become ready")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def close(self):
        """Stops the process and removes the data directory (and log) this object created."""
        self.stop()
        if self.owns_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        if self.log_path and os.path.exists(self.log_path):
            os.remove(self.log_path)

    def request(self, method, path, body=None, content_type="application/json"):
        """Returns (status, parsed JSON or text)."""
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(req, timeout=10) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw.decode(errors="replace")

    def post(self, posts):
        status, answer = self.request("POST", "/api/posts", posts)
        assert status == 202, answer
        return answer


def chromium(width=1400, height=1000):
    """Headless Chromium (Debian's /usr/bin/chromium + chromedriver) with console logging."""
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download a browser
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 f"--window-size={width},{height}", "--enable-precise-memory-info", "--js-flags=--expose-gc"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_script_timeout(30)
    return driver


def severe_logs(driver, allow=()):
    """Console entries at SEVERE level, except those matching a regex in `allow`."""
    return [entry for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and not any(re.search(p, entry["message"]) for p in allow)]


def wait_for(predicate, timeout=15, interval=0.1, what="condition"):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")
