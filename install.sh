#!/usr/bin/env bash
# Installs, upgrades or removes HomeTelco on a Debian-like NAS, mini-PC or single-board computer.
# Re-running it upgrades in place: the program folder is swapped atomically (the previous one kept as
# <prefix>.old until the new one is running) and the data folder is never touched.
# Run with --help for the options.
set -euo pipefail

readonly SERVICE=hometelco
readonly SERVICE_USER=hometelco
readonly UNIT_FILE=/etc/systemd/system/${SERVICE}.service
readonly HOST_PROJECT=server/HomeTelco.Host/HomeTelco.Host.csproj
readonly DEFAULT_HTTP_PORT=8080
readonly DEFAULT_HTTPS_PORT=8443
# The GC's young-generation budget (bytes, hex). By default it follows the CPU's cache size, tens of MB on a NAS
# CPU: the SIP engine then stops for a 5-10 ms collection a few times a second under load, and a call's p99 is
# that pause. 4 MiB collects more often, each pause about a millisecond. Only the environment sets it (the
# runtime ignores it in runtimeconfig.json); bench/sip and bench/startup read it from this line.
readonly GC_GEN0_BUDGET=0x400000

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR

prefix=/opt/hometelco
data=""
systemd_mode=1
http_port=""
https_port=""
profile=""
rid=""
rid_given=0
bundle_out=""
from_bundle=""
uninstall=0
purge=0
print_unit=0
deps=1

# State for the exit trap: what to clean up or roll back when something fails half-way.
build_dir=""
staging=""
swapped=0
committed=0

say() { printf 'hometelco-install: %s\n' "$*"; }
warn() { printf 'hometelco-install: warning: %s\n' "$*" >&2; }
die() {
  printf 'hometelco-install: error: %s\n' "$*" >&2
  exit 1
}

usage() {
  cat <<EOF
Usage: bash install.sh [options]

Installs HomeTelco as a systemd service (default), or into a folder for the current user.

  --prefix <dir>       program folder (default /opt/hometelco)
  --data <dir>         data folder, kept across upgrades (default /var/lib/hometelco)
  --http-port <n>      portal HTTP port (default ${DEFAULT_HTTP_PORT})
  --https-port <n>     portal HTTPS port, 0 for none (default ${DEFAULT_HTTPS_PORT})
  --profile <name>     pin a hardware profile (default: the box detects one at every start,
                       and the portal can override it)
  --rid <rid>          .NET runtime identifier (default from uname -m: linux-x64, linux-arm64,
                       linux-arm; linux-musl-* on musl systems such as OpenWrt)
  --no-systemd         no service, no system user, no apt: publish into the prefix and write
                       <prefix>/run.sh (also for tests; needs no root)
  --no-deps            do not install ffmpeg with apt
  --bundle <dir>       build a self-contained bundle for --rid into <dir> (with this script in it)
                       to copy to a box without the .NET SDK; installs nothing
  --from-bundle <dir>  install from such a bundle (no .NET SDK needed)
  --uninstall          stop and remove the service and the program; the data folder is kept
  --purge              with --uninstall: also remove the data folder and the system user
  --print-unit         print the systemd unit these options would install, and change nothing
  -h, --help           this help

There is no default password: at first start the box writes a one-time setup code to
<data>/setup-code and to its log; open http://<box>:<port>/setup and enter it.
EOF
}

need_value() {
  # $1 option, $2 count of remaining words, $3 next word
  if (($2 < 2)) || [[ $3 == --* ]]; then
    die "$1 needs a value (see --help)"
  fi
}

parse_args() {
  while (($# > 0)); do
    case $1 in
      --prefix) need_value "$1" $# "${2-}"; prefix=$2; shift ;;
      --data) need_value "$1" $# "${2-}"; data=$2; shift ;;
      --http-port) need_value "$1" $# "${2-}"; http_port=$2; shift ;;
      --https-port) need_value "$1" $# "${2-}"; https_port=$2; shift ;;
      --profile) need_value "$1" $# "${2-}"; profile=$2; shift ;;
      --rid) need_value "$1" $# "${2-}"; rid=$2; rid_given=1; shift ;;
      --bundle) need_value "$1" $# "${2-}"; bundle_out=$2; shift ;;
      --from-bundle) need_value "$1" $# "${2-}"; from_bundle=$2; shift ;;
      --no-systemd) systemd_mode=0 ;;
      --no-deps) deps=0 ;;
      --uninstall) uninstall=1 ;;
      --purge) purge=1 ;;
      --print-unit) print_unit=1 ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
  done
}

absolute() {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$PWD" "$1" ;;
  esac
}

check_port() {
  # $1 option name, $2 value, $3 smallest allowed; prints the port without leading zeros.
  if [[ ! $2 =~ ^[0-9]{1,5}$ ]] || ((10#$2 < $3 || 10#$2 > 65535)); then
    die "$1 must be a port number from $3 to 65535, not '$2'"
  fi
  printf '%d\n' "$((10#$2))"
}

check_path() {
  # $1 option name, $2 absolute path
  [[ $2 != / && -n $2 ]] || die "$1 must not be the root folder"
  # systemd unit lines and run.sh stay simple and unambiguous with plain path characters.
  [[ $2 =~ ^[A-Za-z0-9/._+-]+$ ]] || die "$1 '$2' may hold only letters, digits and / . _ + -"
}

detect_rid() {
  local machine libc=""
  machine=$(uname -m)
  if compgen -G '/lib/ld-musl-*.so.1' >/dev/null; then
    libc=musl-
  fi
  case $machine in
    x86_64 | amd64) printf 'linux-%sx64\n' "$libc" ;;
    aarch64 | arm64) printf 'linux-%sarm64\n' "$libc" ;;
    armv7* | armv8l) printf 'linux-%sarm\n' "$libc" ;;
    *) die "this machine is '$machine', which .NET does not run on (x86_64, aarch64 and armv7l do); pass --rid only if you know better" ;;
  esac
}

read_recorded() {
  # Settings of an earlier install, so an upgrade keeps its data folder, ports and profile.
  local file=$1 key value
  [[ -f $file ]] || return 0
  while IFS='=' read -r key value; do
    case $key in
      data) [[ -n $data ]] || data=$value ;;
      http_port) [[ -n $http_port ]] || http_port=$value ;;
      https_port) [[ -n $https_port ]] || https_port=$value ;;
      profile) [[ -n $profile ]] || profile=$value ;;
      *) ;;
    esac
  done <"$file"
}

require_root() {
  if ((EUID != 0)); then
    die "$1 needs root: run it with sudo, or add --no-systemd to install for the current user without a service"
  fi
}

systemd_running() {
  command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]
}

on_exit() {
  local rc=$?
  if ((rc != 0 && swapped && !committed)); then
    warn "installation failed; putting the previous version back"
    rollback || warn "could not put the previous version back; it is in ${prefix}.old"
  fi
  if [[ -n $build_dir ]]; then
    rm -rf -- "$build_dir"
  fi
  if [[ -n $staging && -d $staging ]]; then
    rm -rf -- "$staging"
  fi
  exit "$rc"
}

rollback() {
  [[ -d ${prefix}.old ]] || return 0
  rm -rf -- "${prefix:?}.failed"
  if [[ -d $prefix ]]; then
    mv -- "$prefix" "${prefix}.failed"
  fi
  mv -- "${prefix}.old" "$prefix"
  rm -rf -- "${prefix:?}.failed"
  if ((systemd_mode)) && systemd_running && [[ -f $UNIT_FILE ]]; then
    systemctl restart "$SERVICE" || true
  fi
}

ensure_ffmpeg() {
  if command -v ffmpeg >/dev/null 2>&1; then
    return 0
  fi
  if ((!deps)); then
    warn "ffmpeg is not installed; media scans and transcoding stay off until it is (apt-get install ffmpeg)"
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    warn "ffmpeg is not installed and there is no apt-get here; install ffmpeg with this system's package manager for media scans and transcoding"
    return 0
  fi
  say "installing ffmpeg with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null ||
    die "apt-get update failed; fix the package sources or re-run with --no-deps"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ffmpeg >/dev/null ||
    die "apt-get install ffmpeg failed; fix it or re-run with --no-deps"
}

check_sdk() {
  local hint="or build a bundle on a machine that has the SDK ('bash install.sh --bundle <dir> --rid ${rid}'), copy <dir> here and run 'bash <dir>/install.sh --from-bundle <dir>'"
  command -v dotnet >/dev/null 2>&1 ||
    die "the .NET 10 SDK ('dotnet') is not on the PATH. Install it (Debian: package dotnet-sdk-10.0 from Microsoft's package repository; under sudo, keep your PATH with 'sudo env PATH=\"\$PATH\" bash install.sh'), ${hint}"
  dotnet --list-sdks 2>/dev/null | grep -q '^10\.' ||
    die "'dotnet' is there but has no 10.x SDK (found: $(dotnet --list-sdks 2>/dev/null | cut -d' ' -f1 | tr '\n' ' ')). Install the .NET 10 SDK, ${hint}"
  [[ -f $SCRIPT_DIR/$HOST_PROJECT ]] ||
    die "no source tree beside this script ($SCRIPT_DIR/$HOST_PROJECT is missing); use --from-bundle <dir> with a bundle made by --bundle"
}

source_version() {
  git -C "$SCRIPT_DIR" rev-parse --short HEAD 2>/dev/null || printf 'unknown\n'
}

publish_to() {
  # $1 output folder. Builds from a copy of the sources so that the checkout stays untouched
  # (no root-owned bin/obj, no lock file rewritten for the runtime identifier).
  local out=$1 log
  check_sdk
  build_dir=$(mktemp -d "${TMPDIR:-/tmp}/hometelco-build.XXXXXX")
  mkdir -p -- "$build_dir/src"
  tar -C "$SCRIPT_DIR" --exclude=./.git --exclude=bin --exclude=obj --exclude=TestResults \
    --exclude=node_modules --exclude=./data --exclude=./artifacts -cf - . | tar -C "$build_dir/src" -xf -
  log=$build_dir/publish.log
  say "building HomeTelco for ${rid} (a few minutes on a small box)"
  # No build servers or reused nodes: an installer must not leave processes behind.
  if ! DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 \
    dotnet publish "$build_dir/src/$HOST_PROJECT" -c Release -r "$rid" --self-contained true \
    -p:PublishSingleFile=false -p:PublishReadyToRun=true -p:UseSharedCompilation=false -nodeReuse:false -o "$out" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "dotnet publish failed (last lines above)"
  fi
}

make_bundle() {
  local dir
  dir=$(absolute "$bundle_out")
  check_path --bundle "$dir"
  if [[ -d $dir && -n $(ls -A -- "$dir") && ! -f $dir/BUNDLE ]]; then
    die "$dir exists and is not a HomeTelco bundle; choose an empty or new folder"
  fi
  mkdir -p -- "$dir"
  staging=$dir/app.new
  rm -rf -- "$staging"
  publish_to "$staging"
  rm -rf -- "$dir/app"
  mv -- "$staging" "$dir/app"
  staging=""
  install -m 0755 -- "$SCRIPT_DIR/install.sh" "$dir/install.sh"
  printf 'rid=%s\nversion=%s\nbuilt=%s\n' "$rid" "$(source_version)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$dir/BUNDLE"
  say "bundle for ${rid} is in ${dir}"
  say "copy that folder to the box and run there: sudo bash <folder>/install.sh"
}

bundle_rid() {
  sed -n 's/^rid=//p' "$1/BUNDLE"
}

copy_bundle_to() {
  # $1 output folder
  local dir=$from_bundle built
  [[ -f $dir/BUNDLE && -x $dir/app/hometelco ]] ||
    die "$dir is not a HomeTelco bundle (no BUNDLE file or app/hometelco); make one with --bundle"
  built=$(bundle_rid "$dir")
  if [[ $built != "$rid" ]]; then
    die "the bundle in $dir is built for ${built}, but this machine needs ${rid}; build one with --bundle <dir> --rid ${rid}"
  fi
  say "installing the ${built} bundle from ${dir}"
  cp -a -- "$dir/app" "$1"
}

profile_acceleration() {
  # $1 profile name; prints the profile's hardwareAcceleration, or nothing.
  local file=$prefix/hardware-profiles/$1.json
  [[ -f $file ]] || file=$SCRIPT_DIR/hardware-profiles/$1.json
  [[ -f $file ]] || return 0
  sed -n 's/.*"hardwareAcceleration"[[:space:]]*:[[:space:]]*"\([a-z0-9]*\)".*/\1/p' "$file" | head -n 1
}

known_profiles() {
  local file names=""
  for file in "$1"/*.json; do
    [[ -e $file ]] || continue
    file=${file##*/}
    names+="${file%.json} "
  done
  printf '%s\n' "${names% }"
}

has_video_devices() {
  compgen -G '/dev/dri/*' >/dev/null || compgen -G '/dev/video*' >/dev/null
}

host_address() {
  local ip=""
  ip=$(hostname -I 2>/dev/null | awk '{print $1}') || true
  if [[ -z $ip ]] && command -v ip >/dev/null 2>&1; then
    ip=$(ip -4 route get 192.0.2.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p') || true
  fi
  printf '%s\n' "${ip:-localhost}"
}

ensure_user() {
  if id -u "$SERVICE_USER" >/dev/null 2>&1; then
    return 0
  fi
  command -v useradd >/dev/null 2>&1 || die "useradd is missing, so the '$SERVICE_USER' system user cannot be created; install the passwd package or create the user yourself"
  local shell=/usr/sbin/nologin
  [[ -x $shell ]] || shell=/sbin/nologin
  [[ -x $shell ]] || shell=/bin/false
  say "creating system user '$SERVICE_USER' (no login, no home)"
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell "$shell" "$SERVICE_USER"
}

exec_args() {
  local args="run --data ${data} --http-port ${http_port} --https-port ${https_port}"
  if [[ -n $profile ]]; then
    args+=" --profile ${profile}"
  fi
  printf '%s\n' "$args"
}

write_run_script() {
  cat >"$prefix/run.sh" <<EOF
#!/bin/sh
# Starts HomeTelco in the foreground; written by install.sh --no-systemd.
export DOTNET_gcServer=0
export DOTNET_GCgen0size=${GC_GEN0_BUDGET}
exec "${prefix}/hometelco" $(exec_args) "\$@"
EOF
  chmod 0755 "$prefix/run.sh"
}

write_unit() {
  # $1 where to write the unit (the system's unit file, or /dev/stdout for --print-unit).
  local target=$1 caps="" devices groups="" acceleration group
  if ((http_port < 1024 || (https_port > 0 && https_port < 1024))); then
    caps=CAP_NET_BIND_SERVICE
  fi
  acceleration=$(profile_acceleration "${profile:-$detected}")
  if [[ -n $acceleration && $acceleration != none ]] && has_video_devices; then
    for group in video render; do
      if getent group "$group" >/dev/null 2>&1; then groups+=" $group"; fi
    done
    devices="# ffmpeg reaches the GPU or video block (${acceleration}) through these device nodes only.
PrivateDevices=no
DevicePolicy=closed
DeviceAllow=char-drm rw
DeviceAllow=char-video4linux rw${groups:+
SupplementaryGroups=${groups# }}"
  else
    devices="# No hardware transcoding here. To let ffmpeg use VA-API/QSV or a V4L2 device later, replace
# this line with: PrivateDevices=no, DevicePolicy=closed, DeviceAllow=char-drm rw,
# DeviceAllow=char-video4linux rw and SupplementaryGroups=video render.
PrivateDevices=yes"
  fi

  cat >"$target" <<EOF
# Written by HomeTelco's install.sh; re-running the installer rewrites this file.
[Unit]
Description=HomeTelco: phones, media and downloads for the home
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
User=${SERVICE_USER}
Group=${SERVICE_USER}
WorkingDirectory=${data}
ExecStart=${prefix}/hometelco $(exec_args)
Environment=DOTNET_gcServer=0
Environment=DOTNET_GCgen0size=${GC_GEN0_BUDGET}
Environment=DOTNET_CLI_TELEMETRY_OPTOUT=1
Restart=on-failure
RestartSec=5
TimeoutStopSec=30
UMask=0027
LimitNOFILE=65536

# Hardening: the box only writes its data folder and talks IP, local sockets and netlink
# (netlink lists network interfaces for mDNS and port mapping).
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
ReadWritePaths=${data}
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictSUIDSGID=yes
RestrictRealtime=yes
RestrictNamespaces=yes
LockPersonality=yes
SystemCallArchitectures=native
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK
# MemoryDenyWriteExecute is deliberately absent: the .NET JIT writes machine code at run time.
CapabilityBoundingSet=${caps}
AmbientCapabilities=${caps}
${devices}

[Install]
WantedBy=multi-user.target
EOF
  if [[ -f $target ]]; then chmod 0644 "$target"; fi
}

wait_for_service() {
  local i
  for ((i = 0; i < 30; i++)); do
    if systemctl is-active --quiet "$SERVICE"; then
      sleep 2
      # Still up two seconds later: not a start-up crash loop.
      systemctl is-active --quiet "$SERVICE" && return 0
    fi
    if systemctl is-failed --quiet "$SERVICE"; then
      return 1
    fi
    sleep 1
  done
  return 1
}

print_next_steps() {
  local url
  url="http://$(host_address)"
  if ((http_port != 80)); then url+=":${http_port}"; fi
  url+=/setup
  say "HomeTelco is installed in ${prefix}; its data is in ${data}"
  say "open ${url} to create the first admin"
  say "the one-time setup code is in ${data}/setup-code$( ((systemd_mode)) && printf ' and in journalctl -u %s' "$SERVICE")"
}

uninstall_box() {
  prefix=$(absolute "$prefix")
  check_path --prefix "$prefix"
  read_recorded "$prefix/install.conf"
  data=$(absolute "${data:-/var/lib/hometelco}")
  ((systemd_mode)) && require_root "--uninstall"

  if ((systemd_mode)) && [[ -f $UNIT_FILE ]]; then
    if systemd_running; then
      say "stopping and disabling the ${SERVICE} service"
      systemctl disable --now "$SERVICE" >/dev/null 2>&1 || true
    fi
    rm -f -- "$UNIT_FILE"
    if systemd_running; then systemctl daemon-reload; fi
  fi

  if [[ -d $prefix ]]; then
    [[ -e $prefix/hometelco || -f $prefix/install.conf ]] ||
      die "$prefix does not look like a HomeTelco install (no hometelco program in it); not removing it"
    say "removing ${prefix}"
    rm -rf -- "${prefix:?}" "${prefix:?}.old" "${prefix:?}.new"
  else
    say "nothing installed in ${prefix}"
  fi

  if ((purge)); then
    check_path --data "$data"
    [[ $data != "$prefix" ]] || die "--data is the same folder as --prefix; not purging"
    say "removing the data folder ${data}"
    rm -rf -- "${data:?}"
    if ((systemd_mode)) && id -u "$SERVICE_USER" >/dev/null 2>&1; then
      say "removing the system user '$SERVICE_USER'"
      userdel "$SERVICE_USER" || warn "could not remove the user '$SERVICE_USER'"
    fi
  else
    say "kept the data folder ${data} (add --purge to remove it)"
  fi
}

resolve_settings() {
  # Options, else what an earlier install recorded, else the defaults; all checked.
  prefix=$(absolute "$prefix")
  check_path --prefix "$prefix"
  read_recorded "$prefix/install.conf"
  data=$(absolute "${data:-/var/lib/hometelco}")
  check_path --data "$data"
  [[ $data != "$prefix" && $data != "$prefix"/* ]] || die "--data must lie outside --prefix, which upgrades replace"
  http_port=${http_port:-$DEFAULT_HTTP_PORT}
  https_port=${https_port:-$DEFAULT_HTTPS_PORT}
  http_port=$(check_port --http-port "$http_port" 1)
  https_port=$(check_port --https-port "$https_port" 0)
  if [[ -n $profile && ! $profile =~ ^[a-z0-9][a-z0-9-]*$ ]]; then
    die "--profile '$profile' is not a profile name (lowercase letters, digits and dashes)"
  fi
}

install_box() {
  local detected_line
  resolve_settings

  if ((systemd_mode)); then
    require_root "installing the service"
    ensure_ffmpeg
  elif ! command -v ffmpeg >/dev/null 2>&1; then
    warn "ffmpeg is not installed; media scans and transcoding stay off until it is"
  fi

  mkdir -p -- "$(dirname -- "$prefix")"
  staging=${prefix}.new
  rm -rf -- "$staging"
  if [[ -n $from_bundle ]]; then
    copy_bundle_to "$staging"
  else
    publish_to "$staging"
  fi
  install -m 0755 -- "$SCRIPT_DIR/install.sh" "$staging/install.sh"
  [[ -x $staging/hometelco ]] || die "the build has no hometelco program in it"

  # The new build must at least run before it replaces the old one.
  detected_line=$("$staging/hometelco" profile detect --profiles "$staging/hardware-profiles" 2>&1) ||
    die "the new build does not run on this machine: ${detected_line}"
  detected=$(printf '%s\n' "$detected_line" | head -n 1)
  if [[ -n $profile ]]; then
    [[ -f $staging/hardware-profiles/$profile.json ]] ||
      die "--profile '$profile' is not installed; known: $(known_profiles "$staging/hardware-profiles")"
    say "hardware profile: ${profile} (pinned with --profile; detection says ${detected:-nothing})"
  elif [[ -n $detected ]]; then
    say "hardware profile: ${detected} (detected; the box re-detects at every start and the portal can override it)"
  fi
  printf 'data=%s\nhttp_port=%s\nhttps_port=%s\nprofile=%s\nversion=%s\n' \
    "$data" "$http_port" "$https_port" "$profile" "$(source_version)" >"$staging/install.conf"

  if ((systemd_mode)); then
    ensure_user
    install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" -- "$data"
    chown "$SERVICE_USER:$SERVICE_USER" -- "$data"
    chmod 0750 -- "$data"
    if systemd_running && systemctl is-active --quiet "$SERVICE"; then
      say "stopping the running ${SERVICE} service for the upgrade"
      systemctl stop "$SERVICE"
    fi
  else
    mkdir -p -- "$data"
    chmod 0750 -- "$data"
  fi

  rm -rf -- "${prefix:?}.old"
  if [[ -d $prefix ]]; then
    mv -- "$prefix" "${prefix}.old"
  fi
  swapped=1
  mv -- "$staging" "$prefix"
  staging=""

  if ((!systemd_mode)); then
    write_run_script
    committed=1
    rm -rf -- "${prefix:?}.old"
    say "installed without a service. Start it with: ${prefix}/run.sh"
    if ((http_port < 1024)) && ((EUID != 0)); then
      warn "port ${http_port} is below 1024 and needs root or CAP_NET_BIND_SERVICE"
    fi
    print_next_steps
    return 0
  fi

  write_unit "$UNIT_FILE"
  if ! systemd_running; then
    committed=1
    rm -rf -- "${prefix:?}.old"
    say "systemd is not running on this machine (not PID 1), so the service was written to ${UNIT_FILE} but not started"
    say "start the box by hand with: runuser -u ${SERVICE_USER} -- ${prefix}/hometelco $(exec_args)"
    print_next_steps
    return 0
  fi

  systemctl daemon-reload
  systemctl enable "$SERVICE" >/dev/null 2>&1
  systemctl restart "$SERVICE"
  if ! wait_for_service; then
    journalctl -u "$SERVICE" -n 30 --no-pager >&2 || true
    die "the ${SERVICE} service did not stay up (log above)"
  fi
  committed=1
  rm -rf -- "${prefix:?}.old"
  say "the ${SERVICE} service is running and starts at boot"
  print_next_steps
}

main() {
  parse_args "$@"
  trap on_exit EXIT
  if ((purge && !uninstall)); then
    die "--purge only goes with --uninstall"
  fi
  if [[ -n $bundle_out && (-n $from_bundle || $uninstall -eq 1) ]]; then
    die "--bundle only builds; it does not go with --from-bundle or --uninstall"
  fi
  # Run from inside a bundle, the bundle is the source.
  if [[ -z $from_bundle && -z $bundle_out && -f $SCRIPT_DIR/BUNDLE && ! -f $SCRIPT_DIR/$HOST_PROJECT ]]; then
    from_bundle=$SCRIPT_DIR
  fi
  if ((!rid_given)); then
    rid=$(detect_rid)
  fi
  [[ $rid =~ ^linux(-musl)?-(x64|arm64|arm)$ ]] || die "--rid '$rid' is not one of linux-x64, linux-arm64, linux-arm (or linux-musl-*)"
  if [[ -n $from_bundle ]]; then
    from_bundle=$(absolute "$from_bundle")
  fi

  if ((print_unit)); then
    # Shows exactly what an install would write, for review before running as root.
    resolve_settings
    write_unit /dev/stdout
  elif ((uninstall)); then
    uninstall_box
  elif [[ -n $bundle_out ]]; then
    make_bundle
  else
    install_box
  fi
}

detected=""
main "$@"
