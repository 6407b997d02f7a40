"""The Stats tab: charts fed from the server's history and then one sample a second, with current values."""

from conftest import container_name, eventually, screenshot, wait_live

BUSY = "trap 'exit 0' TERM; while :; do seq 1 3000 > /dev/null; usleep 50000; done"


def test_stats_charts_receive_new_points(server, page):
    cid = server.run_container(container_name("stats"), BUSY)
    page.goto(f"{server.url}/#/c/local/{cid[:12]}/stats")
    wait_live(page)
    cpu = page.locator('.chart[data-chart="cpu"]')
    cpu.wait_for()
    points = lambda: int(cpu.get_attribute("data-points") or 0)
    eventually(lambda: points() >= 1, timeout=20, message="a first sample")
    first = points()
    eventually(lambda: points() >= first + 2, timeout=20, message="two more samples, about a second apart")
    for chart in ("memory", "network", "block"):
        assert int(page.locator(f'.chart[data-chart="{chart}"]').get_attribute("data-points")) >= first
    # dygraphs drew it (libjs-dygraphs is installed), and the cards show human units.
    assert page.locator('.chart[data-chart="cpu"] canvas').count() > 0
    assert page.locator("html").get_attribute("data-missing-vendor") is None
    memory = page.locator('.card-stat[data-card="memory"]').inner_text()
    assert any(unit in memory for unit in ("KiB", "MiB", "GiB")), memory
    assert "%" in page.locator('.card-stat[data-card="cpu"] .value').inner_text()
