"""Lab: sentiment evaluation of a small labelled TSV file in Chromium. The page must show the
numbers the hub computes (POST /api/eval/sentiment, the same JSON as `pulse eval-sentiment`),
and the hub's message for a bad file."""
from selenium.webdriver.common.by import By

from pulse_harness import wait_for

TSV = ("text\tlabel\n"
       "I love this, it is wonderful!\tpositive\n"
       "This is the worst day ever.\tnegative\n"
       "The train leaves at noon.\tneutral\n"
       "Not bad at all\t0.6\n"
       "I hate waiting in line\t-0.8\n"
       "Meh, whatever\t0.01\n"
       "Great food but terrible service\tpositive\n")


def evaluate(page, path):
    page.find_element(By.ID, "tab-lab").click()
    page.find_element(By.ID, "eval-file").send_keys(str(path))
    wait_for(lambda: page.find_element(By.ID, "eval-submit").is_enabled(), what="Evaluate button enabled")
    page.find_element(By.ID, "eval-submit").click()


def test_lab_shows_accuracy_f1_per_class_and_confusion_matrix(server, page, tmp_path):
    data = tmp_path / "labelled.tsv"
    data.write_text(TSV)
    status, expected = server.request("POST", "/api/eval/sentiment", TSV.encode(),
                                      content_type="text/tab-separated-values")
    assert status == 200, expected
    evaluate(page, data)
    report = wait_for(lambda: page.find_element(By.ID, "eval-report").text, timeout=20, what="evaluation report")
    for name, key in (("accuracy", "accuracy"), ("macro F1", "macro_f1"), ("weighted F1", "weighted_f1")):
        assert f"{name}\n{expected[key]:.3f}" in report, (name, report)
    rows = page.find_elements(By.CSS_SELECTOR, ".eval-classes tbody tr")
    assert [r.find_element(By.TAG_NAME, "th").text for r in rows] == expected["confusion_matrix"]["labels"]
    negative = rows[0].find_elements(By.TAG_NAME, "td")
    scores = expected["per_class"]["negative"]
    assert [c.text for c in negative] == [f"{scores['precision']:.3f}", f"{scores['recall']:.3f}",
                                          f"{scores['f1']:.3f}", str(scores["support"])]
    cells = page.find_elements(By.CSS_SELECTOR, ".confusion-table tbody td")
    matrix = expected["confusion_matrix"]["matrix"]
    assert [int(c.text) for c in cells] == [n for row in matrix for n in row]
    shares = [float(page.execute_script("return arguments[0].style.getPropertyValue('--share')", c)) for c in cells]
    totals = [sum(row) or 1 for row in matrix]
    assert shares == [round(n / totals[i // len(matrix)], 3) for i, n in enumerate(n for row in matrix for n in row)]
    # The heat map: the fullest cell is shaded differently from an empty one.
    fullest = cells[shares.index(max(shares))].value_of_css_property("background-color")
    empty = cells[shares.index(min(shares))].value_of_css_property("background-color")
    assert min(shares) == 0 and fullest != empty, (fullest, empty)
    assert "7 labelled texts" in page.find_element(By.ID, "eval-message").text
    page.find_element(By.ID, "tab-dashboard").click()


def test_lab_shows_the_hubs_message_for_a_bad_file(server, page, tmp_path):
    data = tmp_path / "bad.tsv"
    data.write_text("fine\tpositive\nno label here\n")
    evaluate(page, data)
    message = wait_for(lambda: page.find_element(By.ID, "eval-message").text.startswith("Error") and
                       page.find_element(By.ID, "eval-message").text, what="error message")
    assert "400" in message and "line 2: no TAB" in message, message
    assert page.find_element(By.ID, "eval-message").get_attribute("class") == "error"
    page.find_element(By.ID, "tab-dashboard").click()
