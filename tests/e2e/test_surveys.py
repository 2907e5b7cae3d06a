"""Surveys in a real browser: a staff member answers from the invitation email using only
the keyboard; a head sees results with suppression; every survey page passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from demo.people import DEMO_PASSWORD
from surveys.models import Comment, Invitation, OpenLink, PendingResponse, Wave
from surveys.services import token_hash

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _focused(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => { const e = document.activeElement; return {
            tag: e.tagName, type: e.type || '', name: e.name || '',
            text: (e.innerText || e.value || '').trim() }; }"""
    )


def _tab_to(page: Page, text: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focused(page)["text"].startswith(text):
            return
    pytest.fail(f"Could not reach '{text}' with the Tab key")


def test_a_staff_member_answers_from_the_email_with_the_keyboard_only(
    page: Page, demo: str
) -> None:
    wave = Wave.objects.get(title="Staff wellbeing survey, this term")
    # The email's link is not kept once sent: give the invitation a link we know.
    token = "e2e-keyboard-only-invitation-link-0123456789"
    Invitation.objects.filter(wave=wave, user__email="staff@riverside.example.org").update(
        token_hash=token_hash(token)
    )
    path = f"/surveys/i/{token}/"
    before = PendingResponse.objects.filter(wave=wave).count()

    page.goto(f"{demo}{path}")
    expect(page.get_by_text("at least 5 people")).to_be_visible()
    assert_accessible(page, "survey-start")
    _tab_to(page, "Start now")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Continue")).to_be_visible()
    assert_accessible(page, "survey-form")

    # A section a page: answer each with the keyboard, Continue, then send from the check page.
    answered: set[str] = set()
    for _ in range(2000):
        page.keyboard.press("Tab")
        focus = _focused(page)
        if focus["type"] == "radio" and focus["name"] not in answered:
            page.keyboard.press("Space")  # the first answer…
            page.keyboard.press("ArrowDown")  # …then move on to (and choose) the next
            page.keyboard.press("ArrowDown")
            if focus["name"].startswith("item_"):
                page.keyboard.press("ArrowDown")  # "Agree"
            answered.add(focus["name"])
        elif focus["tag"] == "TEXTAREA":
            page.keyboard.type("Quiet hours for email would help.")
        elif focus["tag"] == "BUTTON" and focus["text"] == "Continue":
            with page.expect_navigation():
                page.keyboard.press("Enter")
        elif focus["tag"] == "BUTTON" and focus["text"] == "Send my answers":
            page.keyboard.press("Enter")
            break
    else:
        pytest.fail("Never reached the send button")

    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    code = page.get_by_test_id("receipt-code").inner_text()
    assert len(code) == 11
    assert_accessible(page, "survey-thanks")
    # Sealed until its batch: nothing readable in the results tables yet.
    assert PendingResponse.objects.filter(wave=wave).count() == before + 1
    assert Invitation.objects.get(wave=wave, user__email="staff@riverside.example.org").completed
    assert not Comment.objects.filter(text="Quiet hours for email would help.").exists()

    # The code holder's page (nothing to read while the survey is open), and the link again.
    page.goto(f"{demo}/surveys/receipt/")
    page.get_by_label("Your receipt code").fill(code)
    page.get_by_role("button", name="Show replies").click()
    expect(page.get_by_text("No comment can be read with that code yet").first).to_be_visible()
    assert_accessible(page, "survey-receipt")
    page.goto(f"{demo}{path}")
    expect(page.get_by_text("You have already answered this survey")).to_be_visible()
    assert_accessible(page, "survey-already-answered")


def test_a_head_sees_results_with_suppression(page: Page, demo: str) -> None:
    _sign_in(page, demo, "head@riverside.example.org")
    page.get_by_role("link", name="Surveys", exact=True).click()
    assert_accessible(page, "surveys-index-head")
    page.get_by_role("link", name="Staff wellbeing survey, last autumn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Staff wellbeing survey, last autumn: results"
    )
    expect(page.get_by_text("Results are shown only for groups of at least 5")).to_be_visible()
    roles = page.get_by_test_id("roles")
    expect(roles.get_by_text("Hidden").first).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    assert_accessible(page, "survey-results-school")
    page.get_by_role("link", name="Add an action on Health").click()
    assert_accessible(page, "survey-action")


def test_the_lead_runs_surveys_and_every_page_passes_axe(page: Page, demo: str) -> None:
    _sign_in(page, demo, "lead@riverside.example.org")
    page.goto(f"{demo}/surveys/")
    assert_accessible(page, "surveys-index-lead")
    page.get_by_role("link", name="Start a new wave").click()
    page.get_by_role("button", name="Save the wave").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page, "survey-wave-create-errors")
    page.goto(f"{demo}/surveys/")
    page.get_by_role("link", name="Staff wellbeing survey, this term").first.click()
    expect(
        page.get_by_role("img", name="QR code for the survey link for Oakfield Primary Academy")
    ).to_be_visible()
    assert_accessible(page, "survey-wave-detail-open")
    closed = Wave.objects.get(title="Staff wellbeing survey, last autumn")
    page.goto(f"{demo}/surveys/waves/{closed.pk}/")
    assert_accessible(page, "survey-wave-detail-closed")
    page.get_by_role("link", name="Redact").first.click()
    assert_accessible(page, "survey-redact")
    page.goto(f"{demo}/surveys/waves/{closed.pk}/results/")
    expect(page.get_by_role("img", name="Schools by domain")).to_be_visible()
    expect(page.get_by_text("Hidden").first).to_be_visible()
    assert_accessible(page, "survey-results-organisation")
    page.goto(f"{demo}/surveys/organisations/riverside/instruments/import/")
    assert_accessible(page, "survey-import")
    page.goto(f"{demo}/surveys/organisations/riverside/surveys/new/")
    page.get_by_label("Name of the survey").fill("Workload pulse")
    page.get_by_role("button", name="Save the survey").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page, "survey-build-errors")


def test_a_draft_is_kept_for_an_invitation_not_on_the_open_link(page: Page, demo: str) -> None:
    wave = Wave.objects.get(title="Staff wellbeing survey, this term")
    token = "e2e-draft-invitation-link-0123456789abcdef"
    Invitation.objects.filter(wave=wave, user__email="champion@riverside.example.org").update(
        token_hash=token_hash(token)
    )
    page.goto(f"{demo}/surveys/i/{token}/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("group", name="Which best describes your job?").get_by_label(
        "Support staff"
    ).check()
    page.get_by_role("button", name="Save and finish later").click()
    expect(
        page.get_by_role("heading", name="Your answers are saved on this device")
    ).to_be_visible()
    assert_accessible(page, "survey-saved")
    page.get_by_role("link", name="Carry on now").click()
    expect(page.get_by_text("Section 2 of")).to_be_visible()  # where they stopped
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_label("Support staff")).to_be_checked()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # nothing answered on this one
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page, "survey-form-errors")

    # The shared link keeps nothing: the portal cannot tell two people on one device apart.
    link = OpenLink.objects.get(wave=wave, school__urn="900104")
    page.goto(f"{demo}/surveys/o/{link.token}/")
    expect(page.get_by_text("Willow Bank Special School")).to_be_visible()
    expect(page.get_by_text("does not keep unfinished answers").first).to_be_visible()
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("button", name="Continue")).to_be_visible()
    expect(page.get_by_role("button", name="Save and finish later")).to_have_count(0)

    _sign_in(page, demo, "officer@riverside.example.org")
    page.goto(f"{demo}/surveys/")
    page.get_by_role("link", name="Staff wellbeing survey, last autumn").click()
    expect(page.get_by_role("link", name="Brookside All-Through School")).to_be_visible()
    assert_accessible(page, "survey-results-choose-school")
