"""A head updates a commitment's status and adds evidence; the public page lists signatories."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from charters.models import Evidence, Progress
from demo.charters import seed_charters
from demo.people import DEMO_PASSWORD, seed_people

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(live_server, settings, tmp_path: Path) -> str:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    seed_people()
    seed_charters()
    return str(live_server.url)


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_head_updates_a_commitment_and_adds_evidence(
    page: Page, demo: str, tmp_path: Path
) -> None:
    _sign_in(page, demo, "head@riverside.example.org")
    assert_accessible(page, "home-head-with-charter")
    page.get_by_role(
        "link", name="Education staff wellbeing charter: your school's progress"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oakfield Primary Academy")
    assert_accessible(page, "charter-school")

    page.get_by_role("link", name="Drive down unnecessary workload").click()
    assert_accessible(page, "charter-commitment")
    page.get_by_role("radio", name="Embedded").check()
    page.get_by_label("I have reviewed this today").check()
    page.get_by_role("button", name="Save status").click()
    expect(page.get_by_text("Status saved.")).to_be_visible()

    minutes = tmp_path / "workload-minutes.pdf"
    minutes.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n")
    page.get_by_label("Or a file").set_input_files(str(minutes))
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("link", name="workload-minutes.pdf")).to_be_visible()
    assert_accessible(page, "charter-commitment-updated")

    progress = Progress.objects.get(
        school__urn="900101",
        commitment_key="reduce-unnecessary-workload",
        charter__template_key="education-staff-wellbeing",
    )
    assert progress.status == "embedded"
    assert progress.last_reviewed_on is not None
    assert Evidence.objects.filter(file_name="workload-minutes.pdf").exists()


def test_a_disguised_file_gets_a_clear_error(page: Page, demo: str, tmp_path: Path) -> None:
    _sign_in(page, demo, "champion@riverside.example.org")
    assert_accessible(page, "home-champion")
    page.goto(f"{demo}/charters/")
    page.get_by_role("link", name="Education staff wellbeing charter").first.click()
    assert_accessible(page, "charter-detail-champion")
    page.get_by_role("link", name="Oakfield Primary Academy: progress on each commitment").click()
    page.get_by_role("link", name="Drive down unnecessary workload").click()
    fake = tmp_path / "minutes.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    page.get_by_label("Or a file").set_input_files(str(fake))
    page.get_by_role("button", name="Add evidence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("not a real .pdf")
    assert_accessible(page, "charter-evidence-error")
    assert not Evidence.objects.filter(file_name="minutes.pdf").exists()


def test_the_lead_sees_the_grid_and_anyone_the_public_page(page: Page, demo: str, settings) -> None:
    settings.PORTAL_REQUIRE_MFA = False  # this journey is about charters, not MFA
    _sign_in(page, demo, "lead@riverside.example.org")
    assert_accessible(page, "home-lead")
    page.goto(f"{demo}/charters/")
    assert_accessible(page, "charter-list")
    page.get_by_role("link", name="Education staff wellbeing charter").first.click()
    assert_accessible(page, "charter-detail")
    page.get_by_role("link", name="Every school and commitment at a glance").click()
    expect(page.get_by_role("row", name="Oakfield Primary Academy")).to_be_visible()
    assert_accessible(page, "charter-grid")
    page.get_by_role("link", name="Back to the charter").click()
    page.get_by_role("link", name="Public page with signatories").click()
    expect(page.get_by_text("Dr Priya Sharma, Chief executive")).to_be_visible()
    assert_accessible(page, "charter-public")
    page.goto(f"{demo}/charters/schools/{Progress.objects.first().school_id}/action-group/")  # type: ignore[union-attr]
    assert_accessible(page, "charter-action-group")
