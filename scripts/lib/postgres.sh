# shellcheck shell=bash
# postgres.sh — sourced (never executed): a private, throw-away PostgreSQL server for tests.
#
# Everything the server has (data, unix socket, log) lives under one directory, it listens on 127.0.0.1 only,
# and stopping it removes the directory, so tests never touch a system cluster.
#
# Functions:  capstan_postgres_start DIR PORT   initdb into DIR, start on 127.0.0.1:PORT, create a user and a
#                                               database; prints CAPSTAN_TEST_DATABASE_URL=postgres://… on stdout
#                                               and exports it (when the function runs in the calling shell)
#             capstan_postgres_stop DIR         graceful stop (fast, then immediate), then rm -rf DIR; idempotent
#             capstan_postgres_down DIR         stop the server but keep DIR (to test a database going away)
#             capstan_postgres_up DIR           start a server stopped by capstan_postgres_down again
# Tunables:   CAPSTAN_POSTGRES_START_TIMEOUT (s, default 60), CAPSTAN_POSTGRES_STOP_TIMEOUT (s, default 30),
#             CAPSTAN_POSTGRES_USER / CAPSTAN_POSTGRES_DB (default capstan_test).
#
# initdb refuses to run as root, so as root the server runs as Debian's unprivileged `postgres` user: DIR's
# parent directories must then be searchable by that user (a `mktemp -d` directory is 0700: chmod 711 it).

declare -F capstan_log >/dev/null || capstan_log() { printf '[capstan %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# Installs Debian's postgresql when no server binaries are present. `apt-get update` only when there are no
# package lists yet, or once more when the install fails on stale lists.
_capstan_postgres_install() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && return 0
  if ((EUID != 0)); then
    capstan_log "PostgreSQL server binaries missing: install Debian's postgresql (needs root)"
    return 1
  fi
  capstan_log "installing Debian package postgresql"
  export DEBIAN_FRONTEND=noninteractive
  # The package's postinst would start the system cluster on port 5432 through invoke-rc.d; a policy-rc.d
  # answering 101 ("action forbidden") stops that. Only added (and removed) if none exists.
  local own_policy=0 rc=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# added by capstan postgres.sh during apt-get install\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  local install=(apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 postgresql postgresql-client)
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    apt-get update -q || rc=$?
  fi
  if ((rc == 0)) && ! "${install[@]}"; then
    capstan_log "apt-get install failed; refreshing package lists and retrying once"
    rc=0
    apt-get update -q && "${install[@]}" || rc=$?
  fi
  ((own_policy)) && rm -f /usr/sbin/policy-rc.d
  return "$rc"
}

# The newest installed server's bin directory.
_capstan_postgres_bin() {
  local dirs
  dirs=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1)
  [[ -n $dirs && -x $dirs/initdb ]] || { capstan_log "no PostgreSQL server binaries found"; return 1; }
  echo "$dirs"
}

# Runs a command as the server's owner: `postgres` when we are root, ourselves otherwise.
_capstan_postgres_as_owner() {
  if ((EUID == 0)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# DIR must be absolute, without blanks (it ends up in server options) and, when not empty, made by us — so that
# stop's rm -rf can never hit a directory we did not create.
_capstan_postgres_check_dir() {
  local dir=$1
  if [[ $dir != /?* || $dir == *[[:space:]]* || $dir == */ ]]; then
    capstan_log "refusing PostgreSQL dir '$dir' (need an absolute path without blanks or trailing /)"
    return 1
  fi
  if [[ -d $dir && ! -e $dir/.capstan-postgres && -n $(ls -A "$dir") ]]; then
    capstan_log "refusing PostgreSQL dir '$dir': not empty and not made by capstan_postgres_start"
    return 1
  fi
}

# Starts the server in DIR (already initialized) and waits with pg_isready until it accepts connections.
_capstan_postgres_launch() {
  local dir=$1 bin port
  bin=$(_capstan_postgres_bin) || return 1
  port=$(<"$dir/port")
  # Throw-away data: durability settings off for speed (the directory is deleted on stop anyway).
  _capstan_postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -W -s \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start || { capstan_log "pg_ctl start failed"; tail -n 20 "$dir/postgres.log" >&2; return 1; }
  local started=$SECONDS timeout=${CAPSTAN_POSTGRES_START_TIMEOUT:-60}
  until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1; do
    if ((SECONDS - started >= timeout)); then
      capstan_log "PostgreSQL did not become ready on 127.0.0.1:$port within $timeout s"
      tail -n 20 "$dir/postgres.log" >&2
      return 1
    fi
    # Give the postmaster a moment to write its pid file, then notice at once if it died (bad option, port taken).
    if ((SECONDS - started >= 3)) && ! _capstan_postgres_as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      capstan_log "PostgreSQL exited while starting"
      tail -n 20 "$dir/postgres.log" >&2
      return 1
    fi
    sleep 0.2
  done
}

capstan_postgres_start() {
  local dir=${1:?usage: capstan_postgres_start DIR PORT} port=${2:?usage: capstan_postgres_start DIR PORT}
  local user=${CAPSTAN_POSTGRES_USER:-capstan_test} db=${CAPSTAN_POSTGRES_DB:-capstan_test}
  local bin password t0=$SECONDS
  [[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || { capstan_log "bad port '$port'"; return 1; }
  [[ $user =~ ^[a-z_][a-z0-9_]*$ && $db =~ ^[a-z_][a-z0-9_]*$ ]] || { capstan_log "bad user or database name"; return 1; }
  _capstan_postgres_check_dir "$dir" || return 1
  if [[ -e $dir/data/PG_VERSION ]]; then
    capstan_log "PostgreSQL dir '$dir' is already in use (stop it first)"
    return 1
  fi
  _capstan_postgres_install || return 1
  bin=$(_capstan_postgres_bin) || return 1

  mkdir -p "$dir" && touch "$dir/.capstan-postgres" && echo "$port" >"$dir/port" || return 1
  chmod 700 "$dir"
  if ((EUID == 0)); then
    chown -R postgres:postgres "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      capstan_log "the postgres user cannot reach '$dir': make its parent directories searchable (chmod o+x)"
      return 1
    fi
  fi

  # Local (socket) connections are trusted: only the owner can reach the socket inside DIR. TCP needs a password.
  _capstan_postgres_as_owner "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 --no-instructions >"$dir/initdb.log" 2>&1 ||
    { capstan_log "initdb failed"; tail -n 20 "$dir/initdb.log" >&2; return 1; }
  _capstan_postgres_launch "$dir" || return 1

  # Letters and digits only, so the URL needs no escaping.
  password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
  "$bin/psql" -X -q -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -v user="$user" -v db="$db" -v password="$password" >/dev/null <<'SQL' || { capstan_log "creating the test user/database failed"; return 1; }
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL

  export CAPSTAN_TEST_DATABASE_URL="postgres://$user:$password@127.0.0.1:$port/$db"
  echo "CAPSTAN_TEST_DATABASE_URL=$CAPSTAN_TEST_DATABASE_URL"
  capstan_log "PostgreSQL ready on 127.0.0.1:$port in $((SECONDS - t0)) s (dir $dir)"
}

capstan_postgres_down() {
  local dir=${1:?usage: capstan_postgres_down DIR} bin
  _capstan_postgres_check_dir "$dir" || return 1
  [[ -e $dir/data/postmaster.pid ]] || return 0
  bin=$(_capstan_postgres_bin) || return 1
  # Fast: running transactions are rolled back and clients disconnected, as when a database server goes away.
  _capstan_postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t "${CAPSTAN_POSTGRES_STOP_TIMEOUT:-30}" -s stop ||
    _capstan_postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 10 -s stop
}

capstan_postgres_up() {
  local dir=${1:?usage: capstan_postgres_up DIR}
  _capstan_postgres_check_dir "$dir" || return 1
  [[ -e $dir/data/PG_VERSION ]] || { capstan_log "no PostgreSQL data in '$dir'"; return 1; }
  _capstan_postgres_launch "$dir"
}

capstan_postgres_stop() {
  local dir=${1:?usage: capstan_postgres_stop DIR} rc=0
  [[ -d $dir ]] || return 0
  _capstan_postgres_check_dir "$dir" || return 1
  capstan_postgres_down "$dir" || rc=$?
  if [[ -e $dir/data/postmaster.pid ]]; then
    # pg_ctl could not stop it: end the postmaster (and so its backends) by its recorded pid.
    local pid
    pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null)
    [[ $pid =~ ^[0-9]+$ ]] && kill -KILL "$pid" 2>/dev/null
    rc=1
  fi
  rm -rf "$dir"
  return "$rc"
}
