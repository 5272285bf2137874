"""Browser test of activations: staff create and schedule a sweepstakes, a visitor enters it on the hosted page."""
import os
import sqlite3
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import BASE_URL, chromium, wait_for_url
from test_back_office import DEMO_OWNER, log_in


def set_value(browser, element_id, value):
    """Sets an input's value directly (datetime-local fields are typed differently in each locale)."""
    browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, element_id), value)


def test_visitor_enters_a_live_sweepstakes_on_the_hosted_page(browser):
    log_in(browser, *DEMO_OWNER)
    browser.get(BASE_URL + "/activations/new")
    slug = f"jeu-{int(time.time())}"
    Select(browser.find_element(By.ID, "kind")).select_by_value("sweepstakes")
    browser.find_element(By.ID, "slug").send_keys(slug)
    browser.find_element(By.ID, "titleFr").send_keys("Grand jeu de l'été")
    set_value(browser, "opensAt", "2020-01-01T00:00")
    set_value(browser, "closesAt", "2099-01-01T00:00")
    browser.find_element(By.ID, "prizes").send_keys("2 × Glacière, 1")
    browser.find_element(By.ID, "rules").send_keys("Article 1 : jeu gratuit sans obligation d'achat.")
    browser.find_element(By.ID, "save-activation").click()
    wait_for_url(browser, lambda url: "saved=1" in url)
    browser.find_element(By.ID, "do-schedule").click()
    wait_for_url(browser, lambda url: "saved=1" not in url)
    assert len(browser.find_element(By.ID, "commitment").text) == 64
    public_url = browser.find_element(By.ID, "public-page").get_attribute("href")

    visitor = chromium()
    try:
        visitor.implicitly_wait(5)
        visitor.set_window_size(390, 844)  # a phone
        visitor.get(public_url)
        assert "Grand jeu de l'été" in visitor.find_element(By.ID, "activation-title").text
        visitor.find_element(By.ID, "f-email").send_keys(f"visiteur-{slug}@example.com")
        visitor.find_element(By.ID, "f-firstName").send_keys("Inès")
        visitor.find_element(By.ID, "f-lastName").send_keys("Moreau")
        visitor.find_element(By.ID, "enter").click()
        # Without accepting the rules the entry is refused, with the message next to the checkbox.
        assert visitor.find_element(By.ID, "err-acceptRules").is_displayed()
        visitor.find_element(By.ID, "f-acceptRules").click()
        visitor.find_element(By.ID, "enter").click()
        confirmation = visitor.find_element(By.ID, "entry-confirmed")
        assert confirmation.is_displayed()
        assert len(visitor.find_element(By.ID, "entry-token").text) == 32
    finally:
        visitor.quit()

    browser.get(BASE_URL + "/activations")
    browser.find_element(By.LINK_TEXT, "Grand jeu de l'été").click()
    browser.find_element(By.ID, "entries-link").click()
    assert "Inès" in browser.find_element(By.ID, "entry-list").text


def test_widget_on_another_origin_renders_the_activation_in_a_resizing_iframe(browser):
    """A brand's own site (another origin) embeds a live lead form with one script tag; a visitor signs up inside it."""
    import functools
    import http.server
    import tempfile
    import threading

    site_port = 18199
    site_origin = f"http://localhost:{site_port}"
    log_in(browser, *DEMO_OWNER)
    browser.get(BASE_URL + "/activations")
    origins = browser.find_element(By.ID, "allowedOrigins")
    origins.clear()
    origins.send_keys(site_origin)
    browser.find_element(By.ID, "save-appearance").click()
    assert browser.find_element(By.ID, "appearance-saved").is_displayed()

    browser.get(BASE_URL + "/activations/new")
    slug = f"club-{int(time.time())}"
    Select(browser.find_element(By.ID, "kind")).select_by_value("lead_form")
    browser.find_element(By.ID, "slug").send_keys(slug)
    browser.find_element(By.ID, "titleFr").send_keys("Rejoignez le club")
    set_value(browser, "opensAt", "2020-01-01T00:00")
    set_value(browser, "closesAt", "2099-01-01T00:00")
    browser.find_element(By.ID, "save-activation").click()
    wait_for_url(browser, lambda url: "saved=1" in url)
    browser.find_element(By.ID, "do-schedule").click()
    wait_for_url(browser, lambda url: "saved=1" not in url)
    public_url = browser.find_element(By.ID, "public-page").get_attribute("href")

    with tempfile.TemporaryDirectory() as folder:
        with open(f"{folder}/index.html", "w", encoding="utf-8") as page:
            page.write(f'<!doctype html><html><body><h1>Le site de la marque</h1>'
                       f'<script src="{public_url}/widget.js" async></script><p id="after">Pied de page</p></body></html>')
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=folder)
        server = http.server.ThreadingHTTPServer(("", site_port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        visitor = chromium()
        try:
            visitor.implicitly_wait(10)
            visitor.get(site_origin + "/")
            frame = visitor.find_element(By.CSS_SELECTOR, "iframe[data-relais-widget]")
            WebDriverWait(visitor, 20).until(lambda d: frame.value_of_css_property("height") != "640px")
            visitor.switch_to.frame(frame)
            visitor.find_element(By.ID, "f-email").send_keys(f"widget-{slug}@example.com")
            # A full name: later tests of the shared demo database pick the newest member by name.
            visitor.find_element(By.ID, "f-firstName").send_keys("Zoé")
            visitor.find_element(By.ID, "f-lastName").send_keys("Lambert")
            visitor.find_element(By.ID, "enter").click()
            assert visitor.find_element(By.ID, "entry-confirmed").is_displayed()
            visitor.switch_to.default_content()
            assert visitor.find_element(By.ID, "after").is_displayed()
        finally:
            visitor.quit()
            server.shutdown()


def create_and_schedule(browser, kind, slug, title, opens, closes, prizes, extra=None):
    """Creates an activation in the editor, schedules it and returns its public address."""
    log_in(browser, *DEMO_OWNER)
    browser.get(BASE_URL + "/activations/new")
    Select(browser.find_element(By.ID, "kind")).select_by_value(kind)
    browser.find_element(By.ID, "slug").send_keys(slug)
    browser.find_element(By.ID, "titleFr").send_keys(title)
    set_value(browser, "opensAt", opens)
    set_value(browser, "closesAt", closes)
    browser.find_element(By.ID, "prizes").send_keys(prizes)
    browser.find_element(By.ID, "rules").send_keys("Article 1 : jeu gratuit sans obligation d'achat.")
    if extra:
        extra(browser)
    browser.find_element(By.ID, "save-activation").click()
    wait_for_url(browser, lambda url: "saved=1" in url)
    browser.find_element(By.ID, "do-schedule").click()
    wait_for_url(browser, lambda url: "saved=1" not in url)
    assert len(browser.find_element(By.ID, "commitment").text) == 64
    return browser.find_element(By.ID, "public-page").get_attribute("href")


def test_visitor_learns_at_once_that_they_won_an_instant_win(browser):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    # One prize, whose moment is drawn between the scheduling and the closing three hours later. The test
    # brings it to a minute ago in the server's database, as if the visitor came after it: the first
    # entrant takes it.
    closes = (datetime.now(ZoneInfo("Europe/Paris")) + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    slug = f"instant-{int(time.time())}"
    public_url = create_and_schedule(browser, "instant_win", slug, "Instant gagnant", "2000-01-01T00:00", closes, "1 × Casquette")
    with sqlite3.connect(os.path.join(os.environ.get("RELAIS_DATA_DIR", "data"), "relais.sqlite"), timeout=10) as db:
        moved = db.execute("UPDATE activation_moments SET moment_at = ? WHERE activation_id = (SELECT id FROM activations WHERE slug = ?)",
                           (int(time.time() * 1000) - 60_000, slug)).rowcount
    assert moved == 1
    visitor = chromium()
    try:
        visitor.implicitly_wait(5)
        visitor.set_window_size(390, 844)
        visitor.get(public_url)
        visitor.find_element(By.ID, "f-email").send_keys(f"gagnant-{slug}@example.com")
        visitor.find_element(By.ID, "f-firstName").send_keys("Léa")
        visitor.find_element(By.ID, "f-lastName").send_keys("Girard")
        visitor.find_element(By.ID, "f-acceptRules").click()
        visitor.find_element(By.ID, "enter").click()
        assert "Casquette" in visitor.find_element(By.ID, "instant-won").text
    finally:
        visitor.quit()


def test_visitor_answers_a_quiz_and_is_told_what_is_missing(browser):
    def questions(page):
        page.find_element(By.ID, "quizQuestions").send_keys("Couleur du logo ?\n* Rouge\nBleu\n\nVille du siège ?\nLyon\n* Lille")
        page.find_element(By.ID, "quizTieBreak").click()

    slug = f"quiz-{int(time.time())}"
    public_url = create_and_schedule(browser, "quiz", slug, "Le grand quiz", "2020-01-01T00:00", "2099-01-01T00:00",
                                     "1 × Trottinette, 1", questions)
    visitor = chromium()
    try:
        visitor.implicitly_wait(5)
        visitor.set_window_size(390, 844)
        visitor.get(public_url)
        assert "Ville du siège" in visitor.find_element(By.ID, "question-2").text
        visitor.find_element(By.ID, "f-email").send_keys(f"quiz-{slug}@example.com")
        # A full name: later tests of the shared demo database pick the newest member by name.
        visitor.find_element(By.ID, "f-firstName").send_keys("Nina")
        visitor.find_element(By.ID, "f-lastName").send_keys("Carpentier")
        visitor.find_element(By.ID, "f-acceptRules").click()
        visitor.find_element(By.ID, "q1-2").click()
        visitor.find_element(By.ID, "enter").click()
        # Question 2 and the guess are missing: the page says so and keeps the answer already given.
        assert "2" in visitor.find_element(By.ID, "entry-errors").text
        assert visitor.find_element(By.ID, "err-tieBreak").is_displayed()
        assert visitor.find_element(By.ID, "q1-2").is_selected()
        visitor.find_element(By.ID, "q2-2").click()
        visitor.find_element(By.ID, "f-tieBreak").send_keys("12")
        if not visitor.find_element(By.ID, "f-acceptRules").is_selected():
            visitor.find_element(By.ID, "f-acceptRules").click()
        visitor.find_element(By.ID, "enter").click()
        assert visitor.find_element(By.ID, "entry-confirmed").is_displayed()
        assert len(visitor.find_element(By.ID, "entry-token").text) == 32
    finally:
        visitor.quit()
