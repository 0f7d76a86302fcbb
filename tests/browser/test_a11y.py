"""Accessibility and polish in the browser, in Danish (issue 17): what a Danish user sees, and what axe cannot see."""
import pytest

from .conftest import screenshot
from .test_directory import activities  # noqa: F401  (fixture: seven published activities around Aarhus)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_map_markers_are_spread_in_danish(page, activities):  # noqa: F811
    """Numbers in SVG must not get decimal commas: with cx="231,6" every marker collapses into the corner."""
    page.goto(page.base_url + "/activities/?view=map&postcode=8000&distance=50")
    assert page.evaluate("document.documentElement.lang") == "da"
    dots = page.locator(".dir-map-svg circle[r='12']")
    assert dots.count() == 7
    boxes = [dots.nth(i).bounding_box() for i in range(dots.count())]
    positions = {(round(b["x"]), round(b["y"])) for b in boxes}
    assert len(positions) >= 3, positions  # Aarhus C, 8200 and Randers lie apart
    svg = page.locator(".dir-map-svg").bounding_box()
    assert any(b["x"] - svg["x"] > 50 and b["y"] - svg["y"] > 50 for b in boxes)  # not all in the top-left corner
    screenshot(page, "a11y-map-da")
