"""The page frame (base.html) passes axe and fits a 360px phone screen."""

import pytest

PHONE_WIDTH = 360


@pytest.mark.parametrize("path", ["/", "/accounts/login/"])
def test_page_frame_is_accessible_and_fits_a_phone(visit, page, path):
    visit(path)
    assert page.locator("main#main-content").count() == 1
    assert page.locator("h1").count() == 1

    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    page.wait_for_timeout(100)
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= PHONE_WIDTH
