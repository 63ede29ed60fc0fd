#!/bin/sh
# Upgrade edu_pipeline on this server to another version, keeping its data and settings.
#   sudo deploy/upgrade.sh [VERSION]      (a git tag or branch; default: origin/main)
# Waits until no run is in progress, stops the services, keeps a copy of the Dagster instance
# (run history: Dagster migrates it forward only), checks the version out, rebuilds the venv
# from its lock, installs again (the environment file is kept, the instance's storage
# migrated) and starts the services. docs/operations.md, "Upgrade".
set -eu
APP=$(cd "$(dirname "$0")/.." && pwd)
VERSION=${1:-origin/main}
EDU=/usr/local/bin/edu-pipeline

echo "== waiting until no run is in progress"
"$EDU" wait-idle --minutes 120
echo "== stopping the services"
systemctl stop edu-pipeline-daemon edu-pipeline-webserver
INSTANCE=$(set -a && . /etc/edu-pipeline/edu-pipeline.env && echo "$DAGSTER_HOME")
HOME_COPY=$INSTANCE-before-upgrade-$(date +%Y%m%d-%H%M%S).tar.gz
echo "== the run history, kept in $HOME_COPY"
tar -czf "$HOME_COPY" -C "$(dirname "$INSTANCE")" "$(basename "$INSTANCE")"
echo "== the code: $VERSION"
git -C "$APP" fetch --tags origin
git -C "$APP" checkout --quiet "$VERSION"
rm -rf "$APP/.venv"
"$APP/deploy/install.sh"
