"""Lab view in Chromium: a CSV picked with the file input offers its numeric columns as target
and features, and "Train" posts it to /api/model/train. Until the hub has that route the page
must show the hub's 404 message; once it has, the job is polled to the end and its metrics shown."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from pulse_harness import wait_for

CSV = "text,followers,likes,shares,comments,platform\n" + "".join(
    f'"post {i}, about things",{100 + 37 * i},{(i * 7) % 23},{i % 5},{i % 3},mastodon\n' for i in range(60))


def test_lab_reads_the_header_and_trains(server, page, tmp_path):
    data = tmp_path / "train.csv"
    data.write_text(CSV)
    page.find_element(By.ID, "tab-lab").click()
    page.find_element(By.ID, "lab-file").send_keys(str(data))
    wait_for(lambda: page.find_element(By.ID, "lab-target").is_enabled(), what="target list")
    target = Select(page.find_element(By.ID, "lab-target"))
    assert [o.text for o in target.options] == ["followers", "likes", "shares", "comments"]
    assert target.first_selected_option.text == "likes"
    features = {box.get_attribute("value"): box.is_selected()
                for box in page.find_elements(By.CSS_SELECTOR, "#lab-features input")}
    assert features["followers"] and features["shares"] and features["comments"]
    assert "likes" not in features and "text" not in features and "platform" not in features
    assert "CSV, 6 columns" in page.find_element(By.ID, "lab-file-info").text

    status, _ = server.request("POST", "/api/model/train?target=likes&features=followers&cv=3&activate=false",
                               CSV.encode(), content_type="text/csv")
    page.find_element(By.ID, "lab-submit").click()
    if status == 404:
        message = wait_for(lambda: page.find_element(By.ID, "lab-message").text, what="error message")
        assert "no API route" in message and page.find_element(By.ID, "lab-message").get_attribute("class") == "error"
    else:
        wait_for(lambda: page.find_element(By.ID, "lab-state").text.startswith(("Done", "Failed")), timeout=120,
                 what="training job to finish")
        assert page.find_element(By.ID, "lab-state").text.startswith("Done"), page.find_element(By.ID, "lab-message").text
        assert "test MSE" in page.find_element(By.ID, "lab-report").text
    page.find_element(By.ID, "tab-dashboard").click()
