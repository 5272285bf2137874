"""Browser test of the listening page: posts imported through the API raise a volume-spike alert,
shown as a banner, and the sites they came from fill the "where the brand is discussed" table."""
import json
import time
import urllib.request
from datetime import datetime, timedelta, timezone

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL
from test_back_office import DEMO_OWNER, log_in
from test_loyalty_screens import new_api_key


def api(key, method, path, body=None):
    """Calls the REST API with a key; returns the decoded answer."""
    request = urllib.request.Request(BASE_URL + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_listening_page_shows_a_spike_alert_and_where_the_brand_is_discussed(browser):
    stamp = int(time.time())
    word = f"zorblax{stamp}"
    log_in(browser, *DEMO_OWNER)
    key = new_api_key(browser, f"Listening {stamp}")
    query = api(key, "POST", "/api/v1/listening/queries", {"name": f"Zorblax {stamp}", "kind": "brand", "query": word})
    api(key, "PUT", f"/api/v1/listening/queries/{query['id']}/alert-settings", {"spikeMinCount": 5, "negativeMinCount": 100000})
    now = datetime.now(timezone.utc)
    lines = []
    # One post an hour for a day, then twelve in the last hour: λ = 1, x = 12, z = 11.
    for hour in range(1, 25):
        lines.append({"id": f"{stamp}-base-{hour}", "url": f"https://blog-{stamp}.example/{hour}",
                      "text": f"Article {hour} du blog : la nouvelle {word} est disponible en magasin depuis ce matin pour tout le monde.",
                      "publishedAt": iso(now - timedelta(minutes=hour * 60 + 30))})
    for index in range(12):
        lines.append({"id": f"{stamp}-burst-{index}", "url": f"https://forum-{stamp}.example/t/{index}", "author": "Camille",
                      "text": f"Message {index} du forum : tout le monde parle de {word} aujourd'hui, la rupture de stock est partout.",
                      "publishedAt": iso(now - timedelta(minutes=2 + 3 * index))})
    report = api(key, "POST", "/api/v1/listening/imports", {"format": "jsonl", "data": "\n".join(json.dumps(line) for line in lines)})
    assert report["newMentions"] == 36, report

    browser.get(BASE_URL + "/listening")
    banner = browser.find_element(By.ID, "alert-banner")
    assert f"Zorblax {stamp}" in banner.text
    assert "12 mentions" in banner.text
    sites = browser.find_element(By.ID, "where-sites")
    row = next(r for r in sites.find_elements(By.TAG_NAME, "tr") if f"forum-{stamp}.example" in r.text)
    assert row.find_elements(By.TAG_NAME, "td")[1].text == "12"
    assert browser.find_element(By.ID, "listening-sites-chart").is_displayed()

    # Marked as seen from the banner; the alerts page lists it with its figures.
    alert_id = api(key, "GET", f"/api/v1/listening/alerts?status=open&query={query['id']}")["items"][0]["id"]
    button = browser.find_element(By.ID, f"ack-{alert_id}")
    button.click()
    # The form posts and comes back to the listening page; let it arrive before going elsewhere.
    WebDriverWait(browser, 20).until(expected_conditions.staleness_of(button))
    WebDriverWait(browser, 20).until(lambda d: d.current_url.split("?")[0].endswith("/listening")
                                     and d.execute_script("return document.readyState") == "complete")
    browser.get(BASE_URL + "/listening/alerts")
    assert "z = 11.0" in browser.find_element(By.ID, f"alert-{alert_id}").text
