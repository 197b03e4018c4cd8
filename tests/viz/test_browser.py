"""The backprop step-through in a real browser: headless Debian Chromium via Selenium.

Skipped when Chromium, chromedriver or Selenium is missing, unless EMBER_REQUIRE_INTEGRATION
is set (CI sets it): then a missing tool is a failure. The screenshot of the last step is
saved to test-artifacts/backprop.png under the repository root.
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
