"""The session's access token (15 minutes) is refreshed before it expires, and the open live connection is
handed the new one — shown with Playwright's clock, which moves the page's time forward (the server's stays real)."""

import json

from conftest import eventually, wait_live


def test_the_access_token_is_refreshed_before_it_expires(server, page):
    sent: list[dict] = []

    def watch(ws):
        if ws.url.endswith("/api/v1/ws"):
            ws.on("framesent", lambda payload: sent.append(json.loads(payload)) if isinstance(payload, str) else None)

    page.on("websocket", watch)
    page.clock.install()
    page.goto(server.url + "/#/containers")
    wait_live(page)
    old = page.evaluate("sessionStorage.getItem('capstan.accessToken')")
    old_refresh = page.evaluate("localStorage.getItem('capstan.refreshToken')")

    # The page refreshes at 80 % of the token's life (12 of 15 minutes): 11 minutes in nothing is due yet,
    # at 12½ the refresh must have happened.
    page.clock.fast_forward("11:00")
    assert page.evaluate("sessionStorage.getItem('capstan.accessToken')") == old
    with page.expect_response(lambda r: r.url.endswith("/api/v1/auth/refresh")) as refreshed:
        page.clock.fast_forward("01:30")
    assert refreshed.value.status == 200
    # The response has arrived; the page stores the new token when its own handler has run.
    new = eventually(
        lambda: (lambda token: token if token and token != old else None)(page.evaluate("sessionStorage.getItem('capstan.accessToken')")),
        message="the page stored the refreshed access token",
    )
    assert page.evaluate("localStorage.getItem('capstan.refreshToken')") != old_refresh, "refresh tokens rotate"
    # The open connection is given the new token, so the server does not close it when the old one expires.
    def authenticated():
        page.evaluate("0")  # lets Playwright deliver the frame events
        return any(m.get("type") == "authenticate" and m.get("token") == new for m in sent)

    eventually(authenticated, message="an authenticate message with the new token on the live connection")
    wait_live(page)
