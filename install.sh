#!/usr/bin/env bash
# Installs Wasmbox under a prefix: the command-line tool as PREFIX/bin/wasmbox and the daemon as
# PREFIX/bin/wasmboxd, both published into PREFIX/lib/wasmbox; the documentation into
# PREFIX/share/doc/wasmbox and the systemd units, filled in, into PREFIX/lib/systemd/system. When
# systemd is running they are also installed and enabled, unless --no-systemd is given.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

prefix=/usr/local
use_systemd=1
while (($# > 0)); do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --no-systemd) use_systemd=0; shift ;;
    -h|--help) echo "usage: $0 [--prefix DIR] [--no-systemd]"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

scripts/setup.sh
lib="$prefix/lib/wasmbox"
mkdir -p "$lib" "$prefix/bin"
# Published for this machine's runtime identifier, so both are ReadyToRun (precompiled: they start
# without waiting for the JIT) and get an apphost; they still use the installed .NET runtime.
case "$(uname -m)" in
  aarch64|arm64) rid=linux-arm64 ;;
  *) rid=linux-x64 ;;
esac
dotnet publish src/Cli -c Release -r "$rid" --self-contained false -o "$lib" --verbosity quiet -nologo
dotnet publish src/Daemon -c Release -r "$rid" --self-contained false -o "$lib" --verbosity quiet -nologo
ln -sf "$lib/wasmbox" "$prefix/bin/wasmbox"
ln -sf "$lib/wasmboxd" "$prefix/bin/wasmboxd"
echo "installed wasmbox and wasmboxd in $prefix/bin"

doc="$prefix/share/doc/wasmbox"
mkdir -p "$doc"
cp README.md docs/design.md docs/protocol.md "$doc/"

# The units are always written under the prefix (PREFIX/lib/systemd/system, where systemd looks for
# units of /usr/local), with the paths filled in: the apphosts find the .NET runtime through
# DOTNET_ROOT, which a service's bare environment would not otherwise have.
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
unit_dir="$prefix/lib/systemd/system"
mkdir -p "$unit_dir"
for unit in systemd/*.service systemd/*.socket; do
  [[ -e "$unit" ]] || continue
  sed -e "s|@PREFIX@|$prefix|g" -e "s|@DOTNET_ROOT@|$dotnet_root|g" "$unit" > "$unit_dir/$(basename "$unit")"
done
echo "wrote the systemd units to $unit_dir"

if ((use_systemd)) && [[ -d /run/systemd/system ]]; then
  for unit in "$unit_dir"/wasmbox.*; do
    cp "$unit" /etc/systemd/system/
  done
  systemctl daemon-reload
  systemctl enable --now wasmbox.socket
  echo "installed and enabled the systemd units (wasmbox.socket starts the daemon on first connection)"
fi
