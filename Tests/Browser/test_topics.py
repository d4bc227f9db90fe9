"""Every panel renders the topic shapes of PROTOCOL.md (words, clusters, engagement model,
correlation, alerts), delivered through the page's real WebSocket message handler."""
import json

from selenium.webdriver.common.by import By

from protocol_samples import sample_topics
from pulse_harness import severe_logs, wait_for


def deliver(page, topics):
    """Hands the page a delta for the next offset, as if the hub had sent it."""
    page.execute_script("""
      const { store, connection } = window.pulse;
      connection.receive(JSON.stringify({ op: 'delta', epoch: store.epoch, offset: store.offset + 1,
        time: store.time, stats: store.stats, topics: JSON.parse(arguments[0]) }));""", json.dumps(topics))


def test_all_documented_topics_render(page):
    topics = sample_topics()
    deliver(page, topics)
    wait_for(lambda: len(page.find_elements(By.CSS_SELECTOR, "#clusters li")) == 6, what="clusters")
    assert "silhouette 0.410" in page.find_element(By.ID, "clusters-summary").text
    assert "ai machinelearning llm" in page.find_element(By.ID, "clusters").text
    assert not page.find_element(By.ID, "correlation").get_attribute("hidden")
    assert "strongest" in page.find_element(By.ID, "correlation").get_attribute("aria-label")
    report = page.find_element(By.ID, "model-report").text
    for expected in ("test MSE", "84.200", "R²", "Feature importances", "followers", "Grid search", "n_estimators=100"):
        assert expected in report, expected
    assert "rolling MAE 6.80" in page.find_element(By.ID, "model-live").text
    alerts = page.find_elements(By.CSS_SELECTOR, "#alerts li")
    assert [a.text.splitlines()[0].split(" ·")[0] for a in alerts] == ["SENTIMENT SHIFT", "BURST"]
    assert "velocity 4.20" in alerts[1].text and "#llm #gpu" in alerts[1].text
    placed = page.execute_script("return window.pulse.panels.words.placed.length")
    assert placed >= 30
    assert page.find_element(By.ID, "words-empty").get_attribute("hidden")
    assert severe_logs(page) == []


def test_trending_ranks_by_velocity_and_keeps_sparklines(page):
    for step in range(5):
        deliver(page, {"trending": {"tags": [
            {"tag": "slow", "count": 50.0 + step, "rate": 0.2, "velocity": 0.1, "sentiment": 0.0},
            {"tag": "fast", "count": 5.0 + step, "rate": 0.9, "velocity": 2.0 + step, "sentiment": 0.5},
            {"tag": "falling", "count": 20.0, "rate": 0.1, "velocity": -1.0, "sentiment": -0.6}]}})
    tags = wait_for(lambda: [b.get_attribute("data-tag") for b in page.find_elements(By.CSS_SELECTOR, "#trending button")],
                    what="trending rows")
    assert tags == ["fast", "slow", "falling"]
    assert page.execute_script("return window.pulse.store.sparks.get('fast').ring.toArray()") == [2, 3, 4, 5, 6]
    assert "▼" in page.find_element(By.CSS_SELECTOR, "#trending li:nth-child(3)").text
