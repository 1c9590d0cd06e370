"""Browser-test plumbing: a system chromium for Playwright, axe-core on every visited page.

Every test under tests/browser/ is marked ``browser``. Without /usr/bin/chromium they are
skipped on a workstation and left to fail loudly when ``CI`` is set, so a CI image that lost
its browser cannot pass silently.

Chromium runs as an English-language browser (``--lang=en-US`` and an ``en-US`` context
locale, as on an office PC with an English Windows), so every test proves the portal speaks
Korean whatever the browser asks for. ``screenshot(page, name)`` saves a page for a reviewer
under ``$BROWSER_ARTEFACTS`` (default ``test-artifacts/screens/`` in the checkout).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse
# to be called from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe" / "axe.min.js"
DEFAULT_PASSWORD = "pw-Glab-2026!"
BLOCKING_IMPACTS = {"serious", "critical"}
BROWSER_DIR = Path(__file__).resolve().parent
BROWSER_LOCALE = "en-US"
ARTEFACTS = Path(
    os.environ.get("BROWSER_ARTEFACTS")
    or Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"
)
# Collects Content-Security-Policy violations of every page (run by the browser before the
# page's own scripts; init scripts are not subject to the page's policy).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


def pytest_collection_modifyitems(config, items):
    skip = None
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (set CI to fail instead)")
    for item in items:
        if BROWSER_DIR not in Path(str(item.fspath)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if skip is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            *browser_type_launch_args.get("args", []),
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--lang={BROWSER_LOCALE}",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": BROWSER_LOCALE}


@pytest.fixture
def screenshot():
    """Return ``shot(page, name, full_page=True)``: save the page (or only the viewport, as the
    person sees it) as ``$BROWSER_ARTEFACTS/<name>.png``."""

    def shot(page, name, *, full_page=True):
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        if full_page:  # from the top, or a sticky header is drawn where the page was scrolled to
            page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return shot


def _format_violations(violations):
    lines = []
    for violation in violations:
        targets = ", ".join(
            " ".join(node.get("target", [])) if isinstance(node.get("target"), list) else str(node)
            for node in violation.get("nodes", [])
        )
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} -> {targets}")
    return "\n".join(lines)


@pytest.fixture
def axe_check():
    """Return ``check(page)``: run axe-core on the current page, fail on serious/critical."""

    def check(page):
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # By URL, not inline: the Content Security Policy allows scripts from 'self' only.
            origin = page.evaluate("() => location.origin")
            page.add_script_tag(url=f"{origin}/static/vendor/axe/axe.min.js")
        results = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        blocking = [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]
        assert not blocking, f"axe found problems on {page.url}:\n" + _format_violations(blocking)
        return results

    return check


@pytest.fixture
def visit(page, live_server, axe_check):
    """Return ``visit(path, status=200)``: open live_server.url + path (following redirects),
    assert the final response status, wait for load, check the page with axe, return the page."""

    page.add_init_script(CSP_LISTENER)

    def go(path, *, status=200):
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        violations = page.evaluate("() => window.__cspViolations || []")
        assert not violations, f"Content Security Policy violations on {path}: {violations}"
        if status is not None:
            assert response is not None and response.status == status, (
                f"GET {path} ended at {page.url} with {response and response.status}, expected {status}"
            )
        axe_check(page)
        return page

    return go


@pytest.fixture
def login(page, live_server):
    """Return ``login(user, password=...)``: sign in through the real login form."""

    def sign_in(user, password=DEFAULT_PASSWORD):
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=username]", user.get_username())
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("form[action$='/accounts/login/'] button[type=submit]")
        return page

    return sign_in
