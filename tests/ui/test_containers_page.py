"""The container list: rows appear and change live, without reload or polling; actions work from the page."""

import time

from playwright.sync_api import expect

from conftest import container_name, eventually, screenshot, wait_live


def test_a_container_started_through_the_api_appears_within_a_second(server, page):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server.url + "/#/containers")
    wait_live(page)
    page.wait_for_selector("table.containers", state="attached")
    name = container_name("appear")

    created = time.monotonic()
    cid = server.run_container(name, "sleep 3600", start=False)
    row = page.locator(f'tr[data-name="{name}"]')
    row.wait_for(timeout=1000)
    appeared = time.monotonic() - created

    started = time.monotonic()
    server.api("POST", f"/containers/{cid}/start")
    page.locator(f'tr[data-name="{name}"][data-state="running"]').wait_for(timeout=1000)
    running = time.monotonic() - started
    print(f"row appeared {appeared * 1000:.0f} ms after create, showed running {running * 1000:.0f} ms after start")

    # Live, not polled: no REST call for containers was made while we waited.
    assert not [u for u in requests if "/containers" in u and "/api/v1/" in u]
    assert row.locator(".badge").inner_text().startswith("running")


def test_row_actions_stop_and_start_and_errors_are_explained(server, page):
    name = container_name("actions")
    server.run_container(name, "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done")
    page.goto(server.url + "/#/containers")
    wait_live(page)
    row = page.locator(f'tr[data-name="{name}"]')
    page.locator(f'tr[data-name="{name}"][data-state="running"]').wait_for()

    row.locator('button[data-action="stop"]').click()
    page.locator(f'tr[data-name="{name}"][data-state="exited"]').wait_for(timeout=20_000)
    page.locator(".toast-msg.ok", has_text="Stopped").wait_for()

    page.locator(f'tr[data-name="{name}"] button[data-action="start"]').click()
    page.locator(f'tr[data-name="{name}"][data-state="running"]').wait_for(timeout=20_000)

    # Remove asks first; cancelling does nothing.
    page.locator(f'tr[data-name="{name}"] details.menu summary').click()
    page.locator(f'tr[data-name="{name}"] button[data-action="remove"]').click()
    dialog = page.locator("dialog#confirm")
    dialog.wait_for()
    assert "running and will be killed first" in dialog.inner_text()
    screenshot(page, "07-confirm-remove")
    dialog.locator('button[value="cancel"]').click()
    assert page.locator(f'tr[data-name="{name}"]').count() == 1


def test_bulk_selection_and_an_engine_refusal_shown_as_a_sentence(server, page):
    names = [container_name(f"bulk{i}") for i in range(2)]
    for n in names:
        server.run_container(n, "sleep 3600")
    page.goto(server.url + "/#/containers")
    wait_live(page)
    for n in names:
        page.locator(f'tr[data-name="{n}"][data-state="running"]').wait_for()
        page.locator(f'tr[data-name="{n}"] input[type="checkbox"]').check()
    bar = page.locator(".bulkbar")
    # The bar is redrawn on the next animation frame after a change of selection.
    expect(bar).to_contain_text("2 selected")
    bar.locator('button[data-bulk="stop"]').click()
    page.locator("dialog#confirm").wait_for()
    page.locator('dialog#confirm button[value="ok"]').click()
    for n in names:
        page.locator(f'tr[data-name="{n}"][data-state="exited"]').wait_for(timeout=30_000)

    # Killing a stopped container: the engine refuses; the page says why in words, not in HTTP.
    cid = page.locator(f'tr[data-name="{names[0]}"]').get_attribute("data-id")
    message = page.evaluate("""async (id) => {
        const { api, enginePath } = await import('/ui/js/api.js');
        try { await api.post(enginePath('local', 'containers', id) + '/kill'); return 'no error'; }
        catch (e) { return e.message; }
    }""", cid)
    assert "not running" in message.lower() and "http" not in message.lower(), message
    bar.locator('button[data-bulk="start"]').click()
    page.locator('dialog#confirm button[value="ok"]').click()
    for n in names:
        page.locator(f'tr[data-name="{n}"][data-state="running"]').wait_for(timeout=30_000)


def test_search_and_state_filter_narrow_the_list(server, page):
    keep = container_name("findme")
    server.run_container(keep, "sleep 3600")
    page.goto(server.url + "/#/containers")
    wait_live(page)
    page.locator(f'tr[data-name="{keep}"]').wait_for()
    page.fill('input[aria-label="Search containers"]', "findme")
    eventually(lambda: page.locator("table.containers tbody tr").count() == 1, message="only the match shown")
    page.select_option('select[aria-label="State"]', "stopped")
    eventually(lambda: page.locator(f'tr[data-name="{keep}"]').count() == 0, message="running one filtered out")
    page.select_option('select[aria-label="State"]', "all")
    page.fill('input[aria-label="Search containers"]', "")
