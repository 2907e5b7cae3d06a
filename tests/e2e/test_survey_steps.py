"""The survey in steps on a phone (375 px): through a school's shared link, a section a
page, back a step, a change made from the check-answers page, sent, the receipt code
shown; every kind of page passes axe-core and none is wider than the phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from surveys.models import OpenLink, PendingResponse, Wave

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def _fits(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width} px wide on a 375 px phone"


def _answer_section(page: Page, choice: int) -> None:
    """Choose the answer numbered `choice` (from 0) for every statement on the page."""
    groups = page.locator("fieldset")
    for n in range(groups.count()):
        groups.nth(n).get_by_role("radio").nth(choice).check()


def test_a_survey_answered_step_by_step_on_a_phone(phone: Page, demo: str) -> None:
    page = phone
    wave = Wave.objects.get(title="Staff wellbeing survey, this term")
    link = OpenLink.objects.get(wave=wave, school__urn="900104")
    before = PendingResponse.objects.filter(wave=wave).count()
    page.goto(f"{demo}/surveys/o/{link.token}/")
    assert_accessible(page, "steps-start")
    _fits(page)
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_text("Section 1 of")).to_be_visible()
    page.get_by_role("button", name="Continue").click()  # nothing chosen
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page, "steps-error")
    _fits(page)
    page.get_by_label("Teaching staff").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("Section 2 of")).to_be_visible()
    first_section = page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page, "steps-section")
    _fits(page)
    _answer_section(page, 3)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Section 3 of")).to_be_visible()

    # Back a step: the answers are still chosen.
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_text("Section 2 of")).to_be_visible()
    radios = page.locator("fieldset").first.get_by_role("radio")
    expect(radios.nth(3)).to_be_checked()
    page.get_by_role("button", name="Continue").click()

    for _ in range(20):
        if page.get_by_label("Is there anything else you want to tell us? (optional)").count():
            break
        expect(page.locator(".govuk-caption-l").first).to_contain_text("Section")
        _answer_section(page, 3)
        page.get_by_role("button", name="Continue").click()
    else:
        pytest.fail("Never reached the comment")
    assert_accessible(page, "steps-comment")
    _fits(page)
    page.get_by_label("Is there anything else you want to tell us? (optional)").fill(
        "More time to plan, please."
    )
    page.get_by_role("button", name="Continue").click()

    expect(
        page.get_by_role("heading", name="Check your answers before sending them")
    ).to_be_visible()
    expect(page.get_by_text("More time to plan, please.")).to_be_visible()
    assert_accessible(page, "steps-check")
    _fits(page)
    # Change the first statement of the first section, and come back to the check page.
    page.get_by_role("button", name=f"Change your answers: {first_section}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first_section)
    statement = page.locator("fieldset").first.locator("legend").inner_text()
    page.locator("fieldset").first.get_by_role("radio").nth(0).check()
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_role("heading", name="Check your answers before sending them")
    ).to_be_visible()
    row = page.locator(".govuk-summary-list__row").filter(has_text=statement).first
    expect(row.locator("dd")).to_have_text("Strongly disagree")
    assert PendingResponse.objects.filter(wave=wave).count() == before  # nothing sent yet

    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert len(page.get_by_test_id("receipt-code").inner_text()) == 11
    expect(page.get_by_text("any time after the survey closes")).to_be_visible()
    assert_accessible(page, "steps-thanks")
    _fits(page)
    assert PendingResponse.objects.filter(wave=wave).count() == before + 1

    page.goto(f"{demo}/surveys/receipt/")
    expect(page.get_by_role("heading", name="How to check for a reply")).to_be_visible()
    assert_accessible(page, "steps-receipt")
    _fits(page)
