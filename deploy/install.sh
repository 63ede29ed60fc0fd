#!/bin/sh
# Install edu_pipeline on this Linux server from this checkout, or upgrade it in place.
#   sudo deploy/install.sh [--prefix DIR] [--user ACCOUNT] [--raw-dir DIR] [--warehouse-dir DIR]
# Needs Python 3.11+ (with venv) and make. As root with the default prefix it also creates the
# service account `edu` and starts the services. Settings: /etc/edu-pipeline/edu-pipeline.env.
# docs/operations.md explains each step; deploy/upgrade.sh runs it again for a new version.
set -eu
APP=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=/
SERVICE_USER=
previous=
for arg in "$@"; do
    case "$previous" in
        --prefix) PREFIX=$arg ;;
        --user) SERVICE_USER=$arg ;;
    esac
    previous=$arg
done
ON_SERVER=no
if [ "$(id -u)" = 0 ] && [ "$PREFIX" = / ]; then
    ON_SERVER=yes
    # the first install runs the services as `edu`; an upgrade keeps the account it finds
    if [ -z "$SERVICE_USER" ] && [ ! -d /var/lib/edu-pipeline/dagster ]; then
        SERVICE_USER=edu
        set -- "$@" --user edu
    fi
    if [ -n "$SERVICE_USER" ] && ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/edu-pipeline --shell /usr/sbin/nologin "$SERVICE_USER"
    fi
fi

echo "== the code: $APP/.venv from requirements.lock"
make -C "$APP" --no-print-directory .venv/.installed
# The services cannot write beside the code: compile it now, once.
"$APP/.venv/bin/python" -m compileall -q "$APP/edu_pipeline" >/dev/null

echo "== settings, instance, services"
"$APP/.venv/bin/edu-pipeline" install "$@"

if [ "$ON_SERVER" = yes ] && [ -d /run/systemd/system ]; then
    echo "== starting the services"
    systemctl daemon-reload
    systemctl enable --now edu-pipeline-prune.timer
    systemctl enable edu-pipeline-daemon edu-pipeline-webserver
    systemctl restart edu-pipeline-daemon edu-pipeline-webserver
fi
echo "== doctor"
"$PREFIX/usr/local/bin/edu-pipeline" doctor || echo "install: fix what doctor says, then run it again"
