"""Compose projects: the list grouped by project, and one merged log view per project with a colour per container."""

from playwright.sync_api import expect

from conftest import container_name, eventually, wait_live

TICK = "trap 'exit 0' TERM; i=0; while :; do i=$((i+1)); echo \"{who} line $i\"; usleep 300000 & wait $!; done"


def compose(project: str, service: str) -> dict:
    return {"com.docker.compose.project": project, "com.docker.compose.service": service}


def test_grouping_by_project_and_the_merged_logs_with_a_colour_per_container(server, page):
    project = f"grp{container_name('')[4:10]}"
    web = container_name("grp-web")
    db = container_name("grp-db")
    lone = container_name("grp-lone")
    server.run_container(web, TICK.format(who="web"), labels=compose(project, "web"))
    server.run_container(db, TICK.format(who="db"), labels=compose(project, "db"))
    server.run_container(lone, "trap 'exit 0' TERM; sleep 3600 & wait $!")

    page.goto(server.url + "/#/containers")
    wait_live(page)
    page.locator(f'tr[data-name="{lone}"]').wait_for()
    page.get_by_role("button", name="Group by project").click()
    head = page.locator(f'tr.group-row[data-project="{project}"]')
    head.wait_for()
    expect(head).to_contain_text("2 containers")
    # The project's rows follow its heading, before the next group starts.
    names = page.locator("table.containers tbody tr").evaluate_all(
        "rows => rows.map(r => r.classList.contains('group-row') ? '#' + (r.dataset.project || '') : r.dataset.name)")
    start = names.index(f"#{project}")
    members = []
    for name in names[start + 1:]:
        if name.startswith("#"):
            break
        members.append(name)
    assert sorted(members) == sorted([web, db]), names
    assert lone not in members
    page.get_by_role("button", name="Group by project").click()

    head.wait_for(state="detached")
    page.goto(f"{server.url}/#/project/local/{project}")
    eventually(lambda: {"web", "db"} <= {t.split()[0] for t in page.locator(".logpane .log-row .msg").all_inner_texts() if t},
               timeout=20, message="lines of both containers in the merged view")
    # The streaming indicator says when the last line came, in the merged view too.
    eventually(lambda: "last line" in page.locator(".logs-status .last").inner_text(), message="the time of the last line",
               describe=lambda: page.locator(".logs-status").inner_text())
    colours = {}
    for row in page.locator(".logpane .log-row").all()[:40]:
        source = row.locator(".src")
        if source.count():
            colours.setdefault(source.inner_text(), row.evaluate("r => getComputedStyle(r.querySelector('.src')).color"))
    assert len(colours) == 2, f"one source label per container: {colours}"
    assert len(set(colours.values())) == 2, f"each container should have its own colour: {colours}"


def test_project_wide_stop_and_start_for_operators_not_viewers(server, page, browser):
    from conftest import sign_in

    project = f"act{container_name('')[4:10]}"
    web = container_name("act-web")
    db = container_name("act-db")
    for name, service in ((web, "web"), (db, "db")):
        server.run_container(name, TICK.format(who=service), labels=compose(project, service))

    # A viewer (a tab of their own) sees no project actions.
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        viewer = context.new_page()
        sign_in(viewer, server, "viewer")
        viewer.goto(f"{server.url}/#/project/local/{project}")
        wait_live(viewer)
        viewer.locator(".detail-head h1", has_text=project).wait_for()
        assert viewer.locator(".detail-head button[data-action]").count() == 0
    finally:
        context.close()

    # The admin stops the whole project (confirmed), then starts it again.
    page.goto(f"{server.url}/#/project/local/{project}")
    wait_live(page)
    page.locator('.detail-head button[data-action="stop"]').click()
    page.locator("dialog#confirm .confirm-ok").click()
    page.locator(".toast-msg.ok", has_text=f"Stopped project {project}").wait_for(timeout=30_000)
    states = lambda: {c["name"]: c["state"] for c in server.api("GET", "/containers", all=1) if c["name"] in (web, db)}
    assert states() == {web: "exited", db: "exited"}
    page.locator(".detail-head .sub", has_text="0 running").wait_for()
    page.locator('.detail-head button[data-action="start"]').click()
    page.locator(".toast-msg.ok", has_text=f"Started project {project}").wait_for(timeout=30_000)
    assert states() == {web: "running", db: "running"}
