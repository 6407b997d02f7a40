# shellcheck shell=bash
# scripts/lib/ui-tests.sh — sourced (never executed). The web UI's browser tests (tests/ui, pytest +
# Playwright driving Debian's Chromium) against a real `capstan serve` and a real Docker engine.
#
# Functions:  capstan_ui_tests [PYTEST ARGS...]
#   Needs:    CAPSTAN_BIN               the capstan executable to test
#             CAPSTAN_TEST_DOCKER_HOST  a running engine holding CAPSTAN_TEST_IMAGE (default capstan-test/busybox:latest)
#   Installs what is missing, idempotently: Debian's chromium, libjs-bootstrap5, libjs-dygraphs (the UI's
#   libraries, served from /usr/share/javascript), node-xterm (the terminal, from /usr/share/nodejs), a font,
#   and, from PyPI, playwright and pytest. Playwright's own
#   browser download is never used: the tests launch /usr/bin/chromium (CAPSTAN_CHROMIUM to change it).
#   Screenshots and server logs land in .test-artifacts/ui/. Returns pytest's exit code.
#
# Uses capstan_log and capstan_ensure_packages from scripts/lib/engine.sh when sourced after it.

_capstan_ui_repo() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

_capstan_ui_log() {
  if declare -F capstan_log >/dev/null; then capstan_log "$@"; else printf '[capstan-ui] %s\n' "$*" >&2; fi
}

_capstan_ui_packages() {
  local wanted=(chromium libjs-bootstrap5 libjs-dygraphs node-xterm fonts-dejavu-core)
  # Any python3 with pip will do (a pyenv one too); Debian's when there is none, or it has no pip.
  local python=${CAPSTAN_UI_PYTHON:-python3}
  command -v "$python" >/dev/null || wanted+=(python3 python3-pip)
  command -v "$python" >/dev/null && ! "$python" -m pip --version >/dev/null 2>&1 && wanted+=(python3-pip)
  if declare -F capstan_ensure_packages >/dev/null; then
    capstan_ensure_packages "${wanted[@]}"
    return
  fi
  local missing=() pkg
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  _capstan_ui_log "installing Debian packages: ${missing[*]}"
  compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null || apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# The Python that runs the tests: the first python3 on PATH that has (or can get) playwright and pytest.
_capstan_ui_python() {
  local python=${CAPSTAN_UI_PYTHON:-python3}
  if ! "$python" -c 'import playwright.sync_api, pytest' 2>/dev/null; then
    _capstan_ui_log "installing playwright and pytest from PyPI for $python"
    # Debian's own python3 refuses system-wide pip installs (PEP 668) unless told otherwise.
    "$python" -m pip install -q playwright pytest 2>/dev/null ||
      "$python" -m pip install -q --break-system-packages playwright pytest || return 1
  fi
  echo "$python"
}

capstan_ui_tests() {
  local repo python rc=0
  repo=$(_capstan_ui_repo)
  : "${CAPSTAN_BIN:?set CAPSTAN_BIN to the capstan executable}"
  : "${CAPSTAN_TEST_DOCKER_HOST:?set CAPSTAN_TEST_DOCKER_HOST to a running engine}"
  [[ -x $CAPSTAN_BIN ]] || { _capstan_ui_log "CAPSTAN_BIN=$CAPSTAN_BIN is not executable"; return 1; }
  _capstan_ui_packages || return 1
  python=$(_capstan_ui_python) || return 1
  export CAPSTAN_CHROMIUM=${CAPSTAN_CHROMIUM:-/usr/bin/chromium}
  # Never let Playwright fetch a browser of its own.
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  mkdir -p "$repo/.test-artifacts/ui"
  _capstan_ui_log "UI tests: $CAPSTAN_BIN against $CAPSTAN_TEST_DOCKER_HOST with $CAPSTAN_CHROMIUM"
  (cd "$repo/tests/ui" && "$python" -m pytest -p no:cacheprovider -q -rs "$@") || rc=$?
  _capstan_ui_log "UI tests finished with exit code $rc; screenshots in $repo/.test-artifacts/ui/"
  return "$rc"
}
