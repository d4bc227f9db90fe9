"""The full dashboard under the live demo feed, saved as .build/artifacts/dashboard.png (and a
375 px wide phone view and a dark-theme view), with no console errors while it runs."""
import time

from selenium.webdriver.common.by import By

from pulse_harness import PulseServer, chromium, severe_logs, wait_for


def full_page_shot(driver, width, path):
    driver.set_window_size(width, 1000)
    time.sleep(0.5)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(height + 20, 6000))
    time.sleep(1.0)
    assert driver.save_screenshot(str(path))


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
        full_page_shot(driver, 1600, artifacts / "dashboard.png")
        full_page_shot(driver, 375, artifacts / "dashboard-375.png")
        driver.find_element(By.ID, "theme-toggle").click()
        full_page_shot(driver, 1600, artifacts / "dashboard-dark.png")
        assert (artifacts / "dashboard.png").stat().st_size > 20000
        assert severe_logs(driver) == []
    finally:
        driver.quit()
        hub.stop()
