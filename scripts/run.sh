#!/usr/bin/env bash
# Builds certflow and runs its daemon on 127.0.0.1:8750 with the embedded SQLite store in
# ./certflow-data. Extra arguments go to `certflow serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR="$(pwd)" CCACHE_NOHASHDIR=true
./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target certflow -j"$(nproc)"
exec build/release/src/cli/certflow serve --listen 127.0.0.1:8750 --data-dir ./certflow-data "$@"
