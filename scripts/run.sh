#!/usr/bin/env bash
# One command on a fresh machine: set up, then run callscreen on its embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/callscreen demo "$@"
