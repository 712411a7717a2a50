# shellcheck shell=bash
# Kannel on loopback for the helpline demo; sourced by scripts/run.sh. bearerbox with a fake
# SMSC, smsbox, and kannel-extras' fakesmsc as the citizens' phones (Debian packages kannel and
# kannel-extras, installed by scripts/setup.sh). Logs, the configuration and the shared secrets
# go to $kannel_dir. Every wait is bounded; kannel_stop ends what kannel_start started.
#
#   kannel_prepare DIR    true when Kannel is installed: picks free ports, writes the secrets,
#                         and sets kannel_node_args (loka serve's --kannel* options)
#   kannel_start NODE_PORT   writes kannel.conf, starts bearerbox, smsbox and fakesmsc; false
#                         (with the reason on stderr) when one did not come up
#   kannel_stop           stops them (safe to call at any time)

kannel_conf_template="$(dirname "${BASH_SOURCE[0]}")/kannel.conf.in"
kannel_bearerbox=/usr/sbin/bearerbox
kannel_smsbox=/usr/sbin/smsbox
kannel_fakesmsc=/usr/lib/kannel/test/fakesmsc
kannel_pids=()
# shellcheck disable=SC2034  # for the script that sources this file
kannel_node_args=()
# How long a box may take to listen on its port (tenths of a second).
kannel_start_tenths=100

# N distinct free TCP ports on 127.0.0.1, one a line: all bound at once, then released.
kannel_free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in socks))
PY
}

kannel_secret() { python3 -c 'import secrets; print(secrets.token_hex(16))'; }

kannel_prepare() {
  kannel_dir="$1"
  local exe
  for exe in "$kannel_bearerbox" "$kannel_smsbox" "$kannel_fakesmsc"; do
    if [[ ! -x "$exe" ]]; then
      echo "-- $exe is not installed (Debian packages kannel, kannel-extras): the demo's" \
           "messages go to POST /v1/messages instead of through Kannel"
      return 1
    fi
  done
  mkdir -p "$kannel_dir"
  local ports
  mapfile -t ports < <(kannel_free_ports 4)
  kannel_admin_port=${ports[0]} kannel_box_port=${ports[1]}
  kannel_smsc_port=${ports[2]} kannel_sendsms_port=${ports[3]}
  (umask 077
   kannel_secret > "$kannel_dir/token"
   kannel_secret > "$kannel_dir/sendsms_password"
   kannel_secret > "$kannel_dir/admin_password")
  # shellcheck disable=SC2034
  kannel_node_args=(--kannel "127.0.0.1:$kannel_sendsms_port" --kannel-username loka
                    --kannel-password-file "$kannel_dir/sendsms_password"
                    --kannel-token-file "$kannel_dir/token")
}

# True once something accepts connections on 127.0.0.1:$1, false after the bound or when the
# process $2 has exited.
kannel_wait_port() {
  local _
  for _ in $(seq "$kannel_start_tenths"); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

kannel_start() {
  local conf="$kannel_dir/kannel.conf"
  (umask 077  # the configuration holds the secrets
   sed -e "s|@ADMIN_PORT@|$kannel_admin_port|; s|@BOX_PORT@|$kannel_box_port|" \
      -e "s|@SMSC_PORT@|$kannel_smsc_port|; s|@SENDSMS_PORT@|$kannel_sendsms_port|" \
      -e "s|@NODE_PORT@|$1|; s|@TOKEN@|$(cat "$kannel_dir/token")|" \
      -e "s|@SENDSMS_PASSWORD@|$(cat "$kannel_dir/sendsms_password")|" \
      -e "s|@ADMIN_PASSWORD@|$(cat "$kannel_dir/admin_password")|" \
      "$kannel_conf_template" > "$conf")
  # Each in its own session: Ctrl-C reaches the node and the script, whose EXIT trap then stops
  # these in order (fakesmsc aborts when it takes SIGINT itself).
  setsid "$kannel_bearerbox" -v 1 "$conf" > "$kannel_dir/bearerbox.log" 2>&1 &
  kannel_pids+=($!)
  if ! kannel_wait_port "$kannel_box_port" "$!"; then
    echo "-- bearerbox did not start (see $kannel_dir/bearerbox.log)" >&2
    return 1
  fi
  setsid "$kannel_smsbox" -v 1 "$conf" > "$kannel_dir/smsbox.log" 2>&1 &
  kannel_pids+=($!)
  if ! kannel_wait_port "$kannel_sendsms_port" "$!"; then
    echo "-- smsbox did not start (see $kannel_dir/smsbox.log)" >&2
    return 1
  fi
  # The phones: fakesmsc reads "sender receiver text message" lines from a named pipe that
  # this shell keeps open for writing (fd 7), so it never sees the end of its input.
  kannel_phones="$kannel_dir/phones.in"
  rm -f "$kannel_phones"
  mkfifo "$kannel_phones"
  exec 7<>"$kannel_phones"
  setsid "$kannel_fakesmsc" -H 127.0.0.1 -r "$kannel_smsc_port" -i 0 < "$kannel_phones" \
    > "$kannel_dir/phones.log" 2>&1 &
  kannel_pids+=($!)
}

kannel_stop() {
  local pid i
  # The phones first, bearerbox last.
  for ((i = ${#kannel_pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${kannel_pids[i]}" 2>/dev/null || true
  done
  for pid in "${kannel_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  kannel_pids=()
  exec 7>&-
  return 0
}
