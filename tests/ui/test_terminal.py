"""The Terminal tab: a shell in a running container over the exec WebSocket, xterm.js from Debian's node-xterm."""

import random

from conftest import Server, container_name, eventually, screenshot, sign_in, wait_live


def terminal_text(page) -> str:
    """What the terminal shows, a line per row (the DOM renderer keeps its rows as text; a space is a cell of its own)."""
    return page.locator(".term-screen .xterm-rows").evaluate("el => [...el.children].map(r => r.textContent).join('\\n')")


def terminal_size(page) -> tuple[int, int]:
    return tuple(page.evaluate("[window.capstanTerminal.rows, window.capstanTerminal.cols]"))


def type_line(page, text: str) -> None:
    page.locator(".term-screen").click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_a_shell_answers_follows_the_window_size_and_exits(server, page):
    name = container_name("shell")
    cid = server.run_container(name, "trap 'exit 0' TERM; sleep 3600 & wait $!")
    page.goto(server.url + "/#/containers")
    wait_live(page)
    page.locator(f'tr[data-name="{name}"][data-state="running"]').wait_for()
    page.goto(f"{server.url}/#/c/local/{cid[:12]}/logs")
    page.locator('.tabs a[data-tab="terminal"]').click()
    page.locator('.term-status[data-state="running"]').wait_for(timeout=30_000)
    assert "Connected" in page.locator(".term-status").inner_text()

    # The shell computes the number, so the typed command line cannot be mistaken for its output.
    n = random.randint(1000, 9999)
    type_line(page, f"echo hello-$(({n}+1))")
    eventually(lambda: f"hello-{n + 1}" in terminal_text(page), message="the echo's output in the terminal")

    rows, cols = terminal_size(page)
    assert rows >= 10 and cols >= 60, f"the terminal should fill the tab, not {rows}x{cols}"
    type_line(page, "stty size")
    eventually(lambda: f"{rows} {cols}" in terminal_text(page), message=f"stty size saying {rows} {cols}")
    screenshot(page, "19-terminal")

    # A smaller window: the fit addon shrinks the terminal, the resize message reaches the TTY.
    page.set_viewport_size({"width": 900, "height": 600})
    eventually(lambda: terminal_size(page)[1] < cols and terminal_size(page)[0] < rows, message="the terminal following the window")
    new_rows, new_cols = terminal_size(page)
    type_line(page, "clear; stty size")
    eventually(lambda: f"{new_rows} {new_cols}" in terminal_text(page), message=f"stty size saying {new_rows} {new_cols}")

    type_line(page, "exit 3")
    page.locator('.term-status[data-state="ended"]', has_text="exited with code 3").wait_for()
    assert page.get_by_role("button", name="New session").is_visible()


def test_a_viewer_has_no_terminal_tab(server, anonymous_page):
    page = anonymous_page
    name = container_name("noterm")
    cid = server.run_container(name, "trap 'exit 0' TERM; sleep 3600 & wait $!")
    sign_in(page, server, "viewer")
    page.goto(f"{server.url}/#/c/local/{cid[:12]}/terminal")
    wait_live(page)
    page.locator('.tabs a[data-tab="logs"].active').wait_for()
    assert page.locator('.tabs a[data-tab="terminal"]').count() == 0
    assert page.locator(".term-screen").count() == 0


def test_a_missing_xterm_is_announced_in_the_tab(page):
    server = Server("noxterm", node_modules_dir="/nonexistent/capstan-node-modules")
    server.start()
    sign_in(page, server)
    try:
        cid = server.run_container(container_name("noxterm"), "trap 'exit 0' TERM; sleep 3600 & wait $!")
        page.goto(server.url + "/#/containers")
        wait_live(page)
        page.locator(f'tr[data-name="{container_name("noxterm")}"][data-state="running"]').wait_for()
        page.goto(f"{server.url}/#/c/local/{cid[:12]}/terminal")
        missing = page.locator(".term-missing")
        missing.wait_for()
        assert "node-xterm" in missing.inner_text()
        assert "xterm.js" in page.locator('[data-notice="vendor"]').inner_text()
        screenshot(page, "20-terminal-without-xterm")
    finally:
        server.remove_ours()
        server.close()
