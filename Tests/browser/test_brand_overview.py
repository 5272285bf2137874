"""Browser test of the brand overview: the marketing director's home shows the community P&L,
the cohort heat map with its table beneath, and changes period from the form."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE_URL, wait_for_url
from test_back_office import DEMO_OWNER, log_in


def test_brand_overview_shows_the_cohort_heat_map_and_its_table(browser):
    log_in(browser, *DEMO_OWNER)
    browser.find_element(By.ID, "nav-overview").click()
    wait_for_url(browser, lambda url: "/overview" in url)
    assert browser.find_element(By.CSS_SELECTOR, "#summary-members dd").text.strip().isdigit()
    heat_map = browser.find_element(By.CSS_SELECTOR, "#cohorts svg.chart-heatmap")
    assert heat_map.get_attribute("role") == "img"
    cells = heat_map.find_elements(By.CSS_SELECTOR, "rect.chart-cell")
    rows = browser.find_elements(By.CSS_SELECTOR, "#cohorts-table tbody tr")
    assert len(rows) >= 1 and len(cells) >= len(rows)
    # Each cohort of the table is a row of the heat map: its first cell holds the same figure.
    first = rows[0].find_elements(By.CSS_SELECTOR, "td")
    assert first[0].text.strip().isdigit()
    assert browser.find_element(By.CSS_SELECTOR, "#trend svg.chart-line") is not None
    assert browser.find_elements(By.CSS_SELECTOR, "#months-table tbody tr")

    # A quarter of the current year, chosen in the form.
    year = browser.find_element(By.ID, "period-year").get_attribute("value") or browser.find_element(By.CSS_SELECTOR, "h1 small").text.split("·")[-1].strip()
    Select(browser.find_element(By.ID, "period-kind")).select_by_value("quarter")
    browser.find_element(By.ID, "period-year").clear()
    browser.find_element(By.ID, "period-year").send_keys(year[:4])
    Select(browser.find_element(By.ID, "period-quarter")).select_by_visible_text("Q1")
    browser.find_element(By.ID, "show-period").click()
    wait_for_url(browser, lambda url: "kind=quarter" in url)
    assert f"{year[:4]}-Q1" in browser.find_element(By.CSS_SELECTOR, "h1 small").text
    assert browser.find_element(By.ID, "overview-csv").get_attribute("href").startswith(BASE_URL + "/overview.csv?period=")
