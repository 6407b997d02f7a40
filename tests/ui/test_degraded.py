"""The page without its packaged libraries: it says so and still works."""

from conftest import Server, container_name, eventually, screenshot, sign_in, wait_live


def test_missing_vendor_libraries_are_announced_and_the_page_still_works(page):
    server = Server("novendor", vendor_dir="/nonexistent/capstan-vendor")
    server.start()
    sign_in(page, server)
    try:
        cid = server.run_container(container_name("novendor"), "trap 'exit 0' TERM; while :; do echo hello; usleep 300000 & wait $!; done")
        page.goto(server.url + "/#/containers")
        wait_live(page)
        notice = page.locator('[data-notice="vendor"]')
        notice.wait_for()
        assert "Bootstrap 5" in notice.inner_text() and "libjs-bootstrap5" in notice.inner_text()
        page.locator(f'tr[data-name="{container_name("novendor")}"]').wait_for()
        screenshot(page, "14-degraded-no-vendor-libraries")

        page.goto(f"{server.url}/#/c/local/{cid[:12]}/stats")
        cpu = page.locator('.chart[data-chart="cpu"]')
        eventually(lambda: int(cpu.get_attribute("data-points") or 0) >= 2, timeout=30, message="samples without dygraphs")
        assert page.locator('.chart[data-chart="cpu"] canvas.spark').count() == 1
        assert "dygraphs" in notice.inner_text()
        page.goto(f"{server.url}/#/c/local/{cid[:12]}/logs")
        eventually(lambda: page.locator(".logpane .log-row").count() >= 2, message="logs without the libraries")
    finally:
        server.remove_ours()
        server.close()
