"""A hub with tokens: the dashboard opened as /?token=T subscribes with it and goes live; opened
without a token its subscription is refused (close 4001) and it never shows live data."""
import json
import tempfile
import time
import urllib.request

from selenium.webdriver.common.by import By

from pulse_harness import PulseServer, chromium, wait_for

TOKENS = {"auth": {"subscribeTokens": ["sub-browser"], "ingestTokens": ["ing-browser"]}}


def post(server, posts, token):
    request = urllib.request.Request(server.url + "/api/posts", data=json.dumps(posts).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 202


def test_dashboard_uses_the_token_in_its_address():
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as config:
        json.dump(TOKENS, config)
    server = PulseServer(extra_args=["--config", config.name]).start()
    driver = chromium()
    try:
        driver.get(server.url + "/")
        time.sleep(3)
        assert driver.find_element(By.ID, "connection").get_attribute("data-state") != "live"
        assert driver.execute_script("return window.pulse.store.epoch") in (None, 0)

        driver.get(server.url + "/?token=sub-browser")
        wait_for(lambda: driver.find_element(By.ID, "connection").get_attribute("data-state") == "live",
                 what="connection live with the token")
        post(server, [{"id": "tok-1", "text": "Seen through a token #secure"}], "ing-browser")
        wait_for(lambda: "Seen through a token" in driver.find_element(By.ID, "feed").text, what="post in the feed")
    finally:
        driver.quit()
        server.close()
