#!/usr/bin/env bash
# SIP benchmark: the box's registrar and proxy beside Kamailio 5.6 (the anchor), same phones, same run.
# Usage: bench/sip/run.sh [--phones N] [--step-seconds S] [--measure-seconds S] [--quick]
#                         [--targets kamailio,box] [--modes register,call] [--kamailio-children N] [--pin]
#                         [--one-address] [--rate R]   (--rate: measure at R ops/s only, no search)
# Prints a Markdown table (also kept with the logs in bench/out/sip/). See bench/sip/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/sip"

phones=200
step_seconds=5
measure_seconds=40
quick=0
targets=kamailio,box
modes=register,call
kamailio_children=4
pin=0
address_options=(--address-per-phone)
fixed_rate=
while [ $# -gt 0 ]; do
  case "$1" in
    --phones) phones=$2; shift 2 ;;
    --step-seconds) step_seconds=$2; shift 2 ;;
    --measure-seconds) measure_seconds=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --targets) targets=$2; shift 2 ;;
    --modes) modes=$2; shift 2 ;;
    --kamailio-children) kamailio_children=$2; shift 2 ;;
    --pin) pin=1; shift ;;
    --one-address) address_options=(); shift ;;
    --rate) fixed_rate=$2; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$quick" = 1 ]; then phones=$(( phones > 50 ? 50 : phones )); fi
if [ $(( phones % 2 )) -ne 0 ]; then echo "--phones must be even (callers and callees pair up)" >&2; exit 2; fi

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN { exit !(l > 1.5) }'; then
  echo "warning: load average $load: something else is running, the numbers will be low and noisy" >&2
fi

first_number=2000
out=$(mktemp -d)
logs="$root/bench/out/sip"
mkdir -p "$logs"
# shellcheck source=bench/processes.sh
source "$root/bench/processes.sh"

# wait_udp PORT PID: until something listens on 127.0.0.1:PORT/udp (10 s at most) and PID still lives.
wait_udp() {
  for _ in $(seq 1 100); do
    kill -0 "$2" 2>/dev/null || return 1
    if ss -Hlun "sport = :$1" | grep -q .; then return 0; fi
    sleep 0.1
  done
  return 1
}

case "$(uname -m)" in aarch64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
echo "building the load generator..." >&2
dotnet publish "$here/SipLoad/SipLoad.csproj" -c Release -o "$out/sipload" -v q --nologo >/dev/null
gen="$out/sipload/SipLoad"
"$gen" selftest >&2

prefix=$(tr -dc 'a-z' </dev/urandom | head -c 12 || true)
# The memory line registers 100 phones whatever --phones says. They get numbers of their own, after the load
# phones': their bindings stay, and a load phone's extension with a second, dead contact would fork every call to it.
memory_phones=100
memory_first_number=$(( first_number + phones ))
users=$(( phones + memory_phones ))
"$gen" users --phones "$users" --first-number "$first_number" --password-prefix "$prefix" >"$out/users.txt"

search_options=(--step-seconds "$step_seconds" --measure-seconds "$measure_seconds")
if [ "$quick" = 1 ]; then search_options=(--quick); fi
if [ -n "$fixed_rate" ]; then search_options+=(--rate "$fixed_rate"); fi
gen_cpu=()
target_cpu=()
if [ "$pin" = 1 ]; then gen_cpu=(taskset -c 0); target_cpu=(taskset -c 1); fi

rows="$out/rows.md"
: >"$rows"
memory_rows="$out/memory.md"
: >"$memory_rows"

# private_dirty PID: the process's private dirty memory in MB (what it really owns: heap, JIT code, stacks).
private_dirty() {
  awk '/^Private_Dirty:/ { kb += $2 } END { printf "%.1f", kb / 1024 }' "/proc/$1/smaps_rollup"
}

# measure_memory LABEL PORT PID: private dirty of the idle target, then with $memory_phones phones registered
# (before any load, which grows the heap for good). Settles 5 s each time so start-up and the registrations'
# store writes are over.
measure_memory() {
  local label=$1 port=$2 pid=$3 idle registered
  sleep 5
  idle=$(private_dirty "$pid")
  if ! timeout 120 "$gen" registeronce --target "127.0.0.1:$port" --phones "$memory_phones" --first-number "$memory_first_number" \
      --password-prefix "$prefix" "${address_options[@]}" 2>>"$logs/generator.log"; then
    printf '| %s | failed: %s phones could not register | | |\n' "$label" "$memory_phones" >>"$memory_rows"
    return
  fi
  sleep 5
  registered=$(private_dirty "$pid")
  printf '| %s | %s | %s | %s |\n' "$label" "$idle" "$registered" \
    "$(awk -v a="$idle" -v b="$registered" 'BEGIN { printf "%+.1f", b - a }')" >>"$memory_rows"
}

# run_modes LABEL PORT PID: the generator against one target, one row per mode (a failed mode gets a row saying why).
run_modes() {
  local label=$1 port=$2 pid=$3 mode start
  for mode in ${modes//,/ }; do
    start=500; [ "$mode" = call ] && start=100
    echo "== $label: $mode" >&2
    if ! DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 timeout 1800 "${gen_cpu[@]}" "$gen" "$mode" \
        --target "127.0.0.1:$port" --label "$label" --phones "$phones" --first-number "$first_number" \
        --password-prefix "$prefix" "${address_options[@]}" --target-pid "$pid" --clock-ticks "$(getconf CLK_TCK)" --start-rate "$start" \
        "${search_options[@]}" >>"$rows" 2>"$out/gen.log"; then
      cat "$out/gen.log" >&2
      printf '| %s | %s | failed: %s | | | | | | |\n' "$label" "$mode" "$(tail -1 "$out/gen.log" | tr '|' '/')" >>"$rows"
    else
      cat "$out/gen.log" >&2
    fi
    cat "$out/gen.log" >>"$logs/generator.log"
  done
}

: >"$logs/generator.log"

for target in ${targets//,/ }; do
  case "$target" in
  kamailio)
    port=$(free_port)
    "$here/kamailio-cfg.sh" 127.0.0.1 "$port" "$out/users.txt" "$kamailio_children" >"$out/kamailio.cfg"
    mkdir -p "$out/kamailio"
    "${target_cpu[@]}" kamailio -DD -E -m 1024 -M 16 -f "$out/kamailio.cfg" -P "$out/kamailio.pid" -w "$out/kamailio" \
      >"$logs/kamailio.log" 2>&1 &
    kpid=$!
    started_pids+=("$kpid")
    if ! wait_udp "$port" "$kpid"; then
      echo "kamailio did not start:" >&2; tail -20 "$logs/kamailio.log" >&2; exit 1
    fi
    version=$(kamailio -v | sed -n 's/^version: kamailio \([0-9.]*\).*/\1/p')
    run_modes "kamailio $version ($kamailio_children workers)" "$port" "$kpid"
    stop_pid "$kpid"
    ;;
  box)
    echo "building the box (Release, ReadyToRun, as install.sh does)..." >&2
    dotnet publish "$root/server/HomeTelco.Host/HomeTelco.Host.csproj" -c Release -r "$rid" --self-contained true \
      -p:PublishReadyToRun=true -o "$out/box" -v q --nologo >/dev/null
    data="$out/box-data"
    mkdir -p "$data"
    echo "creating $phones extensions..." >&2
    provisioned=1
    while read -r number password; do
      printf '%s' "$password" >"$out/password"
      if ! "$out/box/hometelco" ext add "$number" --name "Bench $number" --password-file "$out/password" --data "$data" \
          >>"$logs/box-provision.log" 2>&1; then
        echo "hometelco ext add failed (see bench/out/sip/box-provision.log):" >&2
        tail -3 "$logs/box-provision.log" >&2
        provisioned=0
        break
      fi
    done <"$out/users.txt"
    rm -f "$out/password"
    if [ "$provisioned" = 0 ]; then
      for mode in ${modes//,/ }; do
        printf '| hometelco | %s | pending: extensions could not be created | | | | | | |\n' "$mode" >>"$rows"
      done
      continue
    fi
    port=$(free_port)
    http=$(free_port)
    sips=$(free_port)
    # The environment install.sh gives the service (its GC young-generation budget).
    DOTNET_GCgen0size=$(sed -n 's/^readonly GC_GEN0_BUDGET=//p' "$root/install.sh") \
      "${target_cpu[@]}" "$out/box/hometelco" run --data "$data" --listen 127.0.0.1 --http-port "$http" --https-port 0 \
      --sip-port "$port" --sips-port "$sips" >"$logs/box.log" 2>&1 &
    bpid=$!
    started_pids+=("$bpid")
    for _ in $(seq 1 300); do
      curl -fs -o /dev/null "http://127.0.0.1:$http/healthz" && break
      kill -0 "$bpid" 2>/dev/null || break
      sleep 0.1
    done
    if ! wait_udp "$port" "$bpid"; then
      echo "the box did not start:" >&2; tail -20 "$logs/box.log" >&2; exit 1
    fi
    measure_memory "hometelco" "$port" "$bpid"
    run_modes "hometelco" "$port" "$bpid"
    stop_pid "$bpid"
    ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
  esac
done

{
  echo "machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(date -u +%Y-%m-%d)"
  echo "$phones phones on $([ ${#address_options[@]} -gt 0 ] && echo 'an address each in 127.1.0.0/16' || echo '127.0.0.1'); load generator and target share the machine$([ "$pin" = 1 ] && echo ' (generator on CPU 0, target on CPU 1)')"
  echo
  "$gen" header
  cat "$rows"
  if [ -s "$memory_rows" ]; then
    echo
    echo "| target | private dirty MB idle | with $memory_phones phones registered | SIP engine's share (budget +8 MB) |"
    echo "|---|---:|---:|---:|"
    cat "$memory_rows"
  fi
} | tee "$logs/results.md"
