#!/usr/bin/env bash
# Installs the command-line tools the deployment checks run, when they are missing: docker-compose (config
# validation) and prometheus + promtool (a real Prometheus, rule checks), from Debian's packages. Runs as part of
# `./mvnw verify` (deployment-checks, pre-integration-test). Without root or passwordless sudo, or off Debian, it
# only says what is missing: those checks then skip, or fail when CI is set. kubectl must already be installed.
# The npm linters (dclint, dockerfile-utils) install themselves into deployment-checks/node_modules on first use.
set -euo pipefail

missing=()
command -v docker-compose > /dev/null || missing+=(docker-compose)
{ command -v prometheus > /dev/null && command -v promtool > /dev/null; } || missing+=(prometheus)
command -v kubectl > /dev/null || echo "deployment-checks: kubectl is not installed; install it to check k8s/ (https://kubernetes.io/docs/tasks/tools/)" >&2

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get > /dev/null; then
  echo "deployment-checks: missing ${missing[*]}; install them to run every check" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif sudo -n true 2> /dev/null; then
  sudo=(sudo -n)
else
  echo "deployment-checks: missing ${missing[*]}; run: sudo apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "deployment-checks: installing ${missing[*]} from Debian's packages"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
