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


ANALYZE_OK = {"text": "The new GPU is wonderful", "hashtags": ["ai", "gpu"],
              "sentiment": {"neg": 0.0, "neu": 0.52, "pos": 0.48, "compound": 0.5719, "label": "positive"},
              "cluster": {"id": 0, "label": "ai machinelearning llm"},
              "engagement": {"predicted": 42.5, "bias": 20.0, "contributions": [
                  {"feature": "followers", "value": 1200, "contribution": 31.2},
                  {"feature": "compound", "value": 0.57, "contribution": -8.7}]}}
ANALYZE_BAD = {"error": "invalid_post", "message": "followers must be a number >= 0", "field": "followers"}


def answer_analyze_with(page, status, body):
    """Makes the page's fetch of /api/analyze answer `status`/`body` (documented shapes)."""
    page.execute_script("""
      const [status, body] = arguments;
      const real = window.fetch.bind(window);
      window.fetch = (url, init) => String(url).startsWith('/api/analyze')
        ? Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }))
        : real(url, init);""", status, body)


def submit_analyze(page, text):
    page.find_element(By.ID, "tab-analyze").click()
    box = page.find_element(By.ID, "an-text")
    box.clear()
    box.send_keys(text)
    page.find_element(By.ID, "an-submit").click()


def test_analyze_renders_the_documented_answer(page):
    answer_analyze_with(page, 200, ANALYZE_OK)
    submit_analyze(page, "The new GPU is wonderful")
    result = wait_for(lambda: (lambda t: t if "Predicted" in t else None)(page.find_element(By.ID, "analyze-result").text),
                      what="analysis")
    for expected in ("positive", "+0.572", "0.480", "Cluster 0: ai machinelearning llm", "Predicted engagement: 42.50",
                     "followers = 1,200.00", "+31.20", "-8.70", "#ai #gpu"):
        assert expected in result, expected
    assert result.index("followers = ") < result.index("compound = "), "largest contribution first"


def test_analyze_shows_the_hub_error_message(page):
    answer_analyze_with(page, 400, ANALYZE_BAD)
    submit_analyze(page, "anything")
    message = wait_for(lambda: (lambda t: t if "Error" in t else None)(page.find_element(By.ID, "analyze-result").text),
                       what="error")
    assert message == "Error 400: followers must be a number >= 0 (field: followers)"
    page.find_element(By.ID, "tab-dashboard").click()
