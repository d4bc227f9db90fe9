"""Readable contrast in both themes: the text colour of every visible text element against its
effective background meets WCAG AA (4.5:1) in the light and the dark theme."""
from selenium.webdriver.common.by import By

CONTRAST_SCRIPT = """
  const parse = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0.5) return c;
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const el of document.querySelectorAll('#view-dashboard *, .topbar *')) {
    if (!el.offsetParent || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const style = getComputedStyle(el);
    if (parseFloat(style.opacity) < 1) continue;
    const fg = lum(parse(style.color)); const bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) failures.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)} "${el.textContent.trim().slice(0, 30)}"`);
  }
  return failures;"""


def test_text_contrast_meets_wcag_aa_in_both_themes(server, page):
    server.post([{"id": "contrast-1", "text": "Contrast check post #contrast"}])
    toggle = page.find_element(By.ID, "theme-toggle")
    for _ in range(2):
        failures = page.execute_script(CONTRAST_SCRIPT)
        theme = page.execute_script("return document.documentElement.dataset.theme || 'system'")
        assert failures == [], f"{theme}: {failures[:10]}"
        toggle.click()
