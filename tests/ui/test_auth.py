"""Sign-in, first-run setup, sign-out, and what each role is shown — against the real server's users."""

import json

from conftest import PASSWORD, USERS, Server, container_name, eventually, screenshot, sign_in, wait_live


def test_sign_in_then_sign_out(server, anonymous_page):
    page = anonymous_page
    name = container_name("signin")
    server.run_container(name, "sleep 3600")
    page.goto(server.url + "/#/containers")
    page.locator("form input[name=username]").wait_for()
    assert page.url.endswith("#/signin")
    assert page.locator("#conn").get_attribute("data-state") == "unauthorized"
    screenshot(page, "09-sign-in")

    page.fill("input[name=username]", USERS["admin"])
    page.fill("input[name=password]", "not the password")
    page.get_by_role("button", name="Sign in").click()
    page.locator(".signin .error", has_text="Wrong user name or password").wait_for()

    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_live(page)
    page.locator(f'tr[data-name="{name}"]').wait_for()
    assert page.url.endswith("#/containers")
    assert page.locator("#user-name").inner_text() == USERS["admin"]
    assert page.locator("#user-role").inner_text().lower() == "admin"
    assert page.locator('#mainnav a[data-nav="users"]').is_visible()

    page.get_by_role("button", name="Sign out").click()
    page.locator("form input[name=username]").wait_for()
    page.locator('#conn[data-state="unauthorized"]').wait_for(timeout=20_000)


def test_first_run_setup_with_the_printed_link(anonymous_page):
    page = anonymous_page
    server = Server("firstrun", users=False)
    server.start()
    try:
        token = eventually(lambda: server.setup_token(), message="the setup token printed")
        page.goto(f"{server.url}/#setup={token}")
        form = page.locator("form")
        form.locator("input[name=token]").wait_for()
        assert form.locator("input[name=token]").input_value() == token
        screenshot(page, "09-first-run-setup")
        page.fill("input[name=username]", "first-admin")
        page.fill("input[name=password]", "short")
        page.get_by_role("button", name="Create the admin account").click()
        page.locator(".signin .error", has_text="at least 10 characters").wait_for()
        page.fill("input[name=password]", "a long enough password")
        page.get_by_role("button", name="Create the admin account").click()
        wait_live(page)
        screenshot(page, "18-first-run-done")
        assert page.locator("#user-name").inner_text() == "first-admin"
        assert page.locator("#user-role").inner_text().lower() == "admin"
        status, _, body = server.request("GET", "/api/v1/auth/setup", auth=False)
        assert json.loads(body) == {"required": False}
    finally:
        server.close()


def test_a_viewer_sees_no_actions_and_the_server_refuses_them(server, anonymous_page):
    page = anonymous_page
    name = container_name("viewer")
    server.run_container(name, "sleep 3600")
    sign_in(page, server, "viewer")
    page.goto(server.url + "/#/containers")
    wait_live(page)
    row = page.locator(f'tr[data-name="{name}"][data-state="running"]')
    row.wait_for()
    assert page.locator("#user-role").inner_text().lower() == "viewer"
    assert page.locator("table.containers [data-action]").count() == 0
    row.locator('input[type="checkbox"]').check()
    page.locator(".bulkbar").wait_for()
    assert page.locator(".bulkbar [data-bulk]").count() == 0
    assert not page.locator('#mainnav a[data-nav="users"]').is_visible()
    page.goto(server.url + "/#/images")
    page.locator("table.images tbody tr").first.wait_for()
    assert page.locator('[data-action="prune"], [data-action="remove"]').count() == 0

    # The server refuses anyway, and the page says so in words.
    cid = server.api("GET", "/containers", all="true")
    cid = next(c["id"] for c in cid if c["name"] == name)
    message = page.evaluate("""async (id) => {
        const { api, enginePath } = await import('/ui/js/api.js');
        try { await api.post(enginePath('local', 'containers', id) + '/stop'); return 'no error'; }
        catch (e) { return e.message; }
    }""", cid)
    assert message.startswith("Your role does not allow this (you are viewer)"), message


def test_an_operator_restarts_but_cannot_remove(server, anonymous_page):
    page = anonymous_page
    name = container_name("operator")
    server.run_container(name, "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done")
    sign_in(page, server, "operator")
    page.goto(server.url + "/#/containers")
    wait_live(page)
    row = page.locator(f'tr[data-name="{name}"][data-state="running"]')
    row.wait_for()
    assert row.locator('[data-action="stop"]').count() == 1
    row.locator("details.menu summary").click()
    assert row.locator('[data-action="kill"]').count() == 1
    assert row.locator('[data-action="remove"]').count() == 0
    row.locator("details.menu summary").click()

    row.locator('[data-action="restart"]').click()
    page.locator(".toast-msg.ok", has_text="Restarted").wait_for(timeout=30_000)
    audit = eventually(lambda: server.api_root("GET", "/api/v1/audit", user=USERS["operator"])["entries"], message="the restart audited")
    assert any("restart" in e["action"] and e["result"] == "success" for e in audit), audit[:3]


def test_an_admin_adds_a_user_and_reads_the_audit_log(server, page):
    page.goto(server.url + "/#/users")
    wait_live(page)
    page.locator(f'table.users tr[data-user="{USERS["viewer"]}"]').wait_for()
    newcomer = f"uit{container_name('')[4:10]}"
    page.fill('input[aria-label="New user name"]', newcomer)
    page.select_option('select[aria-label="New user role"]', "operator")
    page.fill('input[aria-label="New user password"]', "another long password")
    page.get_by_role("button", name="Add").click()
    page.locator(f'table.users tr[data-user="{newcomer}"]').wait_for()
    assert page.locator(f'tr[data-user="{newcomer}"] select').input_value() == "operator"

    page.goto(server.url + "/#/audit")
    page.fill('input[aria-label="User"]', USERS["admin"])
    page.locator("table.audit tbody tr").first.wait_for()
    eventually(lambda: page.locator('table.audit tr[data-action="user.create"]').count() >= 1, message="the new user in the audit log")
    time_text = page.locator("table.audit tbody tr td").first.inner_text()
    assert time_text.startswith("20"), time_text
    with page.expect_download() as info:
        page.get_by_role("button", name="Export CSV").click()
    assert newcomer in open(info.value.path()).read()
