"""Browser tests of idea contests and referral: an idea with its image, moderated and voted on by a member
recognised by an e-mailed code; a friend who joins through a member's invitation link."""
import base64
import os
import re
import sqlite3
import tempfile
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE_URL, chromium, wait_for_url
from test_activations import set_value
from test_back_office import DEMO_OWNER, log_in

# A real 1×1 PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def outbox(recipient, purpose):
    """The body and subject of the last outbox message to `recipient` (the server's SQLite, read beside it)."""
    path = os.path.join(os.environ.get("RELAIS_DATA_DIR", "data"), "relais.sqlite")
    with sqlite3.connect(path) as db:
        row = db.execute("SELECT subject, body FROM outbox_messages WHERE recipient = ? AND purpose = ? ORDER BY id DESC LIMIT 1",
                         (recipient, purpose)).fetchone()
    assert row, f"no {purpose} message to {recipient}"
    return row


def create_live_activation(browser, kind, slug, title):
    """Creates and schedules an activation open since 2020 in the back office; returns its public address."""
    browser.get(BASE_URL + "/activations/new")
    Select(browser.find_element(By.ID, "kind")).select_by_value(kind)
    browser.find_element(By.ID, "slug").send_keys(slug)
    browser.find_element(By.ID, "titleFr").send_keys(title)
    set_value(browser, "opensAt", "2020-01-01T00:00")
    set_value(browser, "closesAt", "2099-01-01T00:00")
    browser.find_element(By.ID, "save-activation").click()
    wait_for_url(browser, lambda url: "saved=1" in url)
    browser.find_element(By.ID, "do-schedule").click()
    wait_for_url(browser, lambda url: "saved=1" not in url)
    return browser.find_element(By.ID, "public-page").get_attribute("href")


def submit_idea(visitor, public_url, email, first, last, title, image_path):
    visitor.get(public_url)
    visitor.find_element(By.ID, "f-email").send_keys(email)
    visitor.find_element(By.ID, "f-firstName").send_keys(first)
    visitor.find_element(By.ID, "f-lastName").send_keys(last)
    visitor.find_element(By.ID, "f-ideaTitle").send_keys(title)
    visitor.find_element(By.ID, "f-ideaText").send_keys("Des panneaux solaires sur la flèche pour éclairer le chantier la nuit.")
    if image_path:
        visitor.find_element(By.ID, "f-image").send_keys(image_path)
    visitor.find_element(By.ID, "enter").click()


def test_member_submits_an_idea_with_an_image_staff_approve_it_and_another_member_votes(browser):
    stamp = int(time.time())
    log_in(browser, *DEMO_OWNER)
    public_url = create_live_activation(browser, "idea", f"idees-{stamp}", "Vos idées de chantier")
    editor_url = browser.current_url

    with tempfile.TemporaryDirectory() as folder:
        fake = os.path.join(folder, "photo.png")
        with open(fake, "wb") as file:
            file.write(b"GIF89a not really a png")
        photo = os.path.join(folder, "grue.png")
        with open(photo, "wb") as file:
            file.write(PNG)
        author = chromium()
        voter = chromium()
        try:
            for driver in (author, voter):
                driver.implicitly_wait(5)
                driver.set_window_size(390, 844)  # a phone
            author_email = f"idee-{stamp}@example.com"
            submit_idea(author, public_url, author_email, "Nora", "Petit", "Une grue solaire", fake)
            # The declared type says PNG, the bytes say otherwise: refused beside the field, nothing recorded.
            assert author.find_element(By.ID, "err-image").is_displayed()
            submit_idea(author, public_url, author_email, "Nora", "Petit", "Une grue solaire", photo)
            assert author.find_element(By.ID, "entry-confirmed").is_displayed()
            assert author.find_element(By.ID, "idea-pending").is_displayed()

            voter_email = f"votant-{stamp}@example.com"
            submit_idea(voter, public_url, voter_email, "Malik", "Roux", "Une cabine chauffée", None)
            assert voter.find_element(By.ID, "entry-confirmed").is_displayed()

            # Staff approve the idea with the image in the moderation queue.
            browser.get(editor_url)
            browser.find_element(By.ID, "moderation-link").click()
            row = browser.find_element(By.XPATH, "//tr[contains(., 'Une grue solaire')]")
            row.find_element(By.CSS_SELECTOR, "button[id^=approve-]").click()
            wait_for_url(browser, lambda url: "status=pending" in url)
            assert "Une grue solaire" not in browser.find_element(By.TAG_NAME, "main").text

            # The voter is recognised by a code e-mailed to them, then votes.
            voter.get(public_url)
            idea = voter.find_element(By.XPATH, "//article[contains(@class, 'idea')][contains(., 'Une grue solaire')]")
            image = idea.find_element(By.CSS_SELECTOR, "img.idea-image")
            assert voter.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) == 1
            assert "Nora P." in idea.text and "Petit" not in idea.text
            voter.find_element(By.ID, "f-codeEmail").send_keys(voter_email)
            voter.find_element(By.ID, "send-code").click()
            assert voter.find_element(By.ID, "code-sent").is_displayed()
            subject, _ = outbox(voter_email, "member_code")
            voter.find_element(By.ID, "f-code").send_keys(re.search(r"\d{6}", subject).group(0))
            voter.find_element(By.ID, "check-code").click()
            assert voter.find_element(By.ID, "known-member").is_displayed()
            idea_id = voter.find_element(By.XPATH, "//article[contains(@class, 'idea')][contains(., 'Une grue solaire')]").get_attribute("id").split("-")[1]
            voter.find_element(By.ID, f"vote-{idea_id}").click()
            assert voter.find_element(By.ID, f"voted-{idea_id}").is_displayed()
            assert voter.find_element(By.ID, f"votes-{idea_id}").text == "1"
            # Back and vote again: the button is gone, the vote counted once.
            voter.back()
            voter.refresh()
            assert voter.find_element(By.ID, f"votes-{idea_id}").text == "1"
        finally:
            author.quit()
            voter.quit()

    browser.get(editor_url)
    ranking = browser.find_element(By.ID, "idea-ranking").text
    assert "Une grue solaire" in ranking


def test_friend_joins_through_a_members_invitation_link(browser):
    stamp = int(time.time())
    log_in(browser, *DEMO_OWNER)
    public_url = create_live_activation(browser, "referral", f"parrainage-{stamp}", "Parrainez vos amis")
    editor_url = browser.current_url

    member = chromium()
    friend = chromium()
    try:
        for driver in (member, friend):
            driver.implicitly_wait(5)
            driver.set_window_size(390, 844)
        member_email = f"marraine-{stamp}@example.com"
        member.get(public_url)
        member.find_element(By.ID, "f-email").send_keys(member_email)
        member.find_element(By.ID, "f-firstName").send_keys("Alice")
        member.find_element(By.ID, "f-lastName").send_keys("Garnier")
        member.find_element(By.ID, "enter").click()
        invitation = member.find_element(By.ID, "invitation-link").get_attribute("value")
        assert "?r=" in invitation

        friend.get(invitation)
        assert friend.find_element(By.ID, "invited").is_displayed()
        friend.find_element(By.ID, "f-email").send_keys(f"filleul-{stamp}@example.com")
        friend.find_element(By.ID, "f-firstName").send_keys("Bastien")
        friend.find_element(By.ID, "f-lastName").send_keys("Lemoine")
        friend.find_element(By.ID, "enter").click()
        assert friend.find_element(By.ID, "entry-confirmed").is_displayed()

        # The member's own page (through the link of her e-mail) counts the friend.
        _, body = outbox(member_email, "activation_entry")
        member.get(BASE_URL + re.search(r"/a/\S+\?m=\S+", body).group(0))
        assert member.find_element(By.ID, "friends-joined").text.endswith("1")
    finally:
        member.quit()
        friend.quit()

    browser.get(editor_url)
    assert "Bastien Lemoine" in browser.find_element(By.ID, "referral-list").text
    assert "Alice Garnier" in browser.find_element(By.ID, "referrer-list").text
