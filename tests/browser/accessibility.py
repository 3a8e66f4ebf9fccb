"""The accessibility gate: axe-core on a page, failing on any WCAG 2.1 A/AA violation."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error, Page

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
_axe = Axe()


def _run_axe(page: Page) -> dict:
    """Run axe on the page that is there once navigation has settled.

    A click on a link starts a navigation without waiting for it to finish; axe started in that
    moment finds the old document torn down. Then wait for the new page and run again.
    """
    for _ in range(2):
        page.wait_for_load_state("load")
        try:
            return _axe.run(page, options=WCAG_21_AA).response
        except Error as error:
            if not _interrupted_by_navigation(error):
                raise
    page.wait_for_load_state("load")
    return _axe.run(page, options=WCAG_21_AA).response


def _interrupted_by_navigation(error: Error) -> bool:
    return "documentElement" in error.message or "context was destroyed" in error.message


def assert_accessible(page: Page) -> None:
    response = _run_axe(page)
    violations = response["violations"]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe found WCAG 2.1 AA violations on {page.url}:\n{report}"


def assert_fits_the_screen(page: Page) -> None:
    """Nothing sticks out sideways: the page reflows instead of scrolling horizontally."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px too wide for the screen"
