#!/usr/bin/env bash
# deploy/alertmanager/alertmanager.yml passes `amtool check-config` (with its
# templates), and routes transpo-alertmanager's alerts as documented: by
# administration, the Euro-coordinator's to their receiver, any other
# administration to the correspondent alone.
# Usage: alertmanager_config_test.sh SOURCE_DIR
set -u
config="${1:?usage: alertmanager_config_test.sh SOURCE_DIR}/deploy/alertmanager/alertmanager.yml"
failed=0

amtool check-config "$config" || failed=1

# route LABELS... WANT: the receiver the labels are routed to is WANT.
route() {
  local want=${*: -1} got
  got=$(amtool config routes test --config.file="$config" "${@:1:$#-1}" 2>/dev/null)
  if [ "$got" != "$want" ]; then
    echo "FAIL: ${*:1:$#-1} went to '$got', want '$want'"
    failed=1
  fi
}
route alertname=TranspoDeadline administration=bee recipient=anna bee
route alertname=TranspoDeadline administration=bm recipient=luc bm
route alertname=TranspoDeadline administration=environment recipient=x environment
route alertname=TranspoDeadline administration=bi recipient=x bi
route alertname=TranspoDeadline administration=bee recipient=euro-coordinator euro-coordinator
route alertname=TranspoDeadline administration=housing recipient=x correspondent

[ $failed -eq 0 ] && echo "alertmanager.yml: valid, routes as documented"
exit $failed
