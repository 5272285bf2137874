"""Browser tests of the back-office and the public preference centre, in Chromium."""
import json
import os
import pathlib
import re
import subprocess
import tempfile
import time
import urllib.request

from selenium.webdriver.common.by import By

from conftest import BASE_URL, chromium, wait_for_url

DEMO_OWNER = ("owner@demo.relais.example", "relais-demo-2026")


def log_in(browser, email, password):
    browser.get(BASE_URL + "/login")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.ID, "login-submit").click()
    wait_for_url(browser, lambda url: url.endswith("/members"))


def test_first_log_in_through_the_one_time_setup_link():
    """On an empty database Relais prints a one-time link; following it creates the owner and logs in."""
    binary = os.environ["RELAIS_BIN"]
    with tempfile.TemporaryDirectory() as data:
        port = 18181
        env = dict(os.environ, RELAIS_DATA_DIR=data, RELAIS_PORT=str(port), RELAIS_LOG_LEVEL="info")
        server = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            link = None
            deadline = time.time() + 60
            while time.time() < deadline and link is None:
                line = server.stdout.readline()
                match = re.search(r"(http://\S+/setup/\S+)", line)
                if match:
                    link = match.group(1)
            assert link, "the server did not print a set-up link"
            driver = chromium()
            try:
                driver.implicitly_wait(5)
                driver.get(link)
                driver.find_element(By.ID, "organisation").send_keys("Groupe Essai")
                driver.find_element(By.ID, "brand").send_keys("Bétonnières Martin")
                driver.find_element(By.ID, "name").send_keys("Marc Durand")
                driver.find_element(By.ID, "email").send_keys("marc@essai.example")
                driver.find_element(By.ID, "password").send_keys("court")
                driver.find_element(By.ID, "setup-submit").click()
                # Too short a password is refused by the browser or the server, nothing is created.
                assert "/setup/" in driver.current_url
                field = driver.find_element(By.ID, "password")
                field.clear()
                field.send_keys("un mot de passe solide")
                driver.find_element(By.ID, "setup-submit").click()
                wait_for_url(driver, lambda url: url.endswith("/members"))
                assert "Bétonnières Martin" in driver.page_source
                assert driver.find_element(By.ID, "no-members").is_displayed()
                # The link works once only.
                driver.get(link)
                assert "plus valable" in driver.page_source or "no longer valid" in driver.page_source
                # Log out, then log in with the new account.
                driver.find_element(By.ID, "logout").click() if driver.find_elements(By.ID, "logout") else None
                driver.delete_all_cookies()
                driver.get(link.split("/setup/")[0] + "/login")
                driver.find_element(By.ID, "email").send_keys("marc@essai.example")
                driver.find_element(By.ID, "password").send_keys("mauvais mot de passe")
                driver.find_element(By.ID, "login-submit").click()
                assert driver.find_element(By.ID, "login-error").is_displayed()
                driver.find_element(By.ID, "password").send_keys("un mot de passe solide")
                driver.find_element(By.ID, "login-submit").click()
                wait_for_url(driver, lambda url: url.endswith("/members"))
            finally:
                driver.quit()
        finally:
            server.terminate()
            server.wait(timeout=20)


def test_member_search_then_member_page_then_export(browser, downloads):
    log_in(browser, *DEMO_OWNER)
    rows = browser.find_elements(By.CSS_SELECTOR, "#member-list tbody tr")
    assert rows, "the demo brand lists members"
    first = rows[0].find_element(By.CSS_SELECTOR, "a.member-link")
    name = first.text
    last_name = name.split(" ")[-1]
    search = browser.find_element(By.ID, "q")
    search.send_keys(last_name)
    browser.find_element(By.ID, "search-submit").click()
    wait_for_url(browser, lambda url: "q=" in url)
    results = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "a.member-link")]
    assert name in results
    assert all(last_name.lower() in text.lower() for text in results)
    browser.find_element(By.LINK_TEXT, name).click()
    wait_for_url(browser, lambda url: "/members/" in url)
    assert browser.find_element(By.ID, "member-name").text == name
    member_id = browser.current_url.rstrip("/").split("/")[-1]
    browser.find_element(By.ID, "export").click()
    target = pathlib.Path(downloads) / f"member-{member_id}.json"
    deadline = time.time() + 20
    while time.time() < deadline and not target.exists():
        time.sleep(0.2)
    assert target.exists(), "the export was downloaded"
    export = json.loads(target.read_text())
    assert str(export["profile"]["id"]) == member_id
    assert export["identities"], "the export holds the identities"
    assert "consents" in export and "timeline" in export


def test_withdrawal_from_the_preference_centre(browser):
    log_in(browser, *DEMO_OWNER)
    member_links = browser.find_elements(By.CSS_SELECTOR, "a.member-link")
    chosen = None
    for link in [a.get_attribute("href") for a in member_links[:30]]:
        browser.get(link)
        if "status-granted" in browser.page_source:
            chosen = link
            break
    assert chosen, "a demo member with a granted consent"
    preference_url = browser.find_element(By.ID, "preference-link").get_attribute("value")
    path = preference_url.split("/p/", 1)[1]
    browser.delete_all_cookies()
    browser.get(BASE_URL + "/p/" + path)
    boxes = browser.find_elements(By.CSS_SELECTOR, "input[name=consent]")
    assert any(box.is_selected() for box in boxes)
    browser.find_element(By.ID, "withdraw-all").click()
    assert browser.find_element(By.ID, "saved").is_displayed()
    assert not any(box.is_selected() for box in browser.find_elements(By.CSS_SELECTOR, "input[name=consent]"))
    # Back in the back-office, the ledger shows the withdrawal from the preference centre.
    log_in(browser, *DEMO_OWNER)
    browser.get(chosen)
    states = browser.find_element(By.ID, "consent-states").get_attribute("innerHTML")
    assert "status-granted" not in states
    assert "status-withdrawn" in states
    assert "preference_centre" in browser.page_source


def test_segment_editor_live_count_then_save(browser):
    """Rules added in the editor update the live count without a reload; the saved segment lists its members."""
    from selenium.webdriver.support.ui import Select, WebDriverWait

    log_in(browser, *DEMO_OWNER)
    browser.find_element(By.ID, "nav-segments").click()
    browser.find_element(By.ID, "new-segment").click()
    count = browser.find_element(By.ID, "live-count")
    WebDriverWait(browser, 10).until(lambda _: count.text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").isdigit())
    everyone = int("".join(ch for ch in count.text if ch.isdigit()))
    assert everyone > 0

    rows = browser.find_elements(By.CSS_SELECTOR, "#rules .rule")
    row = rows[-1]
    Select(row.find_element(By.CSS_SELECTOR, "select.rule-kind")).select_by_value("field")
    # Only the inputs of the chosen kind are shown.
    assert row.find_element(By.CSS_SELECTOR, "[name$='.fieldValue']").is_displayed()
    assert not row.find_element(By.CSS_SELECTOR, "[name$='.tag']").is_displayed()
    Select(row.find_element(By.CSS_SELECTOR, "[name$='.field']")).select_by_value("postalCode")
    Select(row.find_element(By.CSS_SELECTOR, "[name$='.fieldOp']")).select_by_value("startsWith")
    row.find_element(By.CSS_SELECTOR, "[name$='.fieldValue']").send_keys("69")

    def digits():
        text = "".join(ch for ch in count.text if ch.isdigit())
        return int(text) if text and "…" not in count.text else None

    WebDriverWait(browser, 10).until(lambda _: digits() is not None and digits() < everyone)
    lyon = digits()
    assert lyon > 0

    browser.find_element(By.ID, "add-rule").click()
    added = browser.find_elements(By.CSS_SELECTOR, "#rules .rule")[-1]
    Select(added.find_element(By.CSS_SELECTOR, "select.rule-kind")).select_by_value("age")
    added.find_element(By.CSS_SELECTOR, "[name$='.max']").send_keys("40")
    WebDriverWait(browser, 10).until(lambda _: digits() is not None and digits() < lyon)

    browser.find_element(By.ID, "segment-name").send_keys("Rhône, 40 ans au plus")
    browser.find_element(By.ID, "save-segment").click()
    wait_for_url(browser, lambda url: "saved=1" in url)
    assert browser.find_element(By.ID, "segment-notice").is_displayed()
    links = browser.find_elements(By.CSS_SELECTOR, "#segment-members a.member-link")
    assert links, "the saved segment shows its first members"
    name = links[0].text
    links[0].click()
    assert browser.find_element(By.ID, "member-name").text == name
