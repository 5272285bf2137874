"""Browser test of the CSV import wizard, in Chromium."""
import pathlib
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL, wait_for_url
from test_back_office import DEMO_OWNER, log_in


def test_import_wizard_upload_mapping_check_confirm(browser):
    """A French Excel file goes through upload, suggested mapping, dry run and confirmation."""
    log_in(browser, *DEMO_OWNER)
    browser.find_element(By.ID, "nav-import").click()
    wait_for_url(browser, lambda url: url.endswith("/import"))
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "salon.csv"
        path.write_bytes("\ufeffCourriel;Prénom;Ville\r\nnina.wizard@example.com;Nina;Nîmes\r\npas-un-email;Paul;Albi\r\n".encode("utf-8"))
        browser.find_element(By.ID, "file").send_keys(str(path))
        browser.find_element(By.ID, "upload-submit").click()
        # The file must outlive the upload: leaving this block deletes it.
        wait_for_url(browser, lambda url: "/import/" in url)
    assert browser.find_element(By.CSS_SELECTOR, "#target_0 option[selected]").get_attribute("value") == "email"
    assert "Nîmes" in browser.find_element(By.ID, "preview").text
    browser.find_element(By.ID, "check-submit").click()
    assert browser.find_element(By.ID, "count-created").text == "1"
    assert browser.find_element(By.ID, "count-errors").text == "1"
    browser.find_element(By.ID, "confirm-import").click()
    WebDriverWait(browser, 20).until(expected_conditions.url_contains("/import/reports/"))
    assert browser.find_element(By.ID, "count-created").text == "1"
    browser.get(BASE_URL + "/members?q=nina.wizard%40example.com")
    assert "Nina" in browser.find_element(By.ID, "member-list").text
