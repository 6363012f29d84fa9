"""In headless Chromium: one 低保 application through the whole chain by four people.

The cast, as a town office works: 王社区 (community staff) takes the community review and posts
the notice; 李社区 (a second staff member of the community) records how an objection was checked
and closes the notice with its result; 张民政 (civil-affairs officer) takes the town review;
赵民政 (a second officer) records the county approval. Each one logs in and acts on the page with
an opinion; four-eyes refusals are shown to whoever tries to take two steps in a row.
"""

import datetime

import pytest

from tests.factories import civil_affairs_officer, household_with_members, program, staff_of, today
from welfare import services
from welfare.models import Enrollment, Objection

pytestmark = [pytest.mark.e2e]

PASSWORD = "pass-word-123"
S = Enrollment.Status


def named(user, name):
    user.first_name = name
    user.save()
    return user


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")


def submit(page, form):
    """Send one step's form and wait for the enrollment page to come back."""
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def status(enrollment):
    enrollment.refresh_from_db()
    return enrollment.status


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_four_people_take_the_chain_with_opinions_and_four_eyes_hold(live_server, page, ehe):
    wang = named(staff_of(ehe, username="wang_sq"), "王社区")
    li = named(staff_of(ehe, username="li_sq"), "李社区")
    zhang = named(civil_affairs_officer(username="zhang_mz"), "张民政")
    zhao = named(civil_affairs_officer(username="zhao_mz"), "赵民政")
    head = household_with_members(ehe, 3).head
    enrollment = services.enrollment_create(
        user=wang,
        program=program("dibao_urban"),
        resident=head,
        persons_covered=3,
        monthly_income_per_capita=250,
        applied_on=today() - datetime.timedelta(days=12),
        reason="丈夫因病失去劳动能力",
    )
    url = live_server.url + enrollment.get_absolute_url()

    # 1. 王社区: the community review, then the notice (posted on paper nine days ago).
    log_in(page, live_server, "wang_sq")
    page.goto(url)
    page.fill("form[data-step=community_approve] textarea[name=opinion]", "入户核实，情况属实")
    submit(page, "form[data-step=community_approve]")
    assert status(enrollment) == S.COMMUNITY_REVIEWED
    started = today() - datetime.timedelta(days=9)
    page.fill("form[data-step=start_notice] input[name=start]", started.isoformat())
    page.fill("form[data-step=start_notice] input[name=end]", "")
    submit(page, "form[data-step=start_notice]")
    assert status(enrollment) == S.COMMUNITY_REVIEWED  # a past start needs its reason
    page.fill("form[data-step=start_notice] input[name=start]", started.isoformat())
    page.fill("form[data-step=start_notice] input[name=end]", "")
    page.fill("form[data-step=start_notice] textarea[name=late_reason]", "纸质公示已于当日张贴")
    submit(page, "form[data-step=start_notice]")
    assert status(enrollment) == S.PUBLICIZED
    assert enrollment.notice_end == started + datetime.timedelta(days=6)
    page.fill("form[data-step=objection] textarea[name=text]", "邻居反映其家中经营小卖部")
    submit(page, "form[data-step=objection]")
    assert Objection.objects.filter(enrollment=enrollment, handled_at__isnull=True).count() == 1
    # Four eyes: who took the community review cannot close the notice.
    page.fill("form[data-step=close_notice] textarea[name=opinion]", "公示期满")
    submit(page, "form[data-step=close_notice]")
    assert status(enrollment) == S.PUBLICIZED
    assert page.locator(".alert-danger").count() >= 1

    # 2. 李社区: the objection's handling, then the notice's result.
    log_in(page, live_server, "li_sq")
    page.goto(live_server.url + "/welfare/notices/")
    assert head.name in page.locator("[data-testid=notice-community]").inner_text()
    assert page.locator("[data-testid=notice-pdf]").count() == 1
    page.goto(url)
    page.fill("form[data-step=close_notice] textarea[name=opinion]", "公示期满")
    submit(page, "form[data-step=close_notice]")
    assert status(enrollment) == S.PUBLICIZED  # refused: the objection is not handled
    page.select_option("form[data-step=handle_objection] select[name=outcome]", "dismissed")
    page.fill(
        "form[data-step=handle_objection] textarea[name=handling]",
        "入户核实，小卖部已于去年关停，异议不成立",
    )
    submit(page, "form[data-step=handle_objection]")
    assert Objection.objects.get(enrollment=enrollment).handled_by == li
    page.fill("form[data-step=close_notice] textarea[name=opinion]", "公示期满，异议经核实不成立")
    submit(page, "form[data-step=close_notice]")
    assert status(enrollment) == S.NOTICE_CLOSED

    # 3. 张民政: the town review.
    log_in(page, live_server, "zhang_mz")
    page.goto(url)
    page.fill("form[data-step=town_approve] textarea[name=opinion]", "审核同意，报县民政局审批")
    submit(page, "form[data-step=town_approve]")
    assert status(enrollment) == S.TOWN_REVIEWED
    # Four eyes: the same officer cannot record the county's approval.
    page.fill("form[data-step=county_approve] input[name=document_no]", "布民发〔2026〕30号")
    page.fill("form[data-step=county_approve] textarea[name=opinion]", "同意")
    submit(page, "form[data-step=county_approve]")
    assert status(enrollment) == S.TOWN_REVIEWED
    assert page.locator(".alert-danger").count() >= 1

    # 4. 赵民政: the county approval.
    log_in(page, live_server, "zhao_mz")
    page.goto(url)
    page.fill("form[data-step=county_approve] input[name=document_no]", "布民发〔2026〕30号")
    page.fill("form[data-step=county_approve] textarea[name=opinion]", "县民政局审批同意纳入低保")
    submit(page, "form[data-step=county_approve]")
    assert status(enrollment) == S.ACTIVE

    timeline = page.locator("[data-testid=timeline]").inner_text()
    for opinion in (
        "入户核实，情况属实",
        "公示期满，异议经核实不成立",
        "审核同意，报县民政局审批",
        "县民政局审批同意纳入低保",
    ):
        assert opinion in timeline, opinion
    for name in ("王社区", "李社区", "张民政", "赵民政"):
        assert name in timeline, name
    assert "小卖部已于去年关停" in page.locator("[data-testid=objections]").inner_text()
    # The approval form is one click away and is a PDF.
    href = page.locator("[data-testid=approval-pdf]").get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert zhang != zhao and wang != li
