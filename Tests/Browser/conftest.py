"""pytest fixtures for the dashboard browser tests: a live `pulse serve` on a free port and a
headless Chromium page open on it (see pulse_harness.py)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pulse_harness import ARTIFACTS, PulseServer, chromium, wait_for  # noqa: E402


@pytest.fixture(scope="module")
def server():
    hub = PulseServer().start()
    yield hub
    hub.close()


@pytest.fixture(scope="module")
def driver():
    browser = chromium()
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def page(server, driver):
    """The dashboard open and live on the module's server."""
    driver.get(server.url + "/")
    wait_for(lambda: driver.find_element("id", "connection").get_attribute("data-state") == "live",
             what="connection indicator live")
    return driver


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
