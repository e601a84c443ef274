#!/usr/bin/env bash
# Writes the Kamailio 5.6 configuration the SIP benchmark runs as its anchor, on stdout.
# Usage: bench/sip/kamailio-cfg.sh <listen-ip> <port> <users-file> [children]
#   users-file: "number password" lines (SipLoad users ... prints them), loaded into an htable at start.
# What it does, kept as close to the box's job as Kamailio allows:
#   REGISTER: digest (qop=auth, nonce counts checked for replay) against the htable, in-memory usrloc (db_mode 0).
#   INVITE: proxy digest (407), record-route, location lookup, stateful relay (tm).
#   In-dialog requests (ACK, BYE): loose routing along the Record-Route.
set -euo pipefail
ip=$1
port=$2
users=$3
children=${4:-4}
module_dir=/usr/lib/x86_64-linux-gnu/kamailio/modules
if [ ! -d "$module_dir" ]; then module_dir=$(dirname "$(find /usr/lib -name tm.so -path '*kamailio*' | head -1)"); fi

cat <<EOF
#!KAMAILIO
# Written by bench/sip/kamailio-cfg.sh for one benchmark run; do not edit.
debug=0
log_stderror=yes
memdbg=5
memlog=5
children=$children
disable_tcp=yes
auto_aliases=no
listen=udp:$ip:$port
alias="$ip:$port"
# The htable is filled with one statement per user at start: more than the default 100 loop iterations' worth.
max_while_loops=100000

mpath="$module_dir"
loadmodule "kex.so"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "htable.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"

modparam("htable", "htable", "users=>size=10;autoexpire=0")
modparam("usrloc", "db_mode", 0)
modparam("auth", "nonce_count", 1)
modparam("auth", "secret", "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')")
modparam("registrar", "max_expires", 3600)

event_route[htable:mod-init] {
EOF
while read -r number password; do
  [ -n "$number" ] || continue
  printf '    $sht(users=>%s) = "%s";\n' "$number" "$password"
done <"$users"
cat <<'EOF'
}

request_route {
    if (!mf_process_maxfwd_header("10")) {
        sl_send_reply("483", "Too Many Hops");
        exit;
    }

    if (has_totag()) {
        # In-dialog: ACK and BYE follow the Record-Route we put in the INVITE.
        if (loose_route()) {
            route(RELAY);
        }
        if (is_method("ACK")) {
            # ACK to a 407 we sent statelessly, or to a failed relayed INVITE: tm absorbs it if it has the transaction.
            if (t_check_trans()) {
                t_relay();
            }
            exit;
        }
        sl_send_reply("404", "Not here");
        exit;
    }

    if (is_method("CANCEL")) {
        if (t_check_trans()) {
            route(RELAY);
        }
        exit;
    }

    if (is_method("REGISTER")) {
        # Without credentials there is no user to look up: challenge straight away (and log nothing).
        if (!has_credentials("$td") || !pv_www_authenticate("$td", "$sht(users=>$au)", "0")) {
            www_challenge("$td", "1");
            exit;
        }
        consume_credentials();
        if (!save("location")) {
            sl_reply_error();
        }
        exit;
    }

    if (is_method("INVITE")) {
        t_check_trans();
        if (!has_credentials("$fd") || !pv_proxy_authenticate("$fd", "$sht(users=>$au)", "0")) {
            proxy_challenge("$fd", "1");
            exit;
        }
        if ($au != $fU) {
            sl_send_reply("403", "Use your own identity");
            exit;
        }
        consume_credentials();
        record_route();
        if (!lookup("location")) {
            sl_send_reply("404", "Not Found");
            exit;
        }
        route(RELAY);
    }

    sl_send_reply("405", "Method Not Allowed");
    exit;
}

route[RELAY] {
    if (!t_relay()) {
        sl_reply_error();
    }
    exit;
}
EOF
