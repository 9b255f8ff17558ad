#!/usr/bin/env bash
# Hangar lab: real LXD and Incus daemons on loopback for development, tests and CI.
#
#   scripts/lab.sh up              install what is missing, start + initialise the lab
#   scripts/lab.sh status          one line per daemon; exit 0 if all are up, 1 otherwise
#   scripts/lab.sh down [--purge]  stop the daemons this script started (--purge: delete the lab)
#   scripts/lab.sh env             print `export` lines to eval in other scripts/tests
#   scripts/lab.sh token NAME DAEMON
#                                  print a fresh trust token for client NAME on alpha|beta|gamma
#
# Daemons (all HTTPS on 127.0.0.1, no network bridge, a `dir` pool named `default`):
#   alpha  standalone LXD            LXD_DIR=$LAB/alpha    :$HANGAR_LAB_ALPHA_PORT (8443)
#   beta   LXD cluster, 2 members    LXD_DIR=$LAB/beta1    :$HANGAR_LAB_BETA_PORT  (8450) member1
#                                    LXD_DIR=$LAB/beta2    :$HANGAR_LAB_BETA_PORT+1 (8451) member2
#   gamma  standalone Incus          INCUS_DIR=$LAB/gamma  :$HANGAR_LAB_GAMMA_PORT (8460)
# Each daemon has the image alias `busybox` (built offline from busybox-static).
#
# Environment:
#   HANGAR_LAB_DIR              lab root (default /var/lib/hangar-lab)
#   HANGAR_LAB_ALPHA_PORT       default 8443
#   HANGAR_LAB_BETA_PORT        default 8450 (member2 uses +1)
#   HANGAR_LAB_GAMMA_PORT       default 8460
#   HANGAR_LAB_TRUST_PASSWORD   core.trust_password on the LXD daemons (default hangar-lab)
#   HANGAR_LAB_LXCFS            1 (default) starts lxcfs on /var/lib/lxcfs if nothing is
#                               mounted there yet; 0 skips it
#   HANGAR_LAB_INCUS            1 (default) installs and runs gamma; 0 skips Incus entirely
#   HANGAR_LAB_SWEEP            1 (default): `up` removes what killed test runs left behind
#                               (names made by the tests, older than HANGAR_LAB_SWEEP_AGE_H
#                               hours, default 2; see scripts/lab-sweep.mjs); 0 skips it
#
# Must run as root. Never touches daemons it did not start (pid file + /proc checks).
set -euo pipefail

LAB="${HANGAR_LAB_DIR:-/var/lib/hangar-lab}"
LAB="$(realpath -m -- "$LAB")" # absolute, no trailing slash: it is matched in /proc and findmnt
ALPHA_PORT="${HANGAR_LAB_ALPHA_PORT:-8443}"
BETA_PORT="${HANGAR_LAB_BETA_PORT:-8450}"
BETA2_PORT="$((BETA_PORT + 1))"
GAMMA_PORT="${HANGAR_LAB_GAMMA_PORT:-8460}"
TRUST_PASSWORD="${HANGAR_LAB_TRUST_PASSWORD:-hangar-lab}"
WANT_LXCFS="${HANGAR_LAB_LXCFS:-1}"
WANT_INCUS="${HANGAR_LAB_INCUS:-1}"
HOST="127.0.0.1"
LXCFS_MNT="/var/lib/lxcfs"

# Keep the lab's clients away from the user's own client config (remotes, default remote).
export LXD_CONF="$LAB/.client/lxc"
export INCUS_CONF="$LAB/.client/incus"
export DEBIAN_FRONTEND=noninteractive

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] error: %s\n' "$*" >&2; exit 1; }

daemons() {
  if [[ "$WANT_INCUS" == 1 ]]; then echo alpha beta1 beta2 gamma; else echo alpha beta1 beta2; fi
}
kind_of() { case "$1" in gamma) echo incus ;; *) echo lxd ;; esac; }
port_of() {
  case "$1" in
    alpha) echo "$ALPHA_PORT" ;; beta1) echo "$BETA_PORT" ;;
    beta2) echo "$BETA2_PORT" ;; gamma) echo "$GAMMA_PORT" ;;
    *) die "unknown daemon $1" ;;
  esac
}
dir_of() { echo "$LAB/$1"; }
url_of() { echo "https://$HOST:$(port_of "$1")"; }
pidfile_of() { echo "$LAB/$1.pid"; }
logfile_of() { echo "$LAB/$1.log"; }
marker_of() { echo "$LAB/$1.initialised"; }

incusd_bin() {
  if [[ -x /usr/libexec/incus/incusd ]]; then echo /usr/libexec/incus/incusd; return 0; fi
  command -v incusd 2>/dev/null || return 1
}

# Clients, always pinned to one daemon's directory and its local unix socket.
lxc_on() { local d="$1"; shift; LXD_DIR="$(dir_of "$d")" lxc --force-local "$@"; }
incus_on() { INCUS_DIR="$(dir_of gamma)" incus --force-local "$@"; }
client_on() { if [[ "$(kind_of "$1")" == incus ]]; then shift; incus_on "$@"; else lxc_on "$@"; fi; }

client_t() { # SECONDS NAME ARGS...: a client call with a time limit
  local t="$1" name="$2"; shift 2
  if [[ "$(kind_of "$name")" == incus ]]; then
    INCUS_DIR="$(dir_of "$name")" timeout "$t" incus --force-local "$@"
  else
    LXD_DIR="$(dir_of "$name")" timeout "$t" lxc --force-local "$@"
  fi
}

need_root() { [[ "$(id -u)" == 0 ]] || die "must run as root"; }

# ---------------------------------------------------------------- process checks
# Prints the pid if the daemon NAME is running and is really ours: the process is
# alive (not a zombie), its executable is lxd/incusd and its environment has our
# LXD_DIR/INCUS_DIR. Falls back to scanning /proc (a daemon started for our dir whose
# pid file got lost); a found one is recorded in the pid file again.
is_ours() {
  local name="$1" pid="$2" exe var stat state want e
  local -a args envs
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  { read -r stat <"/proc/$pid/stat"; } 2>/dev/null || return 1
  state="${stat##*) }"; state="${state%% *}"
  [[ -n "$state" && "$state" != Z && "$state" != X ]] || return 1
  if [[ "$(kind_of "$name")" == incus ]]; then exe=incusd; var=INCUS_DIR; else exe=lxd; var=LXD_DIR; fi
  { mapfile -d '' -t args <"/proc/$pid/cmdline"; } 2>/dev/null || return 1
  ((${#args[@]})) || return 1
  [[ "${args[0]##*/}" == "$exe" ]] || return 1
  # the daemon itself, not `lxd waitready`, `lxd forkexec` and friends
  [[ ${#args[@]} -lt 2 || "${args[1]}" == -* ]] || return 1
  { mapfile -d '' -t envs <"/proc/$pid/environ"; } 2>/dev/null || return 1
  want="$var=$LAB/$name"
  for e in "${envs[@]}"; do [[ "$e" == "$want" ]] && return 0; done
  return 1
}

running_pid() {
  local name="$1" pf pid p comm exe
  pf="$(pidfile_of "$name")"
  if [[ -f "$pf" ]]; then
    read -r pid <"$pf" || true
    if is_ours "$name" "${pid:-}"; then echo "$pid"; return 0; fi
  fi
  [[ -d "$LAB" ]] || return 1
  if [[ "$(kind_of "$name")" == incus ]]; then exe=incusd; else exe=lxd; fi
  for p in /proc/[0-9]*; do
    { read -r comm <"$p/comm"; } 2>/dev/null || continue
    [[ "$comm" == "$exe" ]] || continue
    pid="${p#/proc/}"
    if is_ours "$name" "$pid"; then
      echo "$pid" >"$pf"
      echo "$pid"
      return 0
    fi
  done
  return 1
}

# ---------------------------------------------------------------- install
sources_value() { # KEY from the stanza of debian.sources whose Suites has "bookworm"
  awk -v key="$1" '
    BEGIN { RS=""; FS="\n" }
    {
      suites=""; val=""
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^Suites:/) suites = " " substr($i, 8) " "
        if (index($i, key ":") == 1) val = substr($i, length(key) + 2)
      }
      if (suites ~ / bookworm / && val != "") { gsub(/^[ \t]+|[ \t]+$/, "", val); print val; exit }
    }' /etc/apt/sources.list.d/debian.sources
}

add_backports_source() {
  local f=/etc/apt/sources.list.d/hangar-backports.sources uris signed
  [[ -f "$f" ]] && return 0
  if grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    return 0
  fi
  [[ -f /etc/apt/sources.list.d/debian.sources ]] \
    || die "no /etc/apt/sources.list.d/debian.sources to copy the bookworm entry from"
  uris="$(sources_value URIs)"
  signed="$(sources_value Signed-By)"
  [[ -n "$uris" ]] || die "could not find the bookworm URIs in debian.sources"
  log "adding bookworm-backports apt source ($f)"
  {
    echo "Types: deb"
    echo "URIs: $uris"
    echo "Suites: bookworm-backports"
    echo "Components: main"
    if [[ -n "$signed" ]]; then echo "Signed-By: $signed"; fi
  } >"$f"
}

apt_q() { apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 -q "$@"; }

install_packages() {
  local want_lxd=0 want_bb=0 want_incus=0 want_dnsmasq=0
  command -v lxd >/dev/null 2>&1 && command -v lxc >/dev/null 2>&1 || want_lxd=1
  [[ "$(dpkg-query -W -f='${Status}' busybox-static 2>/dev/null || true)" == "install ok installed" ]] \
    || want_bb=1
  # Both daemons refuse to create any managed bridge without dnsmasq (even one with no addresses).
  [[ "$(dpkg-query -W -f='${Status}' dnsmasq-base 2>/dev/null || true)" == "install ok installed" ]] \
    || want_dnsmasq=1
  if [[ "$WANT_INCUS" == 1 ]]; then
    { incusd_bin >/dev/null && command -v incus >/dev/null 2>&1; } || want_incus=1
  fi
  (( want_lxd + want_bb + want_dnsmasq + want_incus > 0 )) || return 0
  command -v apt-get >/dev/null 2>&1 || die "lxd/busybox-static/dnsmasq-base/incus missing and no apt-get to install them"
  if [[ "$want_incus" == 1 ]]; then add_backports_source; fi
  log "installing packages (lxd=$want_lxd busybox-static=$want_bb dnsmasq-base=$want_dnsmasq incus=$want_incus)"
  apt_q update >/dev/null
  local pkgs=()
  if [[ "$want_lxd" == 1 ]]; then pkgs+=(lxd lxcfs); fi
  if [[ "$want_bb" == 1 ]]; then pkgs+=(busybox-static); fi
  if [[ "$want_dnsmasq" == 1 ]]; then pkgs+=(dnsmasq-base); fi
  if ((${#pkgs[@]})); then
    apt_q install -y --no-install-recommends "${pkgs[@]}" >/dev/null
  fi
  if [[ "$want_incus" == 1 ]]; then
    apt_q install -y --no-install-recommends -t bookworm-backports incus >/dev/null
  fi
  command -v lxd >/dev/null 2>&1 || die "lxd still missing after install"
  if [[ "$WANT_INCUS" == 1 ]]; then incusd_bin >/dev/null || die "incusd still missing after install"; fi
}

# ---------------------------------------------------------------- lxcfs
lxcfs_pid() {
  local pf="$LAB/lxcfs.pid" pid
  [[ -f "$pf" ]] || return 1
  pid="$(tr -dc '0-9' <"$pf" || true)"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  [[ "$(basename -- "$(tr '\0' '\n' <"/proc/$pid/cmdline" | head -n1)")" == lxcfs ]] || return 1
  echo "$pid"
}

start_lxcfs() { # optional: never fails the lab
  [[ "$WANT_LXCFS" == 1 ]] || return 0
  command -v lxcfs >/dev/null 2>&1 || return 0
  [[ -e /dev/fuse ]] || return 0
  lxcfs_pid >/dev/null && return 0
  # A FUSE mount whose lxcfs died ("Transport endpoint is not connected") serves no one and
  # breaks both mkdir here and every new container: detach it, whoever mounted it.
  if grep -qs " $LXCFS_MNT fuse" /proc/mounts && ! stat "$LXCFS_MNT/proc" >/dev/null 2>&1; then
    log "detaching the dead lxcfs mount on $LXCFS_MNT"
    umount -l "$LXCFS_MNT" 2>/dev/null || fusermount -uz "$LXCFS_MNT" 2>/dev/null || true
  fi
  if mountpoint -q "$LXCFS_MNT" 2>/dev/null; then
    return 0 # someone else's live lxcfs: use it, leave it alone
  fi
  rm -f "$LAB/lxcfs.pid"
  mkdir -p "$LXCFS_MNT"
  # shellcheck disable=SC2016
  setsid -f sh -c 'cd / && echo "$$" >"$1" && exec lxcfs "$3" >>"$2" 2>&1 </dev/null' \
    sh "$LAB/lxcfs.pid" "$LAB/lxcfs.log" "$LXCFS_MNT" 9>&- || true
  local pid
  for _ in $(seq 1 30); do
    if mountpoint -q "$LXCFS_MNT" 2>/dev/null; then log "lxcfs mounted on $LXCFS_MNT"; return 0; fi
    sleep 0.1
  done
  log "warning: lxcfs did not come up (see $LAB/lxcfs.log); continuing without it"
  pid="$(lxcfs_pid || true)"
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; fi
  rm -f "$LAB/lxcfs.pid"
  return 0
}

stop_lxcfs() {
  local pid
  pid="$(lxcfs_pid || true)"
  if [[ -n "$pid" ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done
    if [[ -d "/proc/$pid" ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
    if findmnt -rn -o FSTYPE "$LXCFS_MNT" 2>/dev/null | grep -q lxcfs; then
      umount -l "$LXCFS_MNT" 2>/dev/null || true
    fi
    log "lxcfs stopped"
  fi
  rm -f "$LAB/lxcfs.pid"
}

# ---------------------------------------------------------------- image
build_image() {
  local out="$LAB/busybox.tar.gz"
  [[ -s "$out" ]] && return 0
  [[ -x /bin/busybox ]] || die "/bin/busybox missing (install busybox-static)"
  log "building busybox image $out"
  local tmp; tmp="$(mktemp -d "$LAB/.image.XXXXXX")"
  local r="$tmp/rootfs"
  mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,dev,proc,sys,run,var/log,mnt,home}
  chmod 1777 "$r/tmp"
  chmod 700 "$r/root"
  cp /bin/busybox "$r/bin/busybox"
  chmod 755 "$r/bin/busybox"
  local p a
  while IFS= read -r p; do
    [[ -n "$p" && "$p" != bin/busybox ]] || continue
    mkdir -p "$r/$(dirname -- "$p")"
    [[ -e "$r/$p" || -L "$r/$p" ]] || ln -s /bin/busybox "$r/$p"
  done < <(/bin/busybox --list-full 2>/dev/null || true)
  while IFS= read -r a; do     # every applet also in /bin, whatever --list-full said
    [[ -n "$a" && "$a" != busybox ]] || continue
    [[ -e "$r/bin/$a" || -L "$r/bin/$a" ]] || ln -s /bin/busybox "$r/bin/$a"
  done < <(/bin/busybox --list)
  ln -sfn /bin/busybox "$r/sbin/init"
  for a in sh stty od head sleep cat; do
    [[ -L "$r/bin/$a" ]] || die "busybox lacks the applet $a"
  done
  cat >"$r/etc/inittab" <<'EOF'
::sysinit:/bin/hostname -F /proc/sys/kernel/hostname
::respawn:-/bin/sh
::ctrlaltdel:/sbin/reboot
::shutdown:/bin/sync
EOF
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$r/etc/passwd"
  printf 'root:x:0:\n' >"$r/etc/group"
  printf 'root:*:19000:0:99999:7:::\n' >"$r/etc/shadow"
  chmod 600 "$r/etc/shadow"
  printf '127.0.0.1 localhost\n::1 localhost\n' >"$r/etc/hosts"
  printf '/bin/sh\n' >"$r/etc/shells"
  cat >"$r/etc/profile" <<'EOF'
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
export PS1='\h:\w\$ '
cd /root 2>/dev/null || true
EOF
  # creation date from the busybox binary: the same busybox gives the same image
  local created; created="$(stat -c %Y /bin/busybox)"
  local release; release="$(/bin/busybox 2>&1 | head -n1 | awk '{print $2}' | tr -d v || true)"
  cat >"$tmp/metadata.yaml" <<EOF
architecture: x86_64
creation_date: $created
properties:
  os: busybox
  release: "${release:-static}"
  description: "Hangar lab busybox ${release:-static} (x86_64)"
  architecture: x86_64
EOF
  tar --sort=name --mtime="@$created" --owner=0 --group=0 --numeric-owner \
    -C "$tmp" -cf - metadata.yaml rootfs | gzip -n >"$tmp/busybox.tar.gz"
  mv -f "$tmp/busybox.tar.gz" "$out"
  rm -rf "$tmp"
}

import_image() { # NAME: import the busybox alias if it is missing
  local name="$1"
  client_on "$name" image info busybox >/dev/null 2>&1 && return 0
  log "$name: importing image alias busybox"
  client_on "$name" image import "$LAB/busybox.tar.gz" --alias busybox >/dev/null
}

publish_image() { # NAME: make its busybox image public, so the daemon serves it as an image server
  local name="$1"
  client_on "$name" image show busybox | grep -qx 'public: true' && return 0
  log "$name: making image busybox public"
  client_on "$name" image show busybox | sed 's/^public: false$/public: true/' | client_on "$name" image edit busybox
}

# ---------------------------------------------------------------- daemons
port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

start_daemon() { # NAME: start it (not waiting) unless already running
  local name="$1" kind dir pid bin var
  kind="$(kind_of "$name")"; dir="$(dir_of "$name")"
  if pid="$(running_pid "$name")"; then
    log "$name: already running (pid $pid)"
    return 0
  fi
  rm -f "$(pidfile_of "$name")"
  mkdir -p "$dir"
  chmod 711 "$dir"
  # a socket left behind by a killed daemon would make the new one refuse to start
  if [[ -S "$dir/unix.socket" ]]; then rm -f "$dir/unix.socket"; fi
  if [[ "$kind" == incus ]]; then
    bin="$(incusd_bin)" || die "incusd not installed"; var=INCUS_DIR
  else
    bin="$(command -v lxd)"; var=LXD_DIR
  fi
  if [[ ! -f "$(marker_of "$name")" ]] && port_busy "$(port_of "$name")"; then
    die "$name: port $(port_of "$name") is already in use by another process"
  fi
  log "$name: starting $kind ($var=$dir)"
  # setsid -f: own session, survives the calling shell; the sh writes its own pid and
  # then execs the daemon, so the pid file holds the daemon's pid. 9>&-: the daemon must
  # not inherit the lab lock (it would hold it for its whole life).
  # shellcheck disable=SC2016
  # cd /: the daemon runs rsync and other tools in its own working directory; started from a
  # checkout that is later removed (a CI clone), every snapshot and copy fails with "getcwd()".
  (cd / && setsid -f env "$var=$dir" sh -c 'echo $$ >"$1"; exec "$2" --group root --logfile "$3" >>"$3" 2>&1 </dev/null' \
    sh "$(pidfile_of "$name")" "$bin" "$(logfile_of "$name")" 9>&-)
}

wait_daemon() {
  local name="$1" out
  for _ in $(seq 1 50); do [[ -s "$(pidfile_of "$name")" ]] && break; sleep 0.1; done
  if [[ "$(kind_of "$name")" == incus ]]; then
    out="$(INCUS_DIR="$(dir_of "$name")" timeout 90 incus admin waitready --timeout 80 2>&1)" \
      || die "$name: incusd not ready: $out (log: $(logfile_of "$name"))"
  else
    out="$(LXD_DIR="$(dir_of "$name")" timeout 90 lxd waitready --timeout 80 2>&1)" \
      || die "$name: lxd not ready: $out (log: $(logfile_of "$name"))"
  fi
  running_pid "$name" >/dev/null || die "$name: daemon exited (log: $(logfile_of "$name"))"
}

preseed() { # NAME: feed stdin to `lxd init --preseed` / `incus admin init --preseed`
  local name="$1"
  if [[ "$(kind_of "$name")" == incus ]]; then
    INCUS_DIR="$(dir_of "$name")" incus admin init --preseed
  else
    LXD_DIR="$(dir_of "$name")" lxd init --preseed
  fi
}

has_pool() { client_on "$1" storage show default >/dev/null 2>&1; }

init_standalone() { # alpha or gamma
  local name="$1" marker
  marker="$(marker_of "$name")"
  [[ -f "$marker" ]] && return 0
  if ! has_pool "$name"; then
    log "$name: initialising"
    {
      echo "config:"
      echo "  core.https_address: $HOST:$(port_of "$name")"
      cat <<'EOF'
storage_pools:
- name: default
  driver: dir
profiles:
- name: default
  devices:
    root:
      path: /
      pool: default
      type: disk
EOF
    } | preseed "$name"
    if [[ "$(kind_of "$name")" == lxd ]]; then
      lxc_on "$name" config set core.trust_password "$TRUST_PASSWORD"
    fi
  fi
  date -u +%FT%TZ >"$marker"
}

beta_clustered() { # NAME: the member says it is clustered
  lxc_on "$1" info 2>/dev/null | grep -q '^server_clustered: true'
}

init_beta() {
  if [[ ! -f "$(marker_of beta1)" ]]; then
    if ! beta_clustered beta1; then
      log "beta1: initialising cluster (member1)"
      cat <<EOF | preseed beta1
config:
  core.https_address: $HOST:$BETA_PORT
storage_pools:
- name: default
  driver: dir
profiles:
- name: default
  devices:
    root:
      path: /
      pool: default
      type: disk
cluster:
  server_name: member1
  enabled: true
EOF
      lxc_on beta1 config set core.trust_password "$TRUST_PASSWORD"
    fi
    date -u +%FT%TZ >"$(marker_of beta1)"
  fi
  if [[ ! -f "$(marker_of beta2)" ]]; then
    if ! beta_clustered beta2; then
      log "beta2: joining the cluster (member2)"
      # a token left by an interrupted earlier join would block a new one
      lxc_on beta1 cluster revoke-token member2 >/dev/null 2>&1 || true
      local token
      token="$(lxc_on beta1 cluster add member2 --quiet | tail -n1 | tr -d '[:space:]')"
      [[ -n "$token" ]] || die "beta1: no join token for member2"
      cat <<EOF | preseed beta2
cluster:
  enabled: true
  server_name: member2
  server_address: $HOST:$BETA2_PORT
  cluster_token: $token
  member_config:
  - entity: storage-pool
    name: default
    key: source
    value: ""
EOF
    fi
    date -u +%FT%TZ >"$(marker_of beta2)"
  fi
}

wait_cluster_online() { # both members ONLINE (after a restart it takes a moment)
  local out
  for _ in $(seq 1 120); do
    out="$(lxc_on beta1 cluster list --format csv 2>/dev/null || true)"
    if [[ "$(grep -c ',ONLINE,' <<<"$out" || true)" -ge 2 ]]; then return 0; fi
    sleep 0.5
  done
  log "warning: beta cluster members not all ONLINE yet:"
  printf '%s\n' "$out" >&2
  return 1
}

lock_lab() { # one up/down at a time (CI and a developer, or two test runners)
  exec 9>"$LAB/lab.lock"
  flock -w 300 9 || die "another lab.sh holds $LAB/lab.lock (fuser -v $LAB/lab.lock)"
}

sweep_leftovers() { # never fails the lab: a leftover it cannot remove is logged
  [[ "${HANGAR_LAB_SWEEP:-1}" == 1 ]] || return 0
  command -v node >/dev/null || { log "node not found: leftovers of killed test runs not swept"; return 0; }
  HANGAR_LAB_DIR="$LAB" node "$(dirname "${BASH_SOURCE[0]}")/lab-sweep.mjs" >&2 || log "sweeping leftovers failed (ignored)"
}

cmd_up() {
  need_root
  local t0=$SECONDS
  install_packages
  mkdir -p "$LAB" "$LXD_CONF" "$INCUS_CONF"
  chmod 711 "$LAB"
  lock_lab
  local d sock
  for d in $(daemons); do
    sock="$(dir_of "$d")/unix.socket"
    (( ${#sock} < 107 )) || die "lab dir too long for a unix socket path: $sock"
  done
  start_lxcfs
  # start all daemons first, then wait: a cluster member may need the other to be up
  for d in $(daemons); do start_daemon "$d"; done
  for d in $(daemons); do wait_daemon "$d"; done
  init_standalone alpha
  init_beta
  if [[ "$WANT_INCUS" == 1 ]]; then init_standalone gamma; fi
  build_image
  import_image alpha
  import_image beta1
  if [[ "$WANT_INCUS" == 1 ]]; then import_image gamma; fi
  # alpha and gamma serve their busybox as image servers (the image-server tests and the demo).
  publish_image alpha
  if [[ "$WANT_INCUS" == 1 ]]; then publish_image gamma; fi
  wait_cluster_online || true
  sweep_leftovers
  log "lab up in $((SECONDS - t0))s (eval \"\$($0 env)\" for the URLs)"
  cmd_status || true
}

# ---------------------------------------------------------------- status / env / token
server_version() {
  client_t 10 "$1" info 2>/dev/null | awk '/^ *server_version:/ { gsub(/"/, "", $2); print $2; exit }'
}

cmd_status() {
  need_root
  local d pid state ver all=0
  printf '%-6s %-6s %-24s %-8s %-8s %s\n' NAME KIND URL PID STATE VERSION
  for d in $(daemons); do
    if pid="$(running_pid "$d" 2>/dev/null)"; then
      state=running
      ver="$(server_version "$d" || true)"
      if [[ -z "$ver" ]]; then state=starting; all=1; fi
    else
      pid=-; state=stopped; ver=-; all=1
    fi
    printf '%-6s %-6s %-24s %-8s %-8s %s\n' "$d" "$(kind_of "$d")" "$(url_of "$d")" "$pid" "$state" "${ver:--}"
  done
  return "$all"
}

cmd_env() { # single-quoted values: safe to eval, easy to parse (strip the quotes)
  local k v
  while IFS='=' read -r k v; do
    printf "export %s='%s'\n" "$k" "${v//\'/\'\\\'\'}"
  done <<EOF
HANGAR_LAB_DIR=$LAB
HANGAR_LAB_ALPHA_URL=$(url_of alpha)
HANGAR_LAB_ALPHA_LXD_DIR=$(dir_of alpha)
HANGAR_LAB_BETA_URL=$(url_of beta1)
HANGAR_LAB_BETA_LXD_DIR=$(dir_of beta1)
HANGAR_LAB_BETA2_URL=$(url_of beta2)
HANGAR_LAB_BETA2_LXD_DIR=$(dir_of beta2)
HANGAR_LAB_GAMMA_URL=$(url_of gamma)
HANGAR_LAB_GAMMA_INCUS_DIR=$(dir_of gamma)
HANGAR_LAB_TRUST_PASSWORD=$TRUST_PASSWORD
HANGAR_LAB_IMAGE=$LAB/busybox.tar.gz
EOF
}

cmd_token() {
  need_root
  [[ $# -eq 2 ]] || die "usage: $0 token NAME alpha|beta|gamma"
  local name="$1" daemon="$2" out
  case "$daemon" in
    alpha) out="$(lxc_on alpha config trust add --name "$name" --quiet)" ;;
    beta | beta1) out="$(lxc_on beta1 config trust add --name "$name" --quiet)" ;;
    beta2) out="$(lxc_on beta2 config trust add --name "$name" --quiet)" ;;
    gamma) out="$(incus_on config trust add "$name" --quiet)" ;;
    *) die "unknown daemon '$daemon' (alpha|beta|gamma)" ;;
  esac
  out="$(printf '%s\n' "$out" | awk 'NF { last = $0 } END { print last }' | tr -d '[:space:]')"
  [[ -n "$out" ]] || die "no token from $daemon"
  printf '%s\n' "$out"
}

# ---------------------------------------------------------------- down
wait_gone() { # NAME PID TENTHS: wait up to TENTHS/10 s for the daemon to exit
  local n=0
  while ((n < $3)) && is_ours "$1" "$2"; do sleep 0.1; n=$((n + 1)); done
}

stop_daemon() {
  local name="$1" pid
  if ! pid="$(running_pid "$name")"; then
    rm -f "$(pidfile_of "$name")"
    return 0
  fi
  log "$name: shutting down (pid $pid)"
  if [[ "$(kind_of "$name")" == incus ]]; then
    INCUS_DIR="$(dir_of "$name")" timeout 70 incus admin shutdown --timeout 60 >/dev/null 2>&1 || true
  else
    LXD_DIR="$(dir_of "$name")" timeout 70 lxd shutdown --timeout 60 >/dev/null 2>&1 || true
  fi
  wait_gone "$name" "$pid" 100
  if is_ours "$name" "$pid"; then
    log "$name: still running, SIGTERM"
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$name" "$pid" 100
  fi
  if is_ours "$name" "$pid"; then
    log "$name: still running, SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$name" "$pid" 50
  fi
  rm -f "$(pidfile_of "$name")"
}

stop_all_instances() { # --purge: running containers go first, forcibly (all projects)
  local d project inst state
  for d in alpha beta1 gamma; do
    running_pid "$d" >/dev/null || continue
    while IFS=, read -r project inst state; do
      [[ -n "$inst" && "$state" != STOPPED ]] || continue
      log "$d: stopping $project/$inst"
      client_t 60 "$d" stop --force --project "$project" "$inst" >/dev/null 2>&1 || true
    done < <(client_t 30 "$d" list --all-projects --format csv -c e,n,s 2>/dev/null || true)
  done
}

unmount_lab() {
  local m
  # deepest first
  while IFS= read -r m; do
    [[ -n "$m" ]] || continue
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "warning: could not unmount $m"
  done < <(findmnt -rn -o TARGET | awk -v p="$LAB/" 'index($0, p) == 1' | sort -r)
}

cmd_down() {
  need_root
  local purge=0
  [[ "${1:-}" == --purge ]] && purge=1
  [[ -d "$LAB" ]] || { log "no lab at $LAB"; return 0; }
  lock_lab
  if [[ "$purge" == 1 ]]; then stop_all_instances; fi
  local d
  # member2 before member1: the cluster leader goes last
  stop_daemon gamma
  stop_daemon beta2
  stop_daemon beta1
  stop_daemon alpha
  stop_lxcfs
  if [[ "$purge" == 1 ]]; then
    case "$LAB" in
      / | /var | /var/lib | /tmp | /root | /home | "") die "refusing to delete $LAB" ;;
    esac
    [[ "$LAB" == /*/* ]] || die "refusing to delete $LAB (not an absolute path of depth >= 2)"
    for d in alpha beta1 beta2 gamma; do
      if running_pid "$d" >/dev/null 2>&1; then die "$d still running; not deleting $LAB"; fi
    done
    unmount_lab
    log "deleting $LAB"
    rm -rf --one-file-system -- "$LAB"
    if [[ -e "$LAB" ]]; then die "could not delete everything under $LAB"; fi
  fi
  log "lab down"
}

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    up) cmd_up "$@" ;;
    status) cmd_status "$@" ;;
    down) cmd_down "$@" ;;
    env) cmd_env "$@" ;;
    token) cmd_token "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
