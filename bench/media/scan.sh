#!/usr/bin/env bash
# Media benchmark section (c), run by bench/media/run.sh after (a) and (b), or alone:
#   (c) library scan: full-scan rate and unchanged-rescan rate of a synthetic library
# Usage: bench/media/scan.sh [--sections c] [--files N] [--profile NAME]
# Prints a Markdown table per section; logs and the box's output go to bench/out/media/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

sections=c
files=10000
profile=
while [ $# -gt 0 ]; do
  case "$1" in
    --sections) sections=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --profile) profile=$2; shift 2 ;;
    -h|--help) sed -n "2,4p" "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

for tool in dotnet ffmpeg curl jq; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN { exit !(l > 1.5) }'; then
  echo "warning: load average $load: something else is running, the numbers will be low and noisy" >&2
fi

out=$(mktemp -d)
logs="$root/bench/out/media"
mkdir -p "$logs"
box_pid=
cleanup() {
  if [ -n "$box_pid" ]; then
    kill "$box_pid" 2>/dev/null || true
    wait "$box_pid" 2>/dev/null || true
  fi
  rm -rf "$out"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }

publish_box() {
  local rid
  rid=$(dotnet --info | awk '/RID:/ { print $2; exit }')
  echo "publishing the box (Release, ReadyToRun)..." >&2
  dotnet publish "$root/server/HomeTelco.Host/HomeTelco.Host.csproj" -c Release -r "$rid" --self-contained true \
    -p:PublishReadyToRun=true -o "$out/box" -v q --nologo >/dev/null
}

# ---- (c) library scan -------------------------------------------------------------------------
section_c() {
  publish_box
  local data="$out/data" library="$out/library" port token api
  mkdir -p "$data" "$library"

  # One tiny real MP3 (a quarter second of tone), copied into 100 folders: every file probes
  # cleanly and has no cover, so the full scan measures ffprobe runs and the store, nothing else.
  ffmpeg -nostdin -v error -y -f lavfi -i "sine=frequency=440:d=0.25" -c:a libmp3lame -b:a 32k "$out/tiny.mp3"
  local per_folder=100 folders=$(( (files + 99) / 100 )) made=0
  for f in $(seq -w 1 "$folders"); do
    mkdir -p "$library/artist $f/album"
    for t in $(seq -w 1 "$per_folder"); do
      [ "$made" -ge "$files" ] && break
      cp "$out/tiny.mp3" "$library/artist $f/album/$t - track.mp3"
      made=$(( made + 1 ))
    done
  done

  printf '%s' "bench-password-long" > "$out/password"
  "$out/box/hometelco" setup --admin bench --password-file "$out/password" --data "$data" >/dev/null 2>&1
  token=$("$out/box/hometelco" token create --user bench --name bench --data "$data" 2>/dev/null)
  port=$(free_port)
  local profile_args=()
  [ -n "$profile" ] && profile_args=(--profile "$profile")
  "$out/box/hometelco" --data "$data" --listen 127.0.0.1 --http-port "$port" --https-port 0 --sip-port 0 \
    "${profile_args[@]}" >"$logs/box.log" 2>&1 &
  box_pid=$!
  api="http://127.0.0.1:$port"
  for _ in $(seq 1 300); do
    curl -fsS "$api/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  local auth=(-H "Authorization: Bearer $token")
  local active_profile
  active_profile=$(curl -fsS "${auth[@]}" "$api/api/profile" | jq -r '.active.profile.name // "?"' 2>/dev/null || echo "?")

  probes() { curl -fsS "${auth[@]}" "$api/metrics" | awk '$1 == "hometelco_media_probes_total" { print $2 }'; }
  library_state() { curl -fsS "${auth[@]}" "$api/api/libraries/$1"; }
  # Waits (bounded to 30 minutes) until the library's last finished scan is newer than $2.
  wait_scanned() {
    local id=$1 after=$2 deadline=$(( $(date +%s) + 1800 )) state
    while [ "$(date +%s)" -lt "$deadline" ]; do
      state=$(library_state "$id")
      if [ "$(jq -r '.scan.state' <<<"$state")" = idle ] && [ "$(jq -r '.lastScanAt // ""' <<<"$state")" != "$after" ]; then
        echo "$state"
        return 0
      fi
      sleep 0.05
    done
    echo "scan of library $id did not finish" >&2
    return 1
  }

  local t0 t1 id state full_wall full_scan probes_full
  t0=$(now_ms)
  id=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench\",\"kind\":\"music\",\"path\":\"$library\"}" "$api/api/libraries" | jq -r .id)
  state=$(wait_scanned "$id" "")
  t1=$(now_ms)
  full_wall=$(( t1 - t0 ))
  full_scan=$(jq -r .scan.lastScanSeconds <<<"$state")
  probes_full=$(probes)
  local items
  items=$(jq -r .items <<<"$state")

  local rescan_walls=() rescan_scans=() last
  for _ in 1 2 3; do
    last=$(jq -r '.lastScanAt' <<<"$state")
    t0=$(now_ms)
    curl -fsS "${auth[@]}" -X POST "$api/api/libraries/$id/rescan" >/dev/null
    state=$(wait_scanned "$id" "$last")
    t1=$(now_ms)
    rescan_walls+=($(( t1 - t0 )))
    rescan_scans+=("$(jq -r .scan.lastScanSeconds <<<"$state")")
  done
  local probes_after
  probes_after=$(probes)

  local best_wall best_scan
  best_wall=$(printf '%s\n' "${rescan_walls[@]}" | sort -n | head -1)
  best_scan=$(printf '%s\n' "${rescan_scans[@]}" | sort -g | head -1)
  echo
  echo "### (c) Library scan: $items files, profile $active_profile, $(nproc) cores"
  echo
  echo "| scan | files | wall s (API to idle) | scanner s | files/s (wall) | files/s (scanner) | ffprobe runs |"
  echo "|------|-------|----------------------|-----------|----------------|-------------------|--------------|"
  awk -v n="$items" -v w="$full_wall" -v s="$full_scan" -v p="$probes_full" 'BEGIN { printf "| full | %d | %.2f | %.2f | %.0f | %.0f | %d |\n", n, w/1000, s, n/(w/1000), n/s, p }'
  awk -v n="$items" -v w="$best_wall" -v s="$best_scan" -v p="$(( ${probes_after%.*} - ${probes_full%.*} ))" \
    'BEGIN { printf "| unchanged rescan (best of 3) | %d | %.3f | %.3f | %.0f | %.0f | %d |\n", n, w/1000, s, n/(w/1000), (s > 0 ? n/s : 0), p }'
  echo
  echo "Target: ≥ 2,000 files/s on the unchanged rescan, with 0 ffprobe runs."
}

# Not "section_c | tee": a pipeline runs it in a subshell, whose box_pid the EXIT trap never sees, and the box
# it started was left running after every scan benchmark.
case ",$sections," in *",c,"*) section_c > "$logs/scan.md"; cat "$logs/scan.md" ;; esac
