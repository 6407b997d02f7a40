"""The Images page: pulling an image with its progress streamed, and its error when no registry answers."""

from conftest import eventually, screenshot, wait_live


def test_a_pull_with_no_reachable_registry_says_why(server, page):
    page.goto(server.url + "/#/images")
    wait_live(page)
    field = page.locator('input[aria-label="Image to pull"]')
    field.fill("127.0.0.1:9/capstan-nothing:v1")
    page.get_by_role("button", name="Pull").click()
    outcome = page.locator(".pull-outcome.bad")
    outcome.wait_for(timeout=30_000)
    text = outcome.inner_text()
    assert text.startswith("Pull failed:") and "127.0.0.1:9/capstan-nothing:v1" in text, text
    screenshot(page, "21-image-pull-error")
    # The form is usable again.
    assert not page.get_by_role("button", name="Pull").is_disabled()
    # A malformed reference is refused by the server before the engine is asked, with its reason.
    field.fill("Not A Reference!")
    page.get_by_role("button", name="Pull").click()
    eventually(lambda: (lambda t: t.startswith("Pull failed:") and "capstan-nothing" not in t)(page.locator(".pull-outcome").inner_text()),
               timeout=15, message="the refusal of the malformed reference", describe=lambda: page.locator(".pull-outcome").inner_text())


def test_viewers_have_no_pull_form(server, browser):
    from conftest import sign_in

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        tab = context.new_page()
        sign_in(tab, server, "viewer")
        tab.goto(server.url + "/#/images")
        wait_live(tab)
        tab.locator(".page-head h1", has_text="Images").wait_for()
        assert tab.locator('input[aria-label="Image to pull"]').count() == 0
    finally:
        context.close()
