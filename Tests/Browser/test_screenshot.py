"""The full dashboard under the live demo feed, saved as .build/artifacts/dashboard.png, plus a
375 px phone view and a dark-theme view. Topics this hub build does not compute yet are filled
with the documented sample shapes (protocol_samples.py) so that every panel is in the picture;
no console errors while it runs."""
import base64
import time

from selenium.webdriver.common.by import By

from protocol_samples import inject_script, sample_topics
from pulse_harness import PulseServer, chromium, severe_logs, wait_for


def full_page_shot(driver, width, path):
    """The whole page at `width` CSS pixels: the viewport is made as tall as the content (CDP)."""
    metrics = {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    time.sleep(0.5)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": min(height, 8000)})
    time.sleep(1.0)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    path.write_bytes(base64.b64decode(shot["data"]))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_dashboard_screenshot_under_the_demo_feed(artifacts):
    hub = PulseServer(["--demo", "--demo-rate", "20"]).start()
    driver = chromium(1600, 1000)
    try:
        driver.get(hub.url + "/")
        wait_for(lambda: driver.find_element(By.ID, "connection").get_attribute("data-state") == "live",
                 what="live")
        wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#feed li")) >= 20, what="feed fills")
        wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#trending li")) >= 5, what="trending fills")
        time.sleep(3)  # a few seconds of timeline and sparklines
        state = hub.request("GET", "/api/state")[1]["topics"]
        driver.execute_script(inject_script(), {k: v for k, v in sample_topics().items() if k not in state})
        full_page_shot(driver, 1600, artifacts / "dashboard.png")
        full_page_shot(driver, 375, artifacts / "dashboard-375.png")
        driver.find_element(By.ID, "theme-toggle").click()
        full_page_shot(driver, 1600, artifacts / "dashboard-dark.png")
        assert (artifacts / "dashboard.png").stat().st_size > 20000
        assert severe_logs(driver) == []
    finally:
        driver.quit()
        hub.close()
