#!/usr/bin/env bash
# Start-to-ready time and idle memory of the box, beside a bare ASP.NET Core app (the anchor), in one run.
# Usage: bench/startup/run.sh [runs]   (default 3 runs each; prints a Markdown table)
# Memory is read twice: 10 s after ready, while the box still holds the pages start-up read, and after IDLE_SECONDS
# (default 180): after the box has dropped those pages (Memory:ReleaseStartupPagesAfterSeconds, 20 s after start)
# and after its once-a-minute jobs have each run a few times, which read part of them back. The last row has someone
# look at the portal VISIT_SECONDS after ready (default 60): what those pages read back is released again once the
# visit is over (Memory:ReleasePagesAfterGrowthMb), so give it IDLE_SECONDS of 240 or more.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-3}
idle_seconds=${IDLE_SECONDS:-180}
first_look_seconds=10
visit_seconds=${VISIT_SECONDS:-60}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

case "$(uname -m)" in aarch64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
echo "building (Release, self-contained, trimmed, ReadyToRun: as install.sh does)..." >&2
dotnet publish "$root/server/HomeTelco.Host/HomeTelco.Host.csproj" -c Release -r "$rid" --self-contained true -p:PublishReadyToRun=true -o "$out/box" -v q --nologo >/dev/null
dotnet publish "$root/bench/startup/BareAspNet/BareAspNet.csproj" -c Release -r "$rid" --self-contained true -p:PublishReadyToRun=true -o "$out/bare" -v q --nologo >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }

# The pages an owner opens first: the sign-in and setup pages, the portal's script, a refused API call.
visit_portal() {
  local path
  for path in / /setup /signin /_framework/blazor.web.js /api/status /healthz; do
    curl -s -o /dev/null "http://127.0.0.1:$1$path"
  done
}

# measure PORT COMMAND... : prints "ready_ms rss_kb private_dirty_kb rss_first_look_kb"; with VISIT=1 in the
# environment the portal is visited visit_seconds after ready.
measure() {
  local port=$1; shift
  local start pid ready rss dirty first
  start=$(now_ms)
  "$@" >"$out/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; then break; fi
    sleep 0.01
  done
  ready=$(( $(now_ms) - start ))
  sleep "$first_look_seconds"
  first=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  if [ "${VISIT:-0}" = 1 ]; then
    sleep "$((visit_seconds - first_look_seconds))"
    visit_portal "$port"
    sleep "$((idle_seconds - visit_seconds))"
  else
    sleep "$((idle_seconds - first_look_seconds))"
  fi
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  dirty=$(awk '/^Private_Dirty:/ {print $2}' "/proc/$pid/smaps_rollup")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ready $rss $dirty $first"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

row() {
  local name=$1; shift
  local results=()
  for _ in $(seq 1 "$runs"); do
    results+=("$("$@")")
  done
  local r m d f
  r=$(printf '%s\n' "${results[@]}" | awk '{print $1}' | median)
  m=$(printf '%s\n' "${results[@]}" | awk '{print $2}' | median)
  d=$(printf '%s\n' "${results[@]}" | awk '{print $3}' | median)
  f=$(printf '%s\n' "${results[@]}" | awk '{print $4}' | median)
  printf '| %-34s | %8s | %12.1f | %9.1f | %16.1f |\n' "$name" "$r" "$(echo "$f/1024" | bc -l)" "$(echo "$m/1024" | bc -l)" "$(echo "$d/1024" | bc -l)"
}

bare() { local p; p=$(free_port); measure "$p" "$out/bare/BareAspNet" --urls "http://127.0.0.1:$p"; }
bare_full() { local p; p=$(free_port); measure "$p" "$out/bare/BareAspNet" --full --urls "http://127.0.0.1:$p"; }
# Every engine runs (SIP, torrent, media), on free ports so a box or test running beside it is not disturbed; the
# DHT and local discovery stay off so a benchmark never talks to the internet or the LAN (an empty DHT costs little).
box_args() { echo --sip-port "$(free_port)" --sips-port 0 --torrent-port "$(free_port)" --Torrent:Dht false --Torrent:Lsd false; }
# The box runs with the environment install.sh gives the service (its GC young-generation budget).
gen0=$(sed -n 's/^readonly GC_GEN0_BUDGET=//p' "$root/install.sh")
box_fresh() { local p; p=$(free_port); rm -rf "$out/data"; # shellcheck disable=SC2046
  DOTNET_GCgen0size=$gen0 measure "$p" "$out/box/hometelco" run --data "$out/data" --http-port "$p" --https-port 0 --listen 127.0.0.1 $(box_args); }
box_profile() { local p; p=$(free_port); rm -rf "$out/data"; # shellcheck disable=SC2046
  DOTNET_GCgen0size=$gen0 measure "$p" "$out/box/hometelco" run --data "$out/data" --http-port "$p" --https-port 0 --listen 127.0.0.1 --profile wrt-arm64-512m $(box_args); }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(date -u +%Y-%m-%d)"
echo "median of $runs runs; RSS read ${first_look_seconds} s after ready and after ${idle_seconds} s idle, private dirty after ${idle_seconds} s"
echo
echo "| program                            | ready ms | RSS @${first_look_seconds} s MB | RSS MB    | private dirty MB |"
echo "|------------------------------------|----------|--------------|-----------|------------------|"
row "bare ASP.NET Core, default builder" bare_full
row "bare ASP.NET Core, slim builder" bare
row "hometelco (first run, detected)" box_fresh
row "hometelco (wrt-arm64-512m profile)" box_profile
VISIT=1 row "hometelco (detected, portal seen)" box_fresh
