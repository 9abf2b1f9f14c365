#!/usr/bin/env bash
# Rebuilds read-file.wasm from main.c (Debian: apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
clang --target=wasm32-wasi --sysroot=/usr -O2 -Wl,--strip-debug -o read-file.wasm main.c
