# Process helpers shared by build.sh and the instance scripts (sourced, not run).

# A pid that has exited stays a zombie until its (re)parent reaps it, which can take a second or
# two here; kill -0 still succeeds on it, so a zombie counts as stopped.
running() { kill -0 "$1" 2>/dev/null && [ "$(sed 's/.*) //; s/ .*//' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# Only a pid whose command line still matches counts: pid files outlive processes and pids are reused.
pid_of() { # pidfile pattern (extended regex)
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && running "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -Eq -- "$2" || return 1
  echo "$pid"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# SIGTERM, wait up to `seconds`, then SIGKILL and wait for it to be gone.
stop_pid() { # pid seconds
  local i
  kill -TERM "$1" 2>/dev/null || true
  for ((i = 0; i < $2 * 10; i++)); do running "$1" || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do running "$1" || return 0; sleep 0.1; done
}
