#!/usr/bin/env bash
# Prove that a wheelhouse (`make wheelhouse`) installs the portal with every package index
# unreachable: `make install WHEELHOUSE=...` into a throwaway venv, with uv taken from the
# wheelhouse into a throwaway tools folder, then import every runtime module and run
# `manage.py check` with the directory sign-in configured. `make wheelhouse-check` and .ci/run
# run it; it never touches the project's .venv.
#
# No network: inside a new network namespace (`unshare --net`, as root or with user namespaces),
# where even 127.0.0.1 is down. Where unshare is not allowed, every index and proxy setting points
# at a closed port (127.0.0.1:9) instead, and uv runs --offline. Either way no pip or uv
# configuration file of this machine is read.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

wheelhouse=$(realpath "${1:?usage: check_wheelhouse.sh <wheelhouse dir>}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

closed=http://127.0.0.1:9/simple

isolate=()
if unshare --net true 2>/dev/null; then
    isolate=(unshare --net)
elif unshare --user --map-root-user --net true 2>/dev/null; then
    isolate=(unshare --user --map-root-user --net)
fi
if [ "${#isolate[@]}" -gt 0 ]; then
    echo "no network: ${isolate[*]} (not even 127.0.0.1)"
else
    echo "unshare not allowed here: every index and proxy points at $closed instead"
fi

offline_env=(
    env -i
    PATH="$PATH" HOME="$tmp/home" LANG=C.UTF-8 TMPDIR="$tmp"
    PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_INDEX_URL="$closed"
    UV_NO_CONFIG=1 UV_OFFLINE=1 UV_DEFAULT_INDEX="$closed" UV_CACHE_DIR="$tmp/uv-cache"
    UV_PYTHON_DOWNLOADS=never
    http_proxy="$closed" https_proxy="$closed" HTTP_PROXY="$closed" HTTPS_PROXY="$closed"
    ALL_PROXY="$closed" no_proxy= NO_PROXY=
)
mkdir -p "$tmp/home"

# UV names a file that does not exist yet, so make takes uv from the wheelhouse, whatever is on PATH.
"${isolate[@]}" "${offline_env[@]}" make --no-print-directory install WHEELHOUSE="$wheelhouse" \
    VENV="$tmp/venv" TOOLS_VENV="$tmp/tools" UV="$tmp/tools/bin/uv"

echo "==> installed with no index; uv $("$tmp/tools/bin/uv" --version | cut -d' ' -f2) from the wheelhouse"
"${isolate[@]}" "${offline_env[@]}" "$tmp/tools/bin/uv" pip check --python "$tmp/venv/bin/python"
"${isolate[@]}" "${offline_env[@]}" "$tmp/venv/bin/python" -c '
import celery, cryptography, defusedxml, dj_database_url, django, django_auth_ldap, django_filters
import django_prometheus, gunicorn, guardian, ldap, olefile, openpyxl, PIL, pikepdf, prometheus_client
import psycopg2, redis, simple_history, storages, whitenoise, axes
print("imports OK: django", django.__version__, "python-ldap", ldap.__version__)
'
"${isolate[@]}" "${offline_env[@]}" DEBUG=1 LDAP_SERVER_URI=ldap://127.0.0.1:9 \
    LDAP_USER_SEARCH_BASE=dc=example,dc=org "$tmp/venv/bin/python" manage.py check
echo "==> the wheelhouse installs and the portal passes manage.py check with no network"
