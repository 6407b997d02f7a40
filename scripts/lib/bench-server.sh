# shellcheck shell=bash
# scripts/lib/bench-server.sh — sourced by scripts/bench (never executed).
#
# Starts and stops the counting proxy and `capstan serve` for one scenario, and signs in; starts the
# state scenario's floor server (`capstan-bench fanout-server`, no Capstan code) in its place.
# Globals read: BIN (release binaries), BASE (run directory), ENGINE (engine dir).
# Globals set:  SERVER_PID, SERVER_PORT, PROXY_PID, TOKEN, FANOUT_PORT, FANOUT_CONTROL_PORT.

BENCH_USER=bench
BENCH_PASSWORD=bench-password-not-secret

# The admin the scenarios sign in as, in the run's own SQLite data dir (made once).
bench_make_user() {
  [[ -e $BASE/data/.bench-user ]] && return 0
  mkdir -p "$BASE/data"
  echo "$BENCH_PASSWORD" | "$BIN/capstan" user add --role admin --password-stdin --data-dir "$BASE/data" "$BENCH_USER" >&2
  : >"$BASE/data/.bench-user"
}

# The counting proxy in front of the engine (see Benchmarks/Sources/capstan-bench/Proxy).
bench_proxy_start() {
  rm -f "$BASE/counts.json"
  "$BIN/capstan-bench" proxy --listen "$BASE/p.sock" --engine "$ENGINE/docker.sock" --counts "$BASE/counts.json" \
    2>>"$BASE/proxy.log" &
  PROXY_PID=$!
  local i
  for i in {1..100}; do [[ -S $BASE/p.sock && -e $BASE/counts.json ]] && return 0; sleep 0.05; done
  capstan_log "the counting proxy did not start (see $BASE/proxy.log)"
  return 1
}

bench_proxy_stop() {
  [[ -n ${PROXY_PID:-} ]] || return 0
  kill "$PROXY_PID" 2>/dev/null || true
  wait "$PROXY_PID" 2>/dev/null || true
  PROXY_PID=""
}

# bench_server_start direct|proxy: a fresh server for one scenario, limits lifted for load tests.
bench_server_start() {
  local via=$1 docker_host
  if [[ $via == proxy ]]; then docker_host="unix://$BASE/p.sock"; else docker_host="unix://$ENGINE/docker.sock"; fi
  SERVER_PORT=$(capstan_free_port)
  "$BIN/capstan" serve --port "$SERVER_PORT" --data-dir "$BASE/data" --docker-host "$docker_host" \
    --log-level warning \
    --max-connections-per-address 20000 --max-connections-per-user 20000 --max-viewers-per-container 1000 \
    >>"$BASE/server.log" 2>&1 &
  SERVER_PID=$!
  local i
  for i in {1..300}; do
    curl -fsS -o /dev/null "http://127.0.0.1:$SERVER_PORT/readyz" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { capstan_log "capstan serve exited (see $BASE/server.log)"; return 1; }
    sleep 0.05
  done
  TOKEN=$(curl -fsS -X POST -H 'Content-Type: application/json' \
    -d "{\"name\":\"$BENCH_USER\",\"password\":\"$BENCH_PASSWORD\"}" \
    "http://127.0.0.1:$SERVER_PORT/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
  [[ -n $TOKEN ]] || { capstan_log "sign-in failed"; return 1; }
}

bench_server_stop() {
  [[ -n ${SERVER_PID:-} ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local i
  for i in {1..100}; do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# bench_fanout_start: the state scenario's floor, a bare SwiftNIO fan-out server, as a process of its own
# (so it contends for the cores as capstan does); stopped with bench_server_stop like capstan.
bench_fanout_start() {
  FANOUT_PORT=$(capstan_free_port)
  FANOUT_CONTROL_PORT=$(capstan_free_port)
  while [[ $FANOUT_CONTROL_PORT == "$FANOUT_PORT" ]]; do FANOUT_CONTROL_PORT=$(capstan_free_port); done
  "$BIN/capstan-bench" fanout-server --port "$FANOUT_PORT" --control-port "$FANOUT_CONTROL_PORT" >>"$BASE/fanout-server.log" 2>&1 &
  SERVER_PID=$!
  local _
  # It binds the control port last: once that accepts, both are ready.
  for _ in {1..200}; do
    (: <"/dev/tcp/127.0.0.1/$FANOUT_CONTROL_PORT") 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { capstan_log "fanout-server exited (see $BASE/fanout-server.log)"; return 1; }
    sleep 0.05
  done
  capstan_log "fanout-server did not listen (see $BASE/fanout-server.log)"
  return 1
}
