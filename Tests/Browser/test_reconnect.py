"""Stopping the hub and starting it again on the same port: the page shows it is disconnected,
reconnects by itself (backoff), takes the new server's snapshot and shows new posts again."""
from selenium.webdriver.common.by import By

from pulse_harness import PulseServer, severe_logs, wait_for

# What Chromium itself logs while the server is down; anything else is a failure.
EXPECTED_WHILE_DOWN = [r"WebSocket connection to 'ws://127\.0\.0\.1:\d+/ws' failed"]


def state(page):
    return page.find_element(By.ID, "connection").get_attribute("data-state")


def test_page_reconnects_after_a_server_restart_and_resumes(server, page):
    server.post([{"id": "before-1", "text": "Posted before the restart #restart"}])
    wait_for(lambda: "Posted before the restart" in page.find_element(By.ID, "feed").text, what="first post")
    first_epoch = page.execute_script("return window.pulse.store.epoch")

    server.stop()
    wait_for(lambda: state(page) in ("reconnecting", "offline"), what="indicator shows the drop")
    assert "Reconnecting" in page.find_element(By.ID, "connection").text

    restarted = PulseServer(port=server.port, data_dir=server.data_dir).start()
    try:
        wait_for(lambda: state(page) == "live", timeout=30, what="indicator live again")
        restarted.post([{"id": "after-1", "text": "Posted after the restart #restart"}])
        wait_for(lambda: "Posted after the restart" in page.find_element(By.ID, "feed").text,
                 what="post after restart in the feed")
        total = restarted.request("GET", "/api/state")[1]["stats"]["total"]
        wait_for(lambda: page.find_element(By.ID, "kpi-total").text == str(total), what="KPI total resumed")
        assert page.execute_script("return window.pulse.store.epoch") != first_epoch, "new server, new epoch"
        assert page.execute_script("return window.pulse.connection.lastSubscribed.recovered") is False
        assert severe_logs(page, allow=EXPECTED_WHILE_DOWN) == []
    finally:
        restarted.close()

