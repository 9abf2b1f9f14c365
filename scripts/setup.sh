#!/usr/bin/env bash
# Installs what building and testing Wasmbox needs on a fresh Debian machine with the .NET SDK:
# the Debian packages listed below (only those missing; apt-get update runs only then) and the
# NuGet packages (dotnet restore). Safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages the tests use beyond the SDK (the JIT, WASI and daemon milestones add theirs).
apt_packages=(
  python3-pylsp-jsonrpc # the Python peer (tests/peers/python) drives the daemon with it
  systemd               # systemd-socket-activate starts the daemon the way wasmbox.socket does
)

missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  echo "setup: installing ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
dotnet restore Wasmbox.sln --verbosity quiet
