#!/usr/bin/env bash
# pkg-config for x86_64-unknown-redox: only the sysroot's .pc files are seen, their paths are
# prefixed with the sysroot, and --static is always on (every program links statically).
# PKG_CONFIG_SYSROOT_DIR and PKG_CONFIG_LIBDIR win when set (the cook sets both); otherwise the
# sysroot is $COOKBOOK_SYSROOT, $REDOX_SYSROOT or <repository>/build/x86_64-unknown-redox/sysroot.
set -euo pipefail

triple=x86_64-unknown-redox
self=$(readlink -f "$0")
root=$(cd "$(dirname "$self")/../.." && pwd)
sysroot=${COOKBOOK_SYSROOT:-${REDOX_SYSROOT:-${root}/build/${triple}/sysroot}}

export PKG_CONFIG_SYSROOT_DIR="${PKG_CONFIG_SYSROOT_DIR:-${sysroot}}"
export PKG_CONFIG_LIBDIR="${PKG_CONFIG_LIBDIR:-${sysroot}/usr/lib/pkgconfig:${sysroot}/usr/share/pkgconfig}"
# PKG_CONFIG_PATH would add directories before the sysroot's: host .pc files must never leak in.
unset PKG_CONFIG_PATH
exec pkg-config --static "$@"
