"""Browser test of the loyalty and sharing screens: an earning rule created in the editor (refused
first, with the message beside the field), and an activation's sharing funnel drawn as SVG."""
import json
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import BASE_URL, chromium, wait_for_url
from test_back_office import DEMO_OWNER, log_in
from test_ideas_referral import create_live_activation

# Relais counts people, not bots: a headless browser's own user agent is treated as a crawler.
PHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
         "Version/17.0 Mobile/15E148 Safari/604.1")


def api(key, method, path, body=None):
    """Calls the REST API with a key; returns the decoded answer."""
    request = urllib.request.Request(BASE_URL + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def new_api_key(browser, name):
    """Creates a brand manager key in the back office; returns its secret."""
    browser.get(BASE_URL + "/api-keys")
    form = browser.find_element(By.ID, "new-key")
    form.find_element(By.NAME, "name").send_keys(name)
    Select(form.find_element(By.NAME, "role")).select_by_value("brand_manager")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    return browser.find_element(By.ID, "new-key-secret").get_attribute("value")


def test_staff_create_an_earning_rule_after_a_validation_error(browser):
    stamp = int(time.time())
    log_in(browser, *DEMO_OWNER)
    browser.get(BASE_URL + "/loyalty")
    browser.find_element(By.ID, "tab-rules").click()
    wait_for_url(browser, lambda url: url.endswith("/loyalty/rules"))
    browser.find_element(By.ID, "new-rule").click()
    Select(browser.find_element(By.ID, "rule-trigger")).select_by_value("activation.entry")
    browser.find_element(By.ID, "rule-points").send_keys("10")
    browser.find_element(By.ID, "rule-per-day").send_keys("0")
    browser.find_element(By.ID, "save-rule").click()
    # Refused: the name is missing and the cap is out of range, each said beside its field, in French.
    assert "120 caractères" in browser.find_element(By.ID, "err-name").text
    assert "entre 1 et 1000" in browser.find_element(By.ID, "err-maxPerDay").text
    assert browser.find_element(By.ID, "rule-points").get_attribute("value") == "10"

    browser.find_element(By.ID, "rule-name").send_keys(f"Participation {stamp}")
    per_day = browser.find_element(By.ID, "rule-per-day")
    per_day.clear()
    per_day.send_keys("2")
    browser.find_element(By.ID, "preview-rule").click()
    assert "événements" in browser.find_element(By.ID, "rule-preview").text
    browser.find_element(By.ID, "save-rule").click()
    wait_for_url(browser, lambda url: "saved=1" in url)
    assert browser.find_element(By.ID, "rule-saved").is_displayed()
    assert browser.find_element(By.ID, "rule-versions").is_displayed()
    browser.get(BASE_URL + "/loyalty/rules")
    assert f"Participation {stamp}" in browser.find_element(By.ID, "rule-list").text


def test_staff_open_an_activations_sharing_funnel_drawn_as_svg(browser):
    stamp = int(time.time())
    log_in(browser, *DEMO_OWNER)
    key = new_api_key(browser, f"Partages {stamp}")
    create_live_activation(browser, "lead_form", f"partage-{stamp}", "Partagez et gagnez")
    activation_id = int(browser.current_url.split("/activations/")[1].split("?")[0].split("/")[0])

    member = api(key, "POST", "/api/v1/members", {"email": f"ambassadrice-{stamp}@example.com", "firstName": "Léa"})["member"]["id"]
    link = api(key, "POST", f"/api/v1/members/{member}/share-links", {"activationId": activation_id})

    visitor = chromium()
    try:
        visitor.implicitly_wait(5)
        visitor.set_window_size(390, 844)  # a phone
        visitor.execute_cdp_cmd("Emulation.setUserAgentOverride", {"userAgent": PHONE})
        # The link's public address may name another host: follow the same path on the server under test.
        visitor.get(BASE_URL + "/r/" + link["code"])
        wait_for_url(visitor, lambda url: "/a/" in url and "utm_medium=share" in url)
        visitor.find_element(By.ID, "f-email").send_keys(f"ami-{stamp}@example.com")
        for field, value in (("f-firstName", "Noé"), ("f-lastName", "Roux")):
            if visitor.find_elements(By.ID, field):
                visitor.find_element(By.ID, field).send_keys(value)
        if visitor.find_elements(By.ID, "f-acceptRules"):
            visitor.find_element(By.ID, "f-acceptRules").click()
        visitor.find_element(By.ID, "enter").click()
        assert visitor.find_element(By.ID, "entry-confirmed").is_displayed()
    finally:
        visitor.quit()

    browser.get(BASE_URL + f"/activations/{activation_id}")
    browser.find_element(By.ID, "funnel-link").click()
    wait_for_url(browser, lambda url: url.endswith("/funnel"))
    chart = browser.find_element(By.ID, "funnel-chart")
    assert chart.tag_name == "svg" and chart.get_attribute("role") == "img"
    assert chart.is_displayed() and chart.size["width"] > 200
    assert len(chart.find_elements(By.CSS_SELECTOR, "rect.chart-bar")) == 6
    assert browser.find_element(By.ID, "clicks-chart").tag_name == "svg"
    rows = {row.get_attribute("id"): row.find_elements(By.TAG_NAME, "td")[1].text
            for row in browser.find_elements(By.CSS_SELECTOR, "#funnel-table tbody tr")}
    assert rows["step-shares"] == "1" and rows["step-signups"] == "1" and rows["step-entries"] == "1"
    # Clicks are written in batches off the redirect: they show within a moment.
    WebDriverWait(browser, 10).until(lambda driver: driver.refresh() or
                                     driver.find_element(By.CSS_SELECTOR, "#step-clicks td.num").text == "1")
