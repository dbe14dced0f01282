#!/usr/bin/env bash
# The benchmark command: builds the service, the simulator and the harness in Release (once), then runs the
# scenarios (all by default) and writes bench/results/<scenario>.json. Options go to the harness, e.g.
#   bench/run.sh --scenario single-50ms-memory,ceiling-0ms-memory --duration 20
#   bench/run.sh --list
# Needs the .NET 10 SDK; the Redis scenarios need redis-server (apt-get install redis-server).
# See docs/performance.md for what each figure means.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/Agentry.Bench/Agentry.Bench.csproj -c Release -nologo -v q
exec dotnet bench/Agentry.Bench/bin/Release/net10.0/Agentry.Bench.dll "$@"
