# shellcheck shell=bash
# scripts/lib/engine.sh — sourced by scripts/test and scripts/run (never executed).
#
# Starts and stops *private* Docker engines that keep everything (socket, data, exec state,
# containerd, logs, certificates) under one directory, so tests never touch a host engine,
# /var/run/docker.sock or the shared docker0 bridge. Background: shared/docs/docker-engine-facts.md §9, §10.
#
# Functions:  capstan_ensure_packages PKG...       capstan_engine_start DIR [--tls PORT]
#             capstan_engine_stop DIR               capstan_test_image DIR IMAGE_REF
#             capstan_free_port                     capstan_engine_ping DIR
# Tunables:   CAPSTAN_ENGINE_START_TIMEOUT (s, default 60), CAPSTAN_ENGINE_STOP_TIMEOUT (s, default 30),
#             CAPSTAN_STORAGE_DRIVER (skip the overlay2 probe and use this driver).

capstan_log() { printf '[capstan %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# Milliseconds since the epoch, for the timings we report.
_capstan_ms() { local t; t=$(date +%s%N); echo $((t / 1000000)); }

# ---------------------------------------------------------------------------------------------------
# Packages

capstan_ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  if ((EUID != 0)); then
    capstan_log "missing Debian packages: ${missing[*]} (run as root, or install them)"
    return 1
  fi
  capstan_log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # docker.io's postinst would start the system dockerd on /var/run/docker.sock through invoke-rc.d
  # when there is no systemd. A policy-rc.d that answers 101 ("action forbidden") stops that, so
  # installing never starts a service. We only add (and later remove) one if none exists.
  local own_policy=0 rc=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# added by capstan scripts/lib/engine.sh during apt-get install\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  # --no-install-recommends: docker.io recommends needrestart/cgroupfs-mount, which act on the host.
  local install=(apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}")
  # apt-get update only when needed: no package lists yet, or the install failed (stale lists → 404).
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

# ---------------------------------------------------------------------------------------------------
# Engine start / stop

# An engine DIR must be absolute, not /, and without blanks (it ends up in /proc/mounts and in flags).
# A non-empty DIR must carry our marker, so that stop's rm -rf can never hit a directory we did not make.
_capstan_check_dir() {
  local dir=$1
  if [[ $dir != /?* || $dir == *[[:space:]]* || $dir == */ ]]; then
    capstan_log "refusing engine dir '$dir' (need an absolute path without blanks or trailing /)"
    return 1
  fi
  if [[ -d $dir && ! -e $dir/.capstan-engine && -n $(ls -A "$dir") ]]; then
    capstan_log "refusing engine dir '$dir': not empty and not made by capstan_engine_start"
    return 1
  fi
}

capstan_engine_ping() { curl -fsS --max-time 2 --unix-socket "$1/docker.sock" http://localhost/_ping >/dev/null 2>&1; }

# Does the kernel let us mount overlayfs on DIR's filesystem? (overlay2 refuses e.g. overlay-on-overlay.)
_capstan_overlay_works() {
  local t ok=1
  t=$(mktemp -d "$1/.overlay-probe.XXXXXX") || return 1
  mkdir "$t/lower" "$t/upper" "$t/work" "$t/merged"
  if mount -t overlay overlay -o "lowerdir=$t/lower,upperdir=$t/upper,workdir=$t/work" "$t/merged" 2>/dev/null; then
    umount "$t/merged" && ok=0
  fi
  rm -rf "$t"
  return "$ok"
}

# CA, server and client certificates for dockerd --tlsverify (facts §9). Client files use the names
# DOCKER_CERT_PATH expects (ca.pem, cert.pem, key.pem); server files are server-cert.pem/server-key.pem.
_capstan_make_certs() (
  set -e
  mkdir -p "$1" && cd "$1"
  umask 077
  cat >openssl.cnf <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = capstan test
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
[client]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
EOF
  local q=(-config openssl.cnf)
  openssl genrsa -out ca-key.pem 2048 2>/dev/null
  openssl req "${q[@]}" -x509 -new -key ca-key.pem -sha256 -days 30 -subj '/CN=Capstan test CA' -extensions ca -out ca.pem
  openssl genrsa -out server-key.pem 2048 2>/dev/null
  openssl req "${q[@]}" -new -key server-key.pem -subj '/CN=localhost' -out server.csr
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -sha256 \
    -extfile openssl.cnf -extensions server -out server-cert.pem 2>/dev/null
  openssl genrsa -out key.pem 2048 2>/dev/null
  openssl req "${q[@]}" -new -key key.pem -subj '/CN=capstan-test-client' -out client.csr
  openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -sha256 \
    -extfile openssl.cnf -extensions client -out cert.pem 2>/dev/null
  rm -f server.csr client.csr ca.srl
  chmod 644 ca.pem cert.pem server-cert.pem
)

capstan_engine_start() {
  local dir=${1:?usage: capstan_engine_start DIR [--tls PORT]} tls_port=""
  shift
  while (($#)); do
    case $1 in
      --tls) tls_port=${2:?--tls needs a PORT}; shift 2 ;;
      *) capstan_log "capstan_engine_start: unknown option $1"; return 2 ;;
    esac
  done
  _capstan_check_dir "$dir" || return 1
  local t0; t0=$(_capstan_ms)
  # Always a fresh data-root: old network state in root/network can re-configure docker0 (facts §10 D).
  if [[ -e $dir/root || -e $dir/exec || -e $dir/docker.pid ]]; then
    capstan_log "$dir holds an engine from before; stopping and wiping it first"
    capstan_engine_stop "$dir" || return 1
  fi
  mkdir -p "$dir"
  : >"$dir/.capstan-engine"
  # sun_path is 108 bytes; containerd's ttrpc socket is the longest path dockerd puts under DIR.
  if ((${#dir} + 40 > 107)); then
    capstan_log "engine dir '$dir' is too long for unix socket paths (keep it under ~65 chars)"
    return 1
  fi
  # {} so that an /etc/docker/daemon.json added later cannot leak into the test engine.
  echo '{}' >"$dir/daemon.json"
  local help args
  help=$(dockerd --help 2>&1) || true
  args=(--config-file "$dir/daemon.json" -H "unix://$dir/docker.sock"
    --data-root "$dir/root" --exec-root "$dir/exec" --pidfile "$dir/docker.pid"
    # Never the default bridge (a 2nd engine would take over docker0) and never iptables (bridge
    # start-up flushes the DOCKER chains of other engines); no ip_forward sysctl change either.
    --bridge=none --iptables=false --ip-forward=false)
  [[ $help == *--ip6tables* ]] && args+=(--ip6tables=false)
  local driver=${CAPSTAN_STORAGE_DRIVER:-}
  if [[ -z $driver ]]; then
    if _capstan_overlay_works "$dir"; then
      driver=overlay2
    else
      driver=vfs
      capstan_log "overlayfs cannot be mounted under $dir: falling back to --storage-driver vfs (slower, uses more disk)"
    fi
  fi
  args+=(--storage-driver "$driver")
  if [[ -n $tls_port ]]; then
    _capstan_make_certs "$dir/certs" || { capstan_log "certificate generation failed"; return 1; }
    args+=(-H "tcp://127.0.0.1:$tls_port" --tlsverify --tlscacert "$dir/certs/ca.pem"
      --tlscert "$dir/certs/server-cert.pem" --tlskey "$dir/certs/server-key.pem")
  fi
  # setsid: a Ctrl-C in the terminal must not reach dockerd before our own shutdown runs.
  setsid dockerd "${args[@]}" >"$dir/dockerd.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$dir/dockerd.launch-pid"
  local deadline=$((SECONDS + ${CAPSTAN_ENGINE_START_TIMEOUT:-60}))
  until capstan_engine_ping "$dir" && { [[ -z $tls_port ]] || _capstan_tls_ping "$dir" "$tls_port"; }; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then
      capstan_log "dockerd in $dir did not come up (pid $pid); last lines of $dir/dockerd.log:"
      tail -n 30 "$dir/dockerd.log" >&2 || true
      return 1
    fi
    sleep 0.1
  done
  capstan_log "engine ready in $(($(_capstan_ms) - t0)) ms: unix://$dir/docker.sock${tls_port:+ and tcp://127.0.0.1:$tls_port (TLS)} [storage $driver]"
}

_capstan_tls_ping() {
  curl -fsS --max-time 2 --cacert "$1/certs/ca.pem" --cert "$1/certs/cert.pem" --key "$1/certs/key.pem" \
    "https://127.0.0.1:$2/_ping" >/dev/null 2>&1
}

# PIDs of engine processes (dockerd, containerd, shims, runc) whose command line mentions DIR/.
# Matching on both the name and DIR means we only ever signal processes this engine started.
_capstan_engine_pids() {
  local p comm
  for p in /proc/[0-9]*; do
    comm=$(cat "$p/comm" 2>/dev/null) || continue
    case $comm in dockerd | containerd | containerd-shim* | runc | docker-proxy) ;; *) continue ;; esac
    tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -qF -- "$1/" && echo "${p#/proc/}"
  done
  return 0
}

# Signal PIDs with TERM, wait up to TIMEOUT seconds, then KILL whatever is left.
_capstan_terminate() {
  local timeout=$1 p left
  shift
  (($#)) || return 0
  kill -TERM "$@" 2>/dev/null || true
  local deadline=$((SECONDS + timeout))
  while :; do
    left=()
    for p in "$@"; do kill -0 "$p" 2>/dev/null && left+=("$p"); done
    ((${#left[@]} == 0)) && return 0
    ((SECONDS >= deadline)) && break
    sleep 0.1
  done
  capstan_log "still running after ${timeout}s, sending KILL: ${left[*]}"
  kill -KILL "${left[@]}" 2>/dev/null || true
  sleep 0.2
}

capstan_engine_stop() {
  local dir=${1:?usage: capstan_engine_stop DIR}
  [[ -d $dir ]] || return 0 # never started, or already stopped: nothing to do
  _capstan_check_dir "$dir" || return 1
  local t0 pids=() p m f
  t0=$(_capstan_ms)
  # 1. Kill running containers through the API: on TERM dockerd would give each one its stop
  #    timeout (10 s), and test containers (busybox sh as PID 1) usually ignore SIGTERM.
  if capstan_engine_ping "$dir"; then
    curl -fsS --max-time 5 --unix-socket "$dir/docker.sock" http://localhost/containers/json 2>/dev/null |
      { grep -o '"Id":"[0-9a-f]*"' || true; } | cut -d'"' -f4 | while read -r m; do
        curl -fsS --max-time 5 -o /dev/null -X POST --unix-socket "$dir/docker.sock" \
          "http://localhost/containers/$m/kill" 2>/dev/null || true
      done
  fi
  # 2. dockerd next: a graceful TERM makes it stop its own containerd and unmount what it can.
  for f in docker.pid dockerd.launch-pid; do
    p=$(cat "$dir/$f" 2>/dev/null) || continue
    [[ $p =~ ^[0-9]+$ ]] && tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline" | grep -qF -- "$dir/" && pids+=("$p")
  done
  ((${#pids[@]})) && _capstan_terminate "${CAPSTAN_ENGINE_STOP_TIMEOUT:-30}" "${pids[@]}"
  # 3. Anything it left behind (containerd, shims when dockerd was killed or crashed).
  mapfile -t pids < <(_capstan_engine_pids "$dir")
  ((${#pids[@]})) && _capstan_terminate 10 "${pids[@]}"
  # 4. Container processes orphaned by a killed shim still sit in their cgroup (cgroupfs driver: docker/<id>).
  for m in "$dir"/root/containers/*/; do
    [[ -d $m ]] || continue
    m=$(basename "$m")
    cat /sys/fs/cgroup/pids/docker/"$m"/cgroup.procs /sys/fs/cgroup/docker/"$m"/cgroup.procs 2>/dev/null |
      xargs -r kill -KILL 2>/dev/null || true
  done
  # 5. Unmount everything under DIR, deepest first: netns files in exec/netns, the data-root that
  #    dockerd bind-mounts onto itself, overlay mounts of containers still present. rm -rf would fail
  #    (or worse, descend into a mount) otherwise.
  local round mounts
  for round in 1 2 3 4 5; do
    mapfile -t mounts < <(awk -v d="$dir" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -ru)
    ((${#mounts[@]})) || break
    for m in "${mounts[@]}"; do
      umount "$m" 2>/dev/null || { ((round >= 3)) && umount -l "$m" 2>/dev/null; } || true
    done
  done
  if awk -v d="$dir" '$2 == d || index($2, d "/") == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    capstan_log "mounts still present under $dir; not removing it"
    return 1
  fi
  rm -rf "$dir"
  capstan_log "engine at $dir stopped and removed in $(($(_capstan_ms) - t0)) ms"
}

# A free TCP port on loopback (no listener and no connection uses it right now).
capstan_free_port() {
  local used port _
  used=$(ss -Htan 2>/dev/null | awk '{ n = split($4, a, ":"); print a[n] }' | sort -u)
  for _ in {1..200}; do
    port=$((20000 + RANDOM % 20000))
    grep -qx "$port" <<<"$used" || { echo "$port"; return 0; }
  done
  capstan_log "no free port found"
  return 1
}

# ---------------------------------------------------------------------------------------------------
# Test image: busybox-static with a link for every applet, imported into the engine at DIR.

capstan_test_image() {
  local dir=${1:?usage: capstan_test_image DIR IMAGE_REF} ref=${2:?usage: capstan_test_image DIR IMAGE_REF}
  local sock=$dir/docker.sock repo tag
  repo=${ref%:*} tag=${ref##*:}
  if [[ $ref != *:* || $tag == */* ]]; then repo=$ref tag=latest; fi
  if curl -fsS -o /dev/null --unix-socket "$sock" "http://localhost/images/$repo:$tag/json" 2>/dev/null; then
    capstan_log "image $repo:$tag already in the engine at $dir"
    return 0
  fi
  local bb=/bin/busybox t0 rootfs=$dir/image-rootfs out
  t0=$(_capstan_ms)
  # The image must run anywhere without a libc: only the static build will do.
  if [[ ! -x $bb ]] || ldd "$bb" >/dev/null 2>&1; then
    capstan_log "$bb missing or not static: install busybox-static"
    return 1
  fi
  rm -rf "$rootfs"
  mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp}
  cp "$bb" "$rootfs/bin/busybox"
  # One link per applet, each where busybox would install it (bin/sh, usr/bin/seq, sbin/ip...).
  # (Builtins only in the loop, one `ln` per applet: this is the slow part of the import.)
  local applet sub
  while read -r applet; do
    [[ -n $applet && $applet != bin/busybox ]] || continue
    sub=.
    [[ $applet == */* ]] && sub=${applet%/*}
    [[ -d $rootfs/$sub ]] || mkdir -p "$rootfs/$sub"
    ln -s /bin/busybox "$rootfs/$applet"
  done < <("$bb" --list-full)
  chmod 1777 "$rootfs/tmp"
  chmod 700 "$rootfs/root"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$rootfs/etc/group"
  tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$dir/image.tar" .
  # POST /images/create?fromSrc=- takes the tarball as the body (application/x-tar is required).
  out=$(curl -sS --fail-with-body --unix-socket "$sock" -X POST \
    -H 'Content-Type: application/x-tar' --data-binary "@$dir/image.tar" \
    --url-query fromSrc=- --url-query "repo=$repo" --url-query "tag=$tag" \
    --url-query 'changes=CMD ["sh"]' \
    --url-query 'changes=ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    http://localhost/images/create) || { capstan_log "image import failed: $out"; return 1; }
  rm -rf "$rootfs" "$dir/image.tar"
  # The import reports errors inside a 200 progress stream, so check the result for real.
  if [[ $out == *'"error'* ]] || ! curl -fsS -o /dev/null --unix-socket "$sock" "http://localhost/images/$repo:$tag/json"; then
    capstan_log "image import failed: $out"
    return 1
  fi
  capstan_log "imported $repo:$tag into the engine at $dir in $(($(_capstan_ms) - t0)) ms"
}
