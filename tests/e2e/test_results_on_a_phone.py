"""Survey results read on a 375 px phone and a 1280 px desktop: the page never scrolls
sideways (a chart or table too wide scrolls inside its own box), no chart text is drawn
smaller than 12 px, the highlights lead the page, and axe-core finds nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from demo.people import DEMO_PASSWORD
from surveys.models import Wave
from wellbeing_portal.people.models import School

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

WAVE = "Staff wellbeing survey, last autumn"
SIZES = {"phone": (375, 740), "desktop": (1280, 900)}

# The size each chart text is drawn at on screen: its font size scaled by the chart's
# transform to the page, and the height of its box as laid out.
TEXT_SIZES = """() => [...document.querySelectorAll('svg text')].map((text) => {
    const scale = text.ownerSVGElement.getScreenCTM().a;
    const size = parseFloat(getComputedStyle(text).fontSize) * scale;
    return {text: text.textContent, size, height: text.getBoundingClientRect().height};
})"""
# How wide the page is, and (to say what is at fault) the elements that reach past it.
OVERFLOW = """() => {
    const client = document.documentElement.clientWidth;
    const wide = [...document.body.querySelectorAll('*')]
        .filter((e) => e.getBoundingClientRect().right > client + 1)
        .filter((e) => !e.parentElement.closest('.portal-scroll'))
        .slice(0, 5)
        .map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
    return {scroll: document.documentElement.scrollWidth, client, wide};
}"""


@pytest.fixture(params=list(SIZES))
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    width, height = SIZES[request.param]
    phone = request.param == "phone"
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    yield page
    context.close()


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _check_reads(page: Page, name: str) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 0
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scroll"] <= overflow["client"], (
        f"{name}: the page scrolls sideways: {overflow['wide']}"
    )
    texts = page.evaluate(TEXT_SIZES)
    assert texts, f"{name}: no chart text at all"
    small = [t for t in texts if t["size"] < 12 or (t["text"].strip() and t["height"] < 12)]
    assert not small, f"{name} at {width} px: chart text under 12 px: {small[:5]}"
    assert_accessible(page, f"{name}-{width}")


def test_the_trust_results_read_on_a_phone_and_a_desktop(screen: Page, demo: str) -> None:
    wave = Wave.objects.get(title=WAVE)
    _sign_in(screen, demo, "lead@riverside.example.org")
    screen.goto(f"{demo}/surveys/waves/{wave.pk}/results/")
    highlights = screen.get_by_test_id("highlights")
    expect(
        highlights.get_by_role("heading", name="Biggest changes since last wave")
    ).to_be_visible()
    expect(highlights.get_by_test_id("changes").get_by_role("listitem").first).to_contain_text(
        "from"
    )
    expect(highlights.get_by_test_id("strengths").get_by_role("listitem").first).to_be_visible()
    expect(screen.get_by_role("img", name="Schools by domain")).to_be_attached()
    expect(screen.get_by_text("Within 0.1 of the trust average")).to_be_attached()
    # The heatmap's text equivalent is one link away, and says what the colours say.
    screen.get_by_role("link", name="The same figures as a table").click()
    expect(screen.get_by_role("region", name="Mean score per school and domain")).to_contain_text(
        "Trust average"
    )
    _check_reads(screen, "results-organisation")


def test_a_schools_results_read_on_a_phone_and_a_desktop(screen: Page, demo: str) -> None:
    wave = Wave.objects.get(title=WAVE)
    oakfield = School.objects.get(name="Oakfield Primary Academy")
    _sign_in(screen, demo, "head@riverside.example.org")
    screen.goto(f"{demo}/surveys/waves/{wave.pk}/results/schools/{oakfield.pk}/")
    highlights = screen.get_by_test_id("highlights")
    expect(highlights.get_by_test_id("strengths")).to_contain_text("trust average")
    expect(highlights.get_by_test_id("changes").get_by_role("listitem").first).to_be_visible()
    add_action = screen.get_by_role("link", name="Add an action on Health")
    add_action.scroll_into_view_if_needed()
    expect(add_action).to_be_in_viewport()
    _check_reads(screen, "results-school")


def test_the_first_wave_says_there_is_nothing_to_compare_with(page: Page, demo: str) -> None:
    wave = Wave.objects.get(title="Staff wellbeing survey, last spring")
    _sign_in(page, demo, "lead@riverside.example.org")
    page.goto(f"{demo}/surveys/waves/{wave.pk}/results/")
    expect(page.get_by_test_id("no-previous-wave")).to_be_visible()
    expect(page.get_by_test_id("strengths")).to_be_visible()
