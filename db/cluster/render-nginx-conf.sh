#!/bin/sh
# Renders nginx.conf.template. POSIX sh and awk only, so the nginx Docker image can run it too.
#   render-nginx-conf.sh OUT --listen ADDR:PORT [--listen ...] --backend HOST:PORT [--backend ...]
#     --demo-root DIR --sdk-root DIR --pid-file FILE --temp-dir DIR --error-log FILE
#     --access-log FILE [--user USER] [--nofile N]   (workers' open-files limit, default 65536)
#     [--hsts on|off]          Strict-Transport-Security on every answer (production, behind https)
#     [--source-maps on|off]   serve the .map files beside the scripts (off: 404, they show the source)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: render-nginx-conf.sh OUT --listen .. --backend .. --demo-root .. --sdk-root ..}
shift
listen='' backend='' user='' demo='' sdk='' pid='' temp='' elog='' alog='' nofile=65536 hsts=off maps=off
while [ $# -gt 0 ]; do
  case "$1" in
    --listen) listen="$listen${listen:+|}$2" ;;
    --backend) backend="$backend${backend:+|}$2" ;;
    --user) user=$2 ;;
    --demo-root) demo=$2 ;;
    --sdk-root) sdk=$2 ;;
    --pid-file) pid=$2 ;;
    --temp-dir) temp=$2 ;;
    --error-log) elog=$2 ;;
    --access-log) alog=$2 ;;
    --nofile) nofile=$2 ;;
    --hsts) hsts=$2 ;;
    --source-maps) maps=$2 ;;
    *) echo "render-nginx-conf.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
for v in "$listen" "$backend" "$demo" "$sdk" "$pid" "$temp" "$elog" "$alog"; do
  [ -n "$v" ] || { echo "render-nginx-conf.sh: missing option" >&2; exit 2; }
done
case "$nofile" in '' | *[!0-9]*) echo "render-nginx-conf.sh: --nofile needs a number, not '$nofile'" >&2; exit 2 ;; esac
for v in "$hsts" "$maps"; do
  case "$v" in on | off) ;; *) echo "render-nginx-conf.sh: --hsts and --source-maps take on or off, not '$v'" >&2; exit 2 ;; esac
done
# max_fails/fail_timeout: a stopped instance is taken out for 5 s after one failed connect.
# backlog: thousands of websockets connecting at once (the benchmark) overflow the default 511
# pending connections, and a dropped SYN costs its client a 1 s retransmit (capped by somaxconn).
awk -v listen="$listen" -v backend="$backend" -v user="$user" -v demo="$demo" -v sdk="$sdk" \
    -v pid="$pid" -v temp="$temp" -v elog="$elog" -v alog="$alog" -v nofile="$nofile" -v hsts="$hsts" -v maps="$maps" '
  function each(line, token, values, fmt,   n, parts, i, indent) {
    indent = line; sub(/[^ ].*$/, "", indent)
    n = split(values, parts, "|")
    for (i = 1; i <= n; i++) printf "%s" fmt "\n", indent, parts[i]
  }
  /@LISTEN@/  { each($0, "@LISTEN@", listen, "listen %s backlog=4096;"); next }
  /@BACKEND@/ { each($0, "@BACKEND@", backend, "server %s max_fails=1 fail_timeout=5s;"); next }
  /@USER@/    { if (user != "") print "user " user ";"; next }
  /@HSTS@/    { if (hsts == "on") { sub(/@HSTS@/, "add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\" always;"); print }; next }
  /@SOURCE_MAPS@/ { if (maps == "off") { sub(/@SOURCE_MAPS@/, "location ~ \\.map$ { return 404; }"); print }; next }
  {
    gsub(/@PID_FILE@/, pid); gsub(/@ERROR_LOG@/, elog); gsub(/@ACCESS_LOG@/, alog)
    gsub(/@TEMP_DIR@/, temp); gsub(/@DEMO_ROOT@/, demo); gsub(/@SDK_ROOT@/, sdk); gsub(/@NOFILE@/, nofile)
    print
  }' "$here/nginx.conf.template" >"$out"
