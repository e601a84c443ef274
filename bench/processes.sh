# Shared by bench/sip/run.sh and bench/torrent/run.sh (sourced, not run): the processes a benchmark starts are stopped
# and its temp folder is removed however it ends, and loopback ports are found free for both TCP and UDP.
# The sourcing script sets $out (its temp folder) first and adds every background process it starts to started_pids.
# shellcheck shell=bash

started_pids=()

# stop_pid PID: asks it to end, waits up to 10 s, then kills it.
stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
# shellcheck disable=SC2154  # $out is the sourcing script's temp folder
cleanup() {
  for pid in "${started_pids[@]}"; do stop_pid "$pid"; done
  rm -rf "$out"
}
trap cleanup EXIT

# A port free on 127.0.0.1 for both TCP and UDP (the box listens for SIP on both; opentracker serves both on one number).
free_port() {
  python3 - <<'PY'
import socket
while True:
    t = socket.socket(); t.bind(("127.0.0.1", 0)); port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", port)); print(port); break
    except OSError:
        pass
    finally:
        u.close(); t.close()
PY
}
