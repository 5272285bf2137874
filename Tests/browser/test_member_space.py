"""Browser test of the member's own space: staff copy the link from the member page, the member
opens it on their phone, sees their points, redeems a reward and gets the coupon."""
import json
import time
import urllib.request
from urllib.parse import urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL, chromium
from test_back_office import DEMO_OWNER, log_in


def api(key, method, path, body=None):
    request = urllib.request.Request(BASE_URL + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=20) as response:
        return json.loads(response.read())


def issue_api_key(browser, name):
    """A brand manager key of the demo brand, issued in the back office (shown once)."""
    browser.get(BASE_URL + "/api-keys")
    form = browser.find_element(By.ID, "new-key")
    form.find_element(By.NAME, "name").send_keys(name)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    return browser.find_element(By.ID, "new-key-secret").get_attribute("value")


def test_member_opens_their_space_from_the_staff_link_and_redeems_a_reward(browser):
    stamp = int(time.time())
    log_in(browser, *DEMO_OWNER)
    key = issue_api_key(browser, f"Espace membre {stamp}")
    # A member of its own: the demo's members take part in other tests, and the brand's earning
    # rules may credit them in the background while this test reads a balance.
    member_id = api(key, "POST", "/api/v1/members", {"email": f"espace-{stamp}@example.com", "firstName": "Inès"})["member"]["id"]
    browser.get(BASE_URL + "/members?q=" + f"espace-{stamp}%40example.com")
    member_url = browser.find_elements(By.CSS_SELECTOR, "a.member-link")[0].get_attribute("href")
    assert member_url.rstrip("/").split("/")[-1] == str(member_id)
    api(key, "POST", f"/api/v1/members/{member_id}/points", {"kind": "earn", "points": 150, "reason": f"Bienvenue {stamp}"})
    balance = api(key, "GET", f"/api/v1/members/{member_id}/points")["balance"]
    reward = api(key, "POST", "/api/v1/rewards", {"name": f"Gourde {stamp}", "costPoints": 100, "stock": 3})

    # Staff copy the link from the member page (the copy button comes with JavaScript).
    browser.get(member_url)
    copy = browser.find_element(By.CSS_SELECTOR, "button[data-copy=space-link]")
    assert copy.is_displayed()
    link = browser.find_element(By.ID, "space-link").get_attribute("value")
    parts = urlsplit(link)
    assert parts.path.startswith("/m/") and parts.path.endswith("/space") and parts.query.startswith("m=")

    # The member, not logged in, on a phone-sized screen.
    member = chromium()
    try:
        member.implicitly_wait(5)
        member.set_window_size(390, 844)
        member.get(f"{BASE_URL}{parts.path}?{parts.query}")
        assert member.find_element(By.ID, "space-balance").text == str(balance)
        assert f"Bienvenue {stamp}" in member.find_element(By.ID, "space-history").text
        button = member.find_element(By.ID, f"redeem-{reward['id']}")
        assert button.is_enabled()
        # Nothing wider than the screen: the page reads on a phone without scrolling sideways.
        assert member.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
        sent_form = member.execute_script("return new URLSearchParams(new FormData(arguments[0].form)).toString()", button)
        button.click()
        notice = member.find_element(By.ID, "space-redeemed")
        code = member.find_element(By.ID, "redeemed-code").text
        assert f"Gourde {stamp}" in notice.text and len(code) == 14
        assert member.find_element(By.ID, "space-balance").text == str(balance - 100)
        assert code in member.find_element(By.ID, "space-coupons").text

        # The same form sent a second time (a double tap) gives the same coupon and spends nothing.
        replay = member.execute_script(
            "return fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: arguments[1]})"
            ".then(r => r.text())", parts.path + "/redeem", sent_form)
        assert code in replay
        member.get(f"{BASE_URL}{parts.path}?{parts.query}")
        assert member.find_element(By.ID, "space-balance").text == str(balance - 100)

        # In the other language, the link still opens the same space.
        spoken = member.find_element(By.TAG_NAME, "html").get_attribute("lang")
        member.find_element(By.ID, "language-switch").click()
        WebDriverWait(member, 20).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") != spoken)
        assert "/space?m=" in member.current_url
        assert member.find_element(By.ID, "space-balance").text == str(balance - 100)

        # An altered link shows nothing of the member.
        member.get(f"{BASE_URL}{parts.path}?{parts.query}x")
        assert member.find_elements(By.ID, "space-refused")
        assert not member.find_elements(By.ID, "space-balance")
    finally:
        member.quit()
    coupons = api(key, "GET", f"/api/v1/members/{member_id}/coupons")["items"]
    assert [c["code"] for c in coupons].count(code) == 1
