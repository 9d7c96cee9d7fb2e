#!/usr/bin/env bash
# deploy/prometheus/prometheus.yml and its rules pass `promtool check config`
# and `promtool check rules`, and the rules behave as their unit tests say
# (`promtool test rules`, deploy/prometheus/tests/).
# Usage: prometheus_config_test.sh SOURCE_DIR
set -u
cd "${1:?usage: prometheus_config_test.sh SOURCE_DIR}/deploy/prometheus"
failed=0
promtool check config prometheus.yml || failed=1
promtool check rules rules/*.yml || failed=1
promtool test rules tests/*_test.yml || failed=1
[ $failed -eq 0 ] && echo "prometheus config and rules: valid, unit tests pass"
exit $failed
