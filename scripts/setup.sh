#!/usr/bin/env bash
# Installs what transpo needs to build and test, from Debian 12 packages.
# Also buf (npm) for the proto lint. Idempotent: quiet and quick when
# everything is already there. Runs as root or through sudo.
# Usage: scripts/setup.sh
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev prometheus-cpp-dev libabsl-dev libcli11-dev libssl-dev
  libgtest-dev libgmock-dev tzdata
  clang clang-tidy
  libcpp-httplib-dev openssl
  libkainjow-mustache-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  chromium fonts-liberation poppler-utils
  etcd-server prometheus prometheus-alertmanager python3-aiosmtpd
)

# buf (proto lint) comes from the npm registry, so node and npm are needed.
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Error: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Pinned in scripts/package.json.
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$here/node_modules/.bin/buf" ]; then
  echo "Installing buf from npm into scripts/node_modules"
  npm install --prefix "$here" --no-audit --no-fund --silent
fi
