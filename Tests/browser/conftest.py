"""Shared fixtures of the browser tests: a headless Chromium driven by Selenium.

The server under test is started by scripts/test (RELAIS_BASE_URL); tests that need an empty
database start their own Relais process from RELAIS_BIN.
"""
import os
import tempfile

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

BASE_URL = os.environ.get("RELAIS_BASE_URL", "http://127.0.0.1:8080")


def chromium(download_dir=None):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=fr-FR"):
        options.add_argument(argument)
    if download_dir:
        options.add_experimental_option("prefs", {
            "download.default_directory": download_dir,
            "download.prompt_for_download": False,
        })
    return webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")), options=options)


@pytest.fixture
def downloads():
    with tempfile.TemporaryDirectory() as folder:
        yield folder


@pytest.fixture
def browser(downloads):
    driver = chromium(downloads)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def wait_for_url(driver, predicate, timeout=20):
    """Waits until the browser's address satisfies `predicate` (navigation after a click is not instant)."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By

    try:
        WebDriverWait(driver, timeout).until(lambda d: predicate(d.current_url))
    except TimeoutException:
        alerts = [element.text for element in driver.find_elements(By.CSS_SELECTOR, ".error, .errors, [role=alert]")]
        raise AssertionError(f"still on {driver.current_url} after {timeout} s; messages on the page: {alerts}") from None
    return driver.current_url
