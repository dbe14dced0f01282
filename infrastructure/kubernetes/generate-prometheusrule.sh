#!/usr/bin/env bash
# Regenerates base/prometheusrule-*.yaml from infrastructure/monitoring/prometheus/{recording_rules,alerts}.yml.
# The generator lives in the infrastructure test project, so the check and the generation are the same code.
set -euo pipefail
cd "$(dirname "$0")/../.."
AGENTRY_REGENERATE=1 dotnet test tests/Agentry.Infrastructure.Tests -nologo \
  --filter "FullyQualifiedName~PrometheusRuleTests.PrometheusRule_MatchesItsMonitoringRuleFile"
git --no-pager diff --stat -- infrastructure/kubernetes/base/ || true
