"""The Users page (admin): add, change role, disable, reset a password, delete — and the run-time settings."""

import json

from conftest import PASSWORD, USERS, RUN_ID, eventually, screenshot, sign_in, wait_live


def user_row(page, name):
    return page.locator(f'table.users tr[data-user="{name}"]')


def users_by_name(server):
    status, _, body = server.request("GET", "/api/v1/users")
    assert status == 200
    return {u["name"]: u for u in json.loads(body)}


def test_an_admin_manages_users_from_the_page(server, page):
    name = f"ui-new-{RUN_ID}"
    page.goto(server.url + "/#/users")
    wait_live(page)
    user_row(page, USERS["viewer"]).wait_for()
    assert user_row(page, USERS["admin"]).locator(".cell-sub", has_text="(you)").count() == 1

    # Add: a short password is refused by the server with its reason; then the user appears.
    page.fill('input[aria-label="New user name"]', name)
    page.select_option('select[aria-label="New user role"]', "viewer")
    page.fill('input[aria-label="New user password"]', "a password long enough")
    page.get_by_role("button", name="Add user").click()
    user_row(page, name).wait_for()
    assert users_by_name(server)[name]["role"] == "viewer"

    # Change the role.
    user_row(page, name).locator("select").select_option("operator")
    page.locator(".toast-msg.ok", has_text=f"{name} is now operator").wait_for()
    assert users_by_name(server)[name]["role"] == "operator"

    # Disable (confirmed), then the user cannot sign in; enable again.
    user_row(page, name).get_by_role("button", name="Disable").click()
    page.locator("#confirm .confirm-ok").click()
    user_row(page, name).locator(".badge", has_text="disabled").wait_for()
    status, _, _ = server.request("POST", "/api/v1/auth/login", {"name": name, "password": "a password long enough"}, auth=False)
    assert status == 401
    user_row(page, name).get_by_role("button", name="Enable").click()
    user_row(page, name).locator(".badge", has_text="active").wait_for()

    # Reset the password: a too short one is refused with the server's reason, a good one works.
    user_row(page, name).get_by_role("button", name="Reset password").click()
    page.fill(f'#confirm input[aria-label="New password for {name}"]', "short")
    page.locator("#confirm .confirm-ok").click()
    page.locator(".toast-msg.bad", has_text="at least 10 characters").wait_for()
    user_row(page, name).get_by_role("button", name="Reset password").click()
    page.fill(f'#confirm input[aria-label="New password for {name}"]', "another long password")
    page.locator("#confirm .confirm-ok").click()
    page.locator(".toast-msg.ok", has_text=f"The password of {name} was reset").wait_for()
    status, _, _ = server.request("POST", "/api/v1/auth/login", {"name": name, "password": "another long password"}, auth=False)
    assert status == 200
    screenshot(page, "20-users")

    # Delete (confirmed); the admin cannot delete themselves from here.
    assert user_row(page, USERS["admin"]).get_by_role("button", name="Delete").is_disabled()
    user_row(page, name).get_by_role("button", name="Delete").click()
    page.locator("#confirm .confirm-ok").click()
    eventually(lambda: user_row(page, name).count() == 0, message="the user gone from the table")
    assert name not in users_by_name(server)

    # Every step is in the audit log.
    status, _, body = server.request("GET", f"/api/v1/audit?objectName={name}&limit=50")
    actions = [e["action"] for e in json.loads(body)["entries"]]
    assert actions.count("user.update") >= 5 and "user.create" in actions and "user.delete" in actions, actions


def test_the_terminal_switch_for_operators(server, page):
    page.goto(server.url + "/#/users")
    wait_live(page)
    switch = page.locator('.setting[data-setting="exec.operators"] input')
    switch.wait_for()
    before = switch.is_checked()
    try:
        switch.click()
        page.locator(".toast-msg.ok", has_text=f"exec.operators is {'off' if before else 'on'}").wait_for()
        status, _, body = server.request("GET", "/api/v1/settings")
        value = {s["key"]: s["value"] for s in json.loads(body)}["exec.operators"]
        assert value is (not before)
    finally:
        server.request("PUT", "/api/v1/settings/exec.operators", {"value": before})


def test_the_users_page_is_for_admins_only(server, anonymous_page):
    page = anonymous_page
    sign_in(page, server, "operator")
    page.goto(server.url + "/#/containers")
    wait_live(page)
    assert not page.locator('#mainnav a[data-nav="users"]').is_visible()
    status, _, _ = server.request("GET", "/api/v1/users", auth="operator")
    assert status == 403
