"""The server side of the UI: `/`, `/ui/…` and `/vendor/…` with the right types and caching, and no way
out of their folders."""

import json

import pytest


def test_page_is_served_with_a_strict_policy(server):
    status, headers, body = server.request("GET", "/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert b'<script type="module" src="/ui/js/app.js">' in body
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("path, content_type", [
    ("/ui/js/app.js", "text/javascript; charset=utf-8"),
    ("/ui/css/app.css", "text/css; charset=utf-8"),
    ("/ui/img/capstan.svg", "image/svg+xml"),
    ("/vendor/bootstrap5/css/bootstrap.min.css", "text/css; charset=utf-8"),
    ("/vendor/dygraphs/dygraph.min.js", "text/javascript; charset=utf-8"),
])
def test_files_have_their_content_type(server, path, content_type):
    status, headers, _ = server.request("GET", path)
    assert status == 200, path
    assert headers["Content-Type"] == content_type
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_ui_files_revalidate_and_vendor_files_are_cached(server):
    _, ui_headers, _ = server.request("GET", "/ui/js/live.js")
    assert ui_headers["Cache-Control"] == "no-cache"
    etag = ui_headers["ETag"]
    status, _, body = server.request("GET", "/ui/js/live.js", headers={"If-None-Match": etag})
    assert status == 304 and body == b""
    _, vendor_headers, _ = server.request("GET", "/vendor/dygraphs/dygraph.min.js")
    assert vendor_headers["Cache-Control"] == "public, max-age=86400"


@pytest.mark.parametrize("path", [
    "/ui/../Package.swift",
    "/ui/%2e%2e/Package.swift",
    "/ui/%2E%2E%2FPackage.swift",
    "/ui/js/..%2f..%2fPackage.swift",
    "/vendor/%2e%2e/%2e%2e/etc/passwd",
    "/vendor/..%5c..%5cetc%5cpasswd",
    "/ui/%252e%252e/Package.swift",
    "/ui/.hidden",
    "/ui/js/%00app.js",
    "/ui/%zz",
])
def test_paths_out_of_the_folders_are_refused(server, path):
    status, headers, body = server.request("GET", path)
    assert status == 400, f"{path} answered {status}"
    assert json.loads(body)["error"]["code"] == "bad_request"


def test_missing_files_and_api_routes_keep_the_api_error_envelope(server):
    status, _, body = server.request("GET", "/ui/js/nope.js")
    assert status == 404 and json.loads(body)["error"]["code"] == "not_found"
    status, _, body = server.request("GET", "/api/v1/nope")
    assert status == 404 and json.loads(body)["error"]["code"] == "not_found"
    status, _, body = server.request("GET", "/api/v1/engines")
    assert status == 200 and json.loads(body)[0]["name"] == "local"
