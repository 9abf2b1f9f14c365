#!/usr/bin/env bash
# Installs Wasmbox under a prefix: the command-line tool as PREFIX/bin/wasmbox and the daemon as
# PREFIX/bin/wasmboxd, both published into PREFIX/lib/wasmbox. When systemd is running and the
# unit files in systemd/ exist, they are installed and enabled too, unless --no-systemd is given.
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

units=(systemd/*.service systemd/*.socket)
if ((use_systemd)) && [[ -d /run/systemd/system ]] && [[ -e "${units[0]}" ]]; then
  for unit in "${units[@]}"; do
    [[ -e "$unit" ]] || continue
    sed "s|@PREFIX@|$prefix|g" "$unit" > "/etc/systemd/system/$(basename "$unit")"
  done
  systemctl daemon-reload
  systemctl enable --now wasmbox.socket
  echo "installed and enabled the systemd units"
fi
