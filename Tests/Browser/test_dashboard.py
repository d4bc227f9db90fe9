"""Dashboard in real headless Chromium against a live `pulse serve` (no demo feed, so every
number on the page comes from the posts these tests send)."""
import pytest
from selenium.webdriver.common.by import By

from pulse_harness import severe_logs, wait_for

TAG = "browsertest"


def text(driver, element_id):
    return driver.find_element(By.ID, element_id).text


def test_posts_sent_through_the_api_appear_in_kpis_trending_and_feed(server, page):
    before = int(server.request("GET", "/api/state")[1]["stats"]["total"])
    posts = [{"id": f"bt-{i}", "text": f"Browser test post number {i} is great #{TAG}", "author": "tester",
              "followers": 10 * i, "likes": i} for i in range(7)]
    server.post(posts)
    total = before + len(posts)
    wait_for(lambda: text(page, "kpi-total") == str(total), what=f"KPI total {total}")
    wait_for(lambda: f"#{TAG}" in text(page, "trending"), what="tag in trending list")
    feed = wait_for(lambda: [li.text for li in page.find_elements(By.CSS_SELECTOR, "#feed li")], what="feed items")
    assert any("Browser test post number 6" in item for item in feed)
    assert feed[0].startswith("Browser test post number 6"), "newest post first"
    assert text(page, "kpi-subscribers") == "1"
    assert text(page, "kpi-sentiment") not in ("", "–")


def test_feed_filters_by_hashtag_and_keyword(server, page):
    server.post([{"id": "bt-filter-1", "text": "A quiet morning with tea #calm"},
                 {"id": "bt-filter-2", "text": "GPU prices are wild #hardware"}])
    wait_for(lambda: "GPU prices" in text(page, "feed"), what="new posts in feed")
    tag_box = page.find_element(By.ID, "feed-hashtag")
    tag_box.send_keys("#calm")
    wait_for(lambda: "GPU prices" not in text(page, "feed"), what="hashtag filter applied")
    assert "A quiet morning" in text(page, "feed")
    tag_box.clear()
    keyword = page.find_element(By.ID, "feed-keyword")
    keyword.send_keys("gpu")
    wait_for(lambda: "A quiet morning" not in text(page, "feed") and "GPU prices" in text(page, "feed"),
             what="keyword filter applied")
    keyword.clear()
    page.execute_script("window.pulse.scheduler.mark('feed')")
    wait_for(lambda: "A quiet morning" in text(page, "feed"), what="filters cleared")


def test_trending_tag_button_filters_the_feed(server, page):
    button = wait_for(lambda: page.find_elements(By.CSS_SELECTOR, f"#trending button[data-tag='{TAG}']"),
                      what="trending button")[0]
    button.click()
    assert page.find_element(By.ID, "feed-hashtag").get_attribute("value") == TAG
    items = wait_for(lambda: [li.text for li in page.find_elements(By.CSS_SELECTOR, "#feed li")], what="feed")
    assert all(f"#{TAG}" in item for item in items)
    page.find_element(By.ID, "feed-hashtag").clear()
    page.execute_script("window.pulse.scheduler.mark('feed')")


def test_analyze_form_returns_sentiment_cluster_and_prediction(server, page):
    status, answer = server.request("POST", "/api/analyze", {"text": "probe"})
    if status == 404:
        pytest.skip("POST /api/analyze answers 404 on this build (route not merged yet): " + str(answer))
    page.find_element(By.ID, "tab-analyze").click()
    page.find_element(By.ID, "an-text").send_keys("The new GPU release is absolutely wonderful!")
    page.find_element(By.ID, "an-hashtags").send_keys("ai, gpu")
    for name, value in (("followers", "1200"), ("likes", "3"), ("shares", "1"), ("comments", "2")):
        page.find_element(By.ID, f"an-{name}").send_keys(value)
    page.find_element(By.ID, "an-submit").click()
    result = wait_for(lambda: (lambda t: t if "compound" in t or "Error" in t else None)(text(page, "analyze-result")),
                      what="analysis result")
    assert "Error" not in result, result
    assert "positive" in result
    assert "Cluster" in result or "No cluster model" in result
    assert "Predicted engagement" in result or "no prediction" in result
    page.find_element(By.ID, "tab-dashboard").click()


def test_analyze_shows_the_error_message_of_a_refusal(server, page):
    page.find_element(By.ID, "tab-analyze").click()
    page.find_element(By.ID, "an-text").clear()
    page.find_element(By.ID, "an-submit").click()
    message = wait_for(lambda: text(page, "analyze-result"), what="validation message")
    assert "Enter the text" in message
    assert page.switch_to.active_element.get_attribute("id") == "an-text"
    page.find_element(By.ID, "tab-dashboard").click()


def test_every_form_control_has_a_label_and_tabs_work_by_keyboard(page):
    unlabeled = page.execute_script("""
        return [...document.querySelectorAll('input, select, textarea, button')]
          .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
          .map((e) => e.id || e.outerHTML.slice(0, 60));""")
    assert unlabeled == []
    from selenium.webdriver.common.keys import Keys
    page.find_element(By.ID, "tab-dashboard").send_keys(Keys.ARROW_RIGHT)
    assert page.switch_to.active_element.get_attribute("id") == "tab-analyze"
    assert page.find_element(By.ID, "view-analyze").is_displayed()
    page.switch_to.active_element.send_keys(Keys.HOME)
    assert page.find_element(By.ID, "view-dashboard").is_displayed()


def test_no_horizontal_scroll_from_375px_to_wall_screen(page):
    try:
        for width in (375, 768, 1280, 2560):
            page.set_window_size(width, 900)
            wait_for(lambda: page.execute_script("return window.innerWidth") > 0, what="resize")
            overflow = page.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"horizontal overflow of {overflow}px at {width}px"
    finally:
        page.set_window_size(1400, 1000)


def test_theme_toggle_switches_and_repaints(page):
    toggle = page.find_element(By.ID, "theme-toggle")
    background = lambda: page.execute_script("return getComputedStyle(document.body).backgroundColor")  # noqa: E731
    first = background()
    toggle.click()
    assert background() != first
    toggle.click()
    assert background() == first


def test_resubscribes_on_a_gap_and_recovers(server, page):
    """A missed delta (offset jump) makes the page re-subscribe with recover; it then converges."""
    server.post([{"id": "gap-0", "text": "Before a gap #gap"}])
    wait_for(lambda: "Before a gap" in text(page, "feed"), what="post before gap")
    page.execute_script("window.pulse.store.offset -= 1")  # pretend the last delta was lost
    server.post([{"id": "gap-1", "text": "After a gap #gap"}])
    wait_for(lambda: "After a gap" in text(page, "feed"), what="post after gap")
    total = server.request("GET", "/api/state")[1]["stats"]["total"]
    wait_for(lambda: text(page, "kpi-total") == str(total), what="total after gap")
    assert text(page, "feed").count("Before a gap") == 1, "a replayed delta does not duplicate posts"



def test_dropped_socket_resumes_with_recovery_and_no_snapshot(server, page):
    """A dropped connection to a running hub resumes from the last offset: recovered:true and the
    missed deltas are replayed (the store is not reset: its generation stays the same)."""
    generation = page.execute_script("return window.pulse.store.generation")
    page.execute_script("window.pulse.connection.socket.close()")
    server.post([{"id": "while-away", "text": "Posted while the page was away #away"}])
    wait_for(lambda: "Posted while the page was away" in text(page, "feed"), what="missed post replayed")
    wait_for(lambda: page.find_element(By.ID, "connection").get_attribute("data-state") == "live", what="live")
    assert page.execute_script("return window.pulse.connection.lastSubscribed.recovered") is True
    assert page.execute_script("return window.pulse.store.generation") == generation


def test_static_files_have_types_caching_and_csp(server):
    import urllib.request
    for path, kind in (("/", "text/html"), ("/js/main.js", "text/javascript"), ("/js/panels/feed.js", "text/javascript"),
                       ("/css/base.css", "text/css"), ("/favicon.svg", "image/svg+xml")):
        with urllib.request.urlopen(server.url + path) as response:
            headers = response.headers
            assert headers["Content-Type"].startswith(kind), (path, headers["Content-Type"])
            assert headers["Cache-Control"] == "no-cache" and headers["ETag"], path
            assert "default-src 'self'" in headers["Content-Security-Policy"], path
            assert headers["X-Content-Type-Options"] == "nosniff", path

def test_no_errors_in_the_browser_console(page):
    for tab in ("tab-analyze", "tab-lab", "tab-dashboard"):
        page.find_element(By.ID, tab).click()
    assert severe_logs(page) == []
