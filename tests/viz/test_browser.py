"""ember.viz pages in a real browser (headless Debian Chromium via Selenium): the backprop
step-through, and a model's graph with module boxes (measured as the browser draws it).

Skipped when Chromium, chromedriver or Selenium is missing, unless EMBER_REQUIRE_INTEGRATION
is set (CI sets it): then a missing tool is a failure. The screenshot of the last step is
saved to test-artifacts/backprop.png under the repository root, the model graphs to
test-artifacts/model_graph_*.png.
"""

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

import ember as torch

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--window-size=1280,800")


def _missing(reason: str):
    if os.environ.get("EMBER_REQUIRE_INTEGRATION"):
        pytest.fail(f"EMBER_REQUIRE_INTEGRATION is set but {reason}")
    pytest.skip(reason)


@contextlib.contextmanager
def chromium():
    """A headless Chromium driven by Selenium (not a fixture: so that a missing tool under
    EMBER_REQUIRE_INTEGRATION is reported as a failure of the test, not a setup error)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed (pip install -e '.[dev]')")
    for program in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.exists(program) and os.access(program, os.X_OK)):
            _missing(f"{program} is missing (apt-get install chromium chromium-driver)")
    profile = tempfile.mkdtemp(prefix="ember-chromium-")
    options = webdriver.ChromeOptions()
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _state(driver):
    from selenium.webdriver.common.by import By

    counter = driver.find_element(By.CSS_SELECTOR, ".ebp-counter").text
    (current,) = driver.find_elements(By.CSS_SELECTOR, ".ebp-node.ebp-current")
    detail = driver.find_element(By.CSS_SELECTOR, ".ebp-detail").text
    return counter, current.get_attribute("id"), detail


def test_clicking_through_every_step_of_the_seed_example(tmp_path):
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    trace = torch.viz.backprop(y, params={"x": x})
    page = Path(trace.save(tmp_path / "backprop_seed.html"))
    # Two notebook outputs on one page (as Jupyter shows `_repr_html_`) work independently.
    notebook = tmp_path / "notebook.html"
    notebook.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
                        f"{trace._repr_html_()}{trace._repr_html_()}</body></html>",
                        encoding="utf-8")
    with chromium() as browser:
        _click_through(browser, page, len(trace.steps))
        _two_outputs(browser, notebook, len(trace.steps))


def _click_through(browser, page: Path, steps: int) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(page.as_uri())
    seen = [_state(browser)]
    assert seen[0][0] == f"Step 1 of {steps}"
    next_button = browser.find_element(By.CSS_SELECTOR, ".ebp-next")
    for _ in range(steps - 1):
        next_button.click()
        seen.append(_state(browser))
        (counter, node, _), (old_counter, old_node, _) = seen[-1], seen[-2]
        assert counter != old_counter and node != old_node
    assert [s[0] for s in seen] == [f"Step {i} of {steps}" for i in range(1, steps + 1)]
    assert not next_button.is_enabled()  # the last step
    last_detail = seen[-1][2]
    assert "x.grad" in last_detail and "[0., 4., 8., 12.]" in last_detail
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "backprop.png"))

    browser.find_element(By.CSS_SELECTOR, ".ebp-prev").click()
    assert _state(browser)[:2] == seen[-2][:2]
    # The arrow keys step too, on a whole page.
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_LEFT)
    assert _state(browser)[:2] == seen[-3][:2]
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
    assert _state(browser)[:2] == seen[-2][:2]

    severe = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == []


def _two_outputs(browser, page: Path, steps: int) -> None:
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    first, second = browser.find_elements(By.CSS_SELECTOR, ".ember-backprop")
    second.find_element(By.CSS_SELECTOR, ".ebp-next").click()
    counters = [w.find_element(By.CSS_SELECTOR, ".ebp-counter").text for w in (first, second)]
    assert counters == [f"Step 1 of {steps}", f"Step 2 of {steps}"]
    severe = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == []


MEASURE = """
const rect = (el) => {
  const b = el.getBBox();
  return [b.x, b.y, b.x + b.width, b.y + b.height];
};
const out = {nodes: {}, boxes: {}, labels: {}};
for (const g of document.querySelectorAll('svg g.node'))
  out.nodes[g.id] = rect(g.querySelector('rect'));
for (const g of document.querySelectorAll('svg g[class="module"]'))
  out.boxes[g.id] = rect(g.querySelector('rect'));
for (const g of document.querySelectorAll('svg g.module-label')) {
  const text = g.querySelector('text');
  out.labels[g.getAttribute('data-box')] =
    [rect(text), text.textContent, text.getComputedTextLength()];
}
return out;
"""


def test_model_graph_with_module_boxes_renders(tmp_path):
    from ember import nn

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 3)
            self.head = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))

        def forward(self, x):
            return self.head(torch.relu(self.fc(x)) + x)

    model = Block()
    loss = (model(torch.randn(5, 3)) ** 2).mean()
    pictures = {mode: torch.viz.graph(loss, modules=mode) for mode in ("boxes", "collapse")}
    with chromium() as browser:
        for mode, g in pictures.items():
            page = tmp_path / f"model_{mode}.svg"
            page.write_text(g.to_svg(), encoding="utf-8")
            browser.get(page.as_uri())
            drawn = browser.execute_script(MEASURE)
            assert set(drawn["boxes"]) == {b.id for b in g.boxes}
            assert set(drawn["nodes"]) == {n.id for n in g.nodes}
            parent = {b.id: b.parent for b in g.boxes}
            for node in g.nodes:
                around, where = set(), node.module
                while where is not None:
                    around.add(where)
                    where = parent[where]
                x0, y0, x1, y1 = drawn["nodes"][node.id]
                for box_id, (bx0, by0, bx1, by1) in drawn["boxes"].items():
                    if box_id in around:  # inside every box around it
                        assert bx0 <= x0 and x1 <= bx1 and by0 <= y0 and y1 <= by1
                    else:  # clear of all others
                        assert x1 <= bx0 or bx1 <= x0 or y1 <= by0 or by1 <= y0
            # Each label is rendered, in its box, fully inside it.
            for box in g.boxes:
                (lx0, ly0, lx1, ly1), text, length = drawn["labels"][box.id]
                bx0, by0, bx1, by1 = drawn["boxes"][box.id]
                assert text == box.label and length > 0
                assert bx0 < lx0 and lx1 < bx1 and by0 < ly0 and ly1 < by1
            ARTIFACTS.mkdir(exist_ok=True)
            assert browser.save_screenshot(str(ARTIFACTS / f"model_graph_{mode}.png"))
            severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
            assert severe == []
    assert "fc.weight" in pictures["boxes"].to_svg()
    assert "head.0: Linear" in pictures["collapse"].to_svg()
