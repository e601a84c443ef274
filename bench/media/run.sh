#!/usr/bin/env bash
# Media benchmarks, each beside its anchor in the same run (prints Markdown tables):
#  (a) Range throughput on a 1 GiB file: the box's direct play against nginx (sendfile) serving the same file.
#  (b) Time to the first HLS segment of a 1080p H.264 source transcoded to 720p: the box against ffmpeg alone
#      writing its first segment with the same settings (libx264 veryfast, 4 s segments, forced keyframes).
#  (c) Library rescan/full-scan rates: the library helper's section (mlib), kept separate below.
# Usage: bench/media/run.sh [runs]   (default 3; SIZE_MIB=1024 for (a); FILES=10000 for (c), 0 skips (c)). Everything stays on 127.0.0.1.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-3}
size_mib=${SIZE_MIB:-1024}
out=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$out"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

case "$(uname -m)" in aarch64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
box_dir=${BOX_DIR:-}
if [ -z "$box_dir" ]; then
  echo "building the box (Release)..." >&2
  dotnet publish "$root/server/HomeTelco.Host/HomeTelco.Host.csproj" -c Release -r "$rid" --self-contained true -o "$out/box" -v q --nologo >/dev/null
  box_dir="$out/box"
fi

media="$out/media"; mkdir -p "$media"
# nginx's workers run as an unprivileged user: let them read the media (mktemp -d makes a 0700 folder).
chmod 755 "$out" "$media"
echo "making media with ffmpeg: a ${size_mib} MiB film for (a), 1080p sources for (b)..." >&2
ffmpeg -v error -y -f lavfi -i testsrc=size=1920x1080:rate=25 -f lavfi -i sine -t 10 -c:v libx264 -preset ultrafast -b:v 40M -pix_fmt yuv420p -c:a aac "$out/chunk.mp4"
chunk=$(stat -c %s "$out/chunk.mp4")
loops=$(( size_mib * 1048576 / chunk + 1 ))
ffmpeg -v error -y -stream_loop "$loops" -i "$out/chunk.mp4" -c copy -fs $(( size_mib * 1048576 )) "$media/Big Film (2020).mp4"
chmod 644 "$media/Big Film (2020).mp4"
for i in $(seq 1 "$runs"); do
  ffmpeg -v error -y -f lavfi -i testsrc2=size=1920x1080:rate=25 -f lavfi -i sine=frequency=$((400 + i)) -t 20 -c:v libx264 -preset veryfast -b:v 6M -g 50 -pix_fmt yuv420p -c:a aac "$media/Source $i (2021).mp4"
done

# The box: admin and token made with its CLI before it starts, then a video library over the media folder.
data="$out/data"; port=$(free_port)
printf 'bench-password-long\n' > "$out/pw"
"$box_dir/hometelco" setup --data "$data" --admin bench --password-file "$out/pw" >/dev/null
token=$("$box_dir/hometelco" token create --data "$data" --user bench --name bench 2>/dev/null)
"$box_dir/hometelco" --data "$data" --http-port "$port" --https-port 0 --sip-port 0 --listen 127.0.0.1 --profile nas-x64-4g >"$out/box.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$port"
for _ in $(seq 1 600); do curl -fs -o /dev/null "$base/healthz" && break; sleep 0.2; done
curl -fs -o /dev/null "$base/healthz" || { echo "the box did not start; see its log:" >&2; cat "$out/box.log" >&2; exit 1; }
auth=(-H "Authorization: Bearer $token")
curl -fs "${auth[@]}" -H 'Content-Type: application/json' -d "{\"name\":\"Bench\",\"kind\":\"video\",\"path\":\"$media\"}" "$base/api/libraries" >/dev/null
item_id() { curl -fs "${auth[@]}" "$base/api/media/search?q=$1" | python3 -c 'import json,sys; m=json.load(sys.stdin); print(m[0]["id"] if m else "")'; }
for _ in $(seq 1 600); do
  big=$(item_id Big); last=$(item_id "Source%20$runs")
  [ -n "$big" ] && [ -n "$last" ] && break; sleep 0.2
done
[ -n "$big" ] || { echo "the box did not list the media; see $out/box.log" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------
# (a) Range throughput: whole-file GET and 64 MiB Range requests over the whole file, page cache warm.
# ---------------------------------------------------------------------------------------------------
nport=$(free_port)
mkdir -p "$out/nginx"
cat > "$out/nginx/nginx.conf" <<NGINX
daemon off; worker_processes 1; pid $out/nginx/nginx.pid; error_log $out/nginx/error.log;
events { worker_connections 64; }
http {
  access_log off; sendfile on; tcp_nopush on;
  client_body_temp_path $out/nginx/body; proxy_temp_path $out/nginx/proxy; fastcgi_temp_path $out/nginx/fcgi;
  uwsgi_temp_path $out/nginx/uwsgi; scgi_temp_path $out/nginx/scgi;
  server { listen 127.0.0.1:$nport; root $media; }
}
NGINX
nginx -c "$out/nginx/nginx.conf" -p "$out/nginx" &
pids+=($!)
for _ in $(seq 1 200); do curl -fs -o /dev/null -r 0-0 "http://127.0.0.1:$nport/Big%20Film%20(2020).mp4" && break; sleep 0.05; done
cat "$media/Big Film (2020).mp4" > /dev/null
bytes=$(stat -c %s "$media/Big Film (2020).mp4")

# mib_per_s URL [curl args...]: whole file, then 64 MiB ranges; prints "whole ranged" in MiB/s
measure_a() {
  local url=$1; shift
  local t0 t1 whole ranged start end chunk=$((64 * 1048576))
  t0=$(now_ms); curl -fs "$@" -o /dev/null "$url"; t1=$(now_ms)
  whole=$(awk -v b="$bytes" -v ms=$((t1 - t0)) 'BEGIN {printf "%.0f", b / 1048576 / (ms / 1000)}')
  t0=$(now_ms)
  for ((start = 0; start < bytes; start += chunk)); do
    end=$((start + chunk - 1)); [ "$end" -ge "$bytes" ] && end=$((bytes - 1))
    curl -fs "$@" -r "$start-$end" -o /dev/null "$url"
  done
  t1=$(now_ms)
  ranged=$(awk -v b="$bytes" -v ms=$((t1 - t0)) 'BEGIN {printf "%.0f", b / 1048576 / (ms / 1000)}')
  echo "$whole $ranged"
}
box_whole=(); box_ranged=(); ngx_whole=(); ngx_ranged=()
for _ in $(seq 1 "$runs"); do
  read -r w r < <(measure_a "$base/api/media/$big/file" "${auth[@]}"); box_whole+=("$w"); box_ranged+=("$r")
  read -r w r < <(measure_a "http://127.0.0.1:$nport/Big%20Film%20(2020).mp4"); ngx_whole+=("$w"); ngx_ranged+=("$r")
done
bw=$(printf '%s\n' "${box_whole[@]}" | median); br=$(printf '%s\n' "${box_ranged[@]}" | median)
nw=$(printf '%s\n' "${ngx_whole[@]}" | median); nr=$(printf '%s\n' "${ngx_ranged[@]}" | median)
echo
echo "### (a) Range throughput, $size_mib MiB file, loopback, median of $runs (MiB/s)"
echo
echo "| server | whole file | 64 MiB ranges | box / nginx (ranges) |"
echo "|---|---|---|---|"
echo "| nginx $(nginx -v 2>&1 | sed 's|.*/||') (sendfile) | $nw | $nr | |"
echo "| box (direct play) | $bw | $br | $(awk -v a="$br" -v b="$nr" 'BEGIN {printf "%.2f", a / b}') |"

# ---------------------------------------------------------------------------------------------------
# (b) Time to the first 4 s HLS segment, 1080p H.264 -> 720p. A fresh source per run, so every box run
# starts a new session and ffmpeg; one warm-up request first makes the box probe its encoder once. Each run
# starts on an idle machine: the box's encoder from the previous run has finished its source, and that session
# has been idle long enough (4 segments) for the box to hand its transcode slot to the next one.
# ---------------------------------------------------------------------------------------------------
box_pid=${pids[0]}
wait_box_idle() {
  for _ in $(seq 1 1200); do pgrep -P "$box_pid" -x ffmpeg >/dev/null || break; sleep 0.1; done
  sleep 17
}
curl -fs "${auth[@]}" -o /dev/null "$base/api/media/$big/hls/480p/0.ts" || true
box_ms=(); ff_ms=()
for i in $(seq 1 "$runs"); do
  wait_box_idle
  dir="$out/ff$i"; mkdir -p "$dir"
  t0=$(now_ms)
  (cd "$dir" && exec ffmpeg -nostdin -v error -i "$media/Source $i (2021).mp4" -map 0:v:0 -map '0:a:0?' \
    -vf scale=w=-2:h=720,format=yuv420p -c:v libx264 -preset veryfast -profile:v high -b:v 2800k -maxrate 2800k -bufsize 5600k \
    -force_key_frames 'expr:gte(t,n_forced*4)' -sc_threshold 0 -c:a aac -b:a 128k -ac 2 \
    -f hls -hls_time 4 -hls_list_size 0 -start_number 0 -hls_flags temp_file+independent_segments -hls_segment_filename %d.ts ffmpeg.m3u8) &
  ff=$!
  for _ in $(seq 1 6000); do [ -f "$dir/0.ts" ] && break; sleep 0.005; done
  t1=$(now_ms)
  kill "$ff" 2>/dev/null || true; wait "$ff" 2>/dev/null || true
  ff_ms+=($((t1 - t0)))

  id=$(item_id "Source%20$i")
  t0=$(now_ms); code=$(curl -s "${auth[@]}" -o "$out/seg.ts" -w '%{http_code}' "$base/api/media/$id/hls/720p/0.ts"); t1=$(now_ms)
  if [ "$code" != 200 ]; then
    # A refusal (503 busy, 502 not ready within the box's segment wait) is a result too: say it, do not time it.
    echo "box run $i: HTTP $code: $(head -c 300 "$out/seg.ts")" >&2
    continue
  fi
  box_ms+=($((t1 - t0)))
done
bm=$( [ ${#box_ms[@]} -gt 0 ] && printf '%s\n' "${box_ms[@]}" | median || echo n/a); fm=$(printf '%s\n' "${ff_ms[@]}" | median)
echo
echo "### (b) Time to first HLS segment, 1080p H.264 -> 720p libx264 veryfast, median of $runs (ms)"
echo
echo "| runner | first segment (ms) | runs | box / ffmpeg |"
echo "|---|---|---|---|"
echo "| ffmpeg alone | $fm | ${ff_ms[*]} | |"
echo "| box (HTTP request to 0.ts) | $bm | ${box_ms[*]} | $(awk -v a="$bm" -v b="$fm" 'BEGIN {printf "%.2f", a / b}') |"

# ---------------------------------------------------------------------------------------------------
# (c) Library scan rates: its own script (it starts a box of its own); FILES=N sets the library size, 0 skips it.
# ---------------------------------------------------------------------------------------------------
[ "${FILES:-10000}" = 0 ] || "$root/bench/media/scan.sh" --files "${FILES:-10000}"
