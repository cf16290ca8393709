#!/usr/bin/env bash
# Installs the system programs the test suites need and a fresh machine lacks, used by `npm test`
# (scripts/test-all.sh) and by .ci/run. As root with apt-get it installs them; otherwise it stops at
# once, naming the Debian packages and the command that installs them.
set -euo pipefail
# mariadbd and nginx live in /usr/sbin, which a non-root PATH may lack.
PATH=$PATH:/usr/sbin:/sbin

# program → Debian package; docker-compose only validates docker-compose.yml, so without recommends
# it does not pull in a Docker engine.
packages=()
no_recommends=()
want() { # program package
  command -v "$1" >/dev/null 2>&1 && return 0
  case " ${packages[*]} " in *" $2 "*) ;; *) packages+=("$2") ;; esac
}
want mariadbd mariadb-server
want mariadb-install-db mariadb-server
want redis-server redis-server
want nginx nginx-light
want chromium chromium
command -v docker-compose >/dev/null 2>&1 || no_recommends+=(docker-compose)

[ ${#packages[@]} -eq 0 ] && [ ${#no_recommends[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  {
    echo "error: the tests need Debian packages that are not installed: ${packages[*]} ${no_recommends[*]}"
    echo "install them (as root) and run the tests again:"
    echo
    if [ ${#packages[@]} -gt 0 ]; then echo "  sudo apt-get update && sudo apt-get install -y ${packages[*]}"; fi
    if [ ${#no_recommends[@]} -gt 0 ]; then echo "  sudo apt-get install -y --no-install-recommends ${no_recommends[*]}"; fi
  } >&2
  exit 1
fi

echo "Installing Debian packages: ${packages[*]} ${no_recommends[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if [ ${#packages[@]} -gt 0 ]; then apt-get install -y -qq "${packages[@]}" >/dev/null; fi
if [ ${#no_recommends[@]} -gt 0 ]; then apt-get install -y -qq --no-install-recommends "${no_recommends[@]}" >/dev/null; fi
