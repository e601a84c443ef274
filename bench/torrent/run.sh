#!/usr/bin/env bash
# Torrent benchmark: our TorrentEngine beside aria2c and transmission-cli, downloading the same torrent from the
# same aria2c seeder over loopback, in the same run.
# Usage: bench/torrent/run.sh [--size MiB] [--quick] [--files N] [--piece-exp E] [--small-torrents N] [--timeout S]
#   --size: total data (default 2048 MiB); --quick: 256 MiB; --files: files in the torrent (default 8);
#   --piece-exp: log2 piece length (default 20 = 1 MiB); --small-torrents: torrents for the memory row (default 100).
# Prints a Markdown table (also kept with the logs in bench/out/torrent/). See bench/torrent/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/torrent"

size_mib=2048
files=8
piece_exp=20
small=100
timeout_s=3600
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size_mib=$2; shift 2 ;;
    --quick) size_mib=256; shift ;;
    --files) files=$2; shift 2 ;;
    --piece-exp) piece_exp=$2; shift 2 ;;
    --small-torrents) small=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in aria2c transmission-cli transmission-show opentracker mktorrent openssl python3 dotnet /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN { exit !(l > 1.5) }'; then
  echo "warning: load average $load: something else is running, the numbers will be low and noisy" >&2
fi

out=$(mktemp -d)
chmod 755 "$out"   # opentracker drops privileges and must still read the whitelist in here
logs="$root/bench/out/torrent"
mkdir -p "$logs"
# shellcheck source=bench/processes.sh
source "$root/bench/processes.sh"
trap 'exit 130' INT TERM

wait_tcp() {  # host port: bounded wait until something listens
  for _ in $(seq 1 100); do
    python3 -c "import socket,sys; socket.create_connection(('$1', $2), 0.2).close()" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on $1:$2" >&2; return 1
}
info_hash() { transmission-show "$1" | grep -Eo '\b[0-9a-f]{40}\b' | head -n1; }
now() { date +%s.%N; }
# /usr/bin/time -v fields: wall seconds, cpu seconds (user+sys), peak RSS in KiB.
time_field() { grep -F "$2" "$1" | head -n1 | awk -F': ' '{print $2}'; }
wall_of() {
  time_field "$1" "Elapsed (wall clock)" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'
}
cpu_of() { awk -v u="$(time_field "$1" "User time")" -v s="$(time_field "$1" "System time")" 'BEGIN { printf "%.2f", u + s }'; }
rss_of() { time_field "$1" "Maximum resident set size"; }

echo "building TorrentBench (Release)..." >&2
dotnet publish "$here/TorrentBench/TorrentBench.csproj" -c Release -o "$out/bench" -v q --nologo >/dev/null
bench="$out/bench/TorrentBench"

# 1. Data: N files of random bytes (sizes differ so files straddle pieces), one multi-file torrent.
echo "making ${size_mib} MiB of random data in $files files..." >&2
content="$out/seed/bench-data"
mkdir -p "$content/sub"
total_bytes=$(( size_mib * 1024 * 1024 ))
remaining=$total_bytes
for i in $(seq 1 "$files"); do
  if [ "$i" -eq "$files" ]; then n=$remaining; else n=$(( total_bytes / files + (i % 2 == 0 ? 12345 : -12345) )); fi
  remaining=$(( remaining - n ))
  dir="$content"; [ $(( i % 2 )) -eq 0 ] && dir="$content/sub"
  head -c "$n" /dev/urandom > "$dir/file$i.bin"
done
tracker_port=$(free_port)
announce="http://127.0.0.1:$tracker_port/announce"
mktorrent -a "$announce" -l "$piece_exp" -o "$out/big.torrent" "$content" >/dev/null

# 100 small single-file torrents (64 KiB each, data present) for the memory row.
mkdir -p "$out/small-torrents" "$out/small-data" "$out/no-torrents"
for i in $(seq 1 "$small"); do
  head -c 65536 /dev/urandom > "$out/small-data/small$i.bin"
  mktorrent -a "$announce" -l 15 -o "$out/small-torrents/small$i.torrent" "$out/small-data/small$i.bin" >/dev/null
done

# 2. opentracker on loopback, whitelisting our torrents (Debian's build has a whitelist).
: > "$out/whitelist"
for t in "$out/big.torrent" "$out"/small-torrents/*.torrent; do info_hash "$t" >> "$out/whitelist"; done
echo "access.whitelist $out/whitelist" > "$out/opentracker.conf"
opentracker -i 127.0.0.1 -p "$tracker_port" -P "$tracker_port" -f "$out/opentracker.conf" > "$logs/opentracker.log" 2>&1 &
started_pids+=($!)
wait_tcp 127.0.0.1 "$tracker_port"

aria2_common() {  # address state-dir
  mkdir -p "$2"
  echo --no-conf=true --enable-dht=false --enable-dht6=false --bt-enable-lpd=false --enable-peer-exchange=false \
    --summary-interval=0 --console-log-level=warn --file-allocation=none \
    --listen-port="$(free_port)" --interface="$1" --dht-file-path="$2/dht.dat" --bt-tracker-interval=2
}

# 3. One aria2c seeder on 127.0.0.2. Its data was just written, so it is in the page cache for every client alike;
#    reading it once more makes sure (the seeder's disk is then never what a client waits for).
cat "$content"/*.bin "$content"/sub/*.bin > /dev/null
# shellcheck disable=SC2046
aria2c $(aria2_common 127.0.0.2 "$out/aria2-seed") -V --seed-ratio=0.0 --bt-seed-unverified=true \
  --dir="$out/seed" "$out/big.torrent" > "$logs/aria2-seeder.log" 2>&1 &
started_pids+=($!)
sleep 3   # let the seeder check its data and announce first (bounded, not a wait for a timer of ours)

# Before each client: the previous client's download is deleted and flushed, so no client pays for another's
# dirty pages; the seed stays warm. Wall time ends when the client says it is complete (its last writes may
# still be in the page cache, as for all three).
fresh() { rm -rf "$1"; sync; mkdir -p "$1"; }

declare -A wall cpu rss
size_gib=$(awk -v b="$total_bytes" 'BEGIN { printf "%.4f", b / 1073741824 }')

# 4a. Our engine.
echo "our engine downloading..." >&2
dl_ours="$out/dl-ours"; fresh "$dl_ours"
/usr/bin/time -v -o "$out/time-ours" "$bench" download "$out/big.torrent" "$dl_ours" "$out/store-ours" "$timeout_s" \
  > "$logs/ours.out" 2> "$logs/ours.err" || { echo "our engine failed: $(tail -n 3 "$logs/ours.err")" >&2; exit 1; }
wall[ours]=$(wall_of "$out/time-ours"); cpu[ours]=$(cpu_of "$out/time-ours"); rss[ours]=$(rss_of "$out/time-ours")
cmp <(cat "$content"/*.bin "$content"/sub/*.bin) <(cat "$dl_ours/bench-data"/*.bin "$dl_ours/bench-data"/sub/*.bin) \
  || { echo "our download differs from the seed" >&2; exit 1; }

# 4b. The SHA-1 ceiling on the same files (warm): one C# thread, and openssl.
ceiling=$("$bench" sha1 "$dl_ours/bench-data" | awk '{ split($2, s, "="); printf "%.1f", '"$total_bytes"' / 1e6 / s[2] }')
t0=$(now); cat "$dl_ours/bench-data"/*.bin "$dl_ours/bench-data"/sub/*.bin | openssl dgst -sha1 > /dev/null; t1=$(now)
openssl_rate=$(awk -v b="$total_bytes" -v a="$t0" -v z="$t1" 'BEGIN { printf "%.1f", b / 1e6 / (z - a) }')

# 4c. Our hashing rate: the engine restarted on the complete download with a fresh store (no resume data), so it
#     must re-check every piece from disk (page cache) before it seeds.
echo "our engine re-checking..." >&2
"$bench" recheck "$out/big.torrent" "$dl_ours" "$out/store-recheck" "$timeout_s" > "$logs/recheck.out" 2> "$logs/recheck.err" \
  || { echo "re-check failed: $(tail -n 3 "$logs/recheck.err")" >&2; exit 1; }
if ! grep -q ' downloaded=0 ' "$logs/recheck.out"; then
  echo "the re-check downloaded data (pieces failed their check?): $(cat "$logs/recheck.out")" >&2; exit 1
fi
grep -q 'checking_seen=True' "$logs/recheck.out" || echo "warning: the re-check was never seen in the Checking state" >&2
recheck_rate=$(awk '{ split($2, s, "="); printf "%.1f", '"$total_bytes"' / 1e6 / s[2] }' "$logs/recheck.out")
fresh "$dl_ours"

# 4d. aria2c (exits when done with --seed-time=0).
echo "aria2c downloading..." >&2
dl_aria="$out/dl-aria2"; fresh "$dl_aria"
# shellcheck disable=SC2046
/usr/bin/time -v -o "$out/time-aria2" aria2c $(aria2_common 127.0.0.3 "$out/aria2-leech") --seed-time=0 \
  --dir="$dl_aria" "$out/big.torrent" > "$logs/aria2.log" 2>&1 || { echo "aria2c failed (see $logs/aria2.log)" >&2; exit 1; }
wall[aria2c]=$(wall_of "$out/time-aria2"); cpu[aria2c]=$(cpu_of "$out/time-aria2"); rss[aria2c]=$(rss_of "$out/time-aria2")
fresh "$dl_aria"

# 4e. transmission-cli: it seeds on after finishing, so its --finish script leaves a marker and we stop it.
echo "transmission-cli downloading..." >&2
dl_tr="$out/dl-transmission"; fresh "$dl_tr"
tconf="$out/transmission"; mkdir -p "$tconf"
cat > "$tconf/settings.json" <<JSON
{ "dht-enabled": false, "lpd-enabled": false, "pex-enabled": false, "utp-enabled": false,
  "port-forwarding-enabled": false, "rpc-enabled": false, "encryption": 1,
  "bind-address-ipv4": "127.0.0.4", "bind-address-ipv6": "::1", "peer-port": $(free_port),
  "speed-limit-up-enabled": false, "speed-limit-down-enabled": false, "rename-partial-files": true }
JSON
printf '#!/bin/sh\ntouch "%s"\n' "$out/transmission-done" > "$out/transmission-finish.sh"; chmod +x "$out/transmission-finish.sh"
t0=$(now)
/usr/bin/time -v -o "$out/time-transmission" transmission-cli -g "$tconf" -w "$dl_tr" -f "$out/transmission-finish.sh" \
  "$out/big.torrent" > "$logs/transmission.log" 2>&1 &
tr_pid=$!; started_pids+=("$tr_pid")
deadline=$(( $(date +%s) + timeout_s ))
while [ ! -e "$out/transmission-done" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "transmission-cli did not finish in $timeout_s s" >&2; exit 1; }
  kill -0 "$tr_pid" 2>/dev/null || { echo "transmission-cli exited early (see $logs/transmission.log)" >&2; exit 1; }
  sleep 0.2
done
t1=$(now)
pkill -TERM -P "$tr_pid" 2>/dev/null || true   # the transmission-cli child of /usr/bin/time, by parent pid
for _ in $(seq 1 100); do kill -0 "$tr_pid" 2>/dev/null || break; sleep 0.1; done   # let time write its report
stop_pid "$tr_pid"
wall[transmission]=$(awk -v a="$t0" -v z="$t1" 'BEGIN { printf "%.2f", z - a }')
cpu[transmission]=$(cpu_of "$out/time-transmission"); rss[transmission]=$(rss_of "$out/time-transmission")
fresh "$dl_tr"

# 5. Memory with N small torrents loaded (seeding, data present) over the same harness idle with none.
echo "memory: $small torrents loaded, then none..." >&2
"$bench" memory "$out/small-torrents" "$out/small-data" "$out/store-mem" 600 > "$logs/memory.out" 2> "$logs/memory.err" \
  || { echo "memory run failed: $(tail -n 3 "$logs/memory.err")" >&2; exit 1; }
"$bench" memory "$out/no-torrents" "$out/small-data-idle" "$out/store-idle" 600 > "$logs/memory-idle.out" 2> "$logs/memory-idle.err" \
  || { echo "idle memory run failed: $(tail -n 3 "$logs/memory-idle.err")" >&2; exit 1; }
kv() { grep -Eo "$2=[0-9]+" "$1" | cut -d= -f2; }
mem_rss=$(kv "$logs/memory.out" rss_kb); mem_dirty=$(kv "$logs/memory.out" private_dirty_kb)
idle_rss=$(kv "$logs/memory-idle.out" rss_kb); idle_dirty=$(kv "$logs/memory-idle.out" private_dirty_kb)

# 6. The table.
{
  echo "Torrent benchmark, $(date -u +%Y-%m-%d) on $(nproc) cores, load $load at start; ${size_mib} MiB in $files files, piece 2^$piece_exp, one aria2c seeder on loopback."
  echo
  echo "| client           | wall s | MB/s   | CPU s/GiB | peak RSS MB |"
  echo "|------------------|--------|--------|-----------|-------------|"
  for c in ours aria2c transmission; do
    label=$c; [ "$c" = ours ] && label="hometelco engine"; [ "$c" = transmission ] && label="transmission-cli"
    awk -v l="$label" -v w="${wall[$c]}" -v c="${cpu[$c]}" -v r="${rss[$c]}" -v b="$total_bytes" -v g="$size_gib" \
      'BEGIN { printf "| %-16s | %6.1f | %6.1f | %9.2f | %11.1f |\n", l, w, b / 1e6 / w, c / g, r / 1024 }'
  done
  echo
  echo "| hashing (same files, page cache)        | MB/s   |"
  echo "|-----------------------------------------|--------|"
  printf '| SHA-1 ceiling, one C# thread            | %6s |\n' "$ceiling"
  printf '| SHA-1 ceiling, openssl dgst             | %6s |\n' "$openssl_rate"
  printf '| hometelco re-check (restart, no resume) | %6s |\n' "$recheck_rate"
  echo
  echo "| memory (harness, after loading, GC'd)   | RSS MB | private dirty MB |"
  echo "|-----------------------------------------|--------|------------------|"
  awk -v r="$idle_rss" -v d="$idle_dirty" 'BEGIN { printf "| engine idle, no torrents                | %6.1f | %16.1f |\n", r / 1024, d / 1024 }'
  awk -v n="$small" -v r="$mem_rss" -v d="$mem_dirty" 'BEGIN { printf "| engine with %3d torrents seeding        | %6.1f | %16.1f |\n", n, r / 1024, d / 1024 }'
  awk -v n="$small" -v r="$mem_rss" -v d="$mem_dirty" -v ir="$idle_rss" -v id="$idle_dirty" \
    'BEGIN { printf "| cost per torrent (KB)                   | %6.1f | %16.1f |\n", (r - ir) / n, (d - id) / n }'
} | tee "$logs/table.md"
