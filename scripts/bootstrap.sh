#!/usr/bin/env bash
# Installs every Debian package that MACROHARD's build and tests need (Debian 12).
#   scripts/bootstrap.sh            install what is missing (uses sudo when not root); idempotent
#   scripts/bootstrap.sh --check    list what is missing; exit 1 if anything is
#   --quiet                         with --check: print only missing packages
set -euo pipefail

PACKAGES=(
    # compilers, build and test tools
    build-essential make gcc clang bc openssl podman runc catatonit debootstrap newlib-source libclang-rt-14-dev pkg-config git patch python3 b3sum
    cmake ninja-build meson autotools-dev cargo rustc librust-cfg-if-dev
    # libraries the host tools link
    libsodium-dev libargon2-dev liblzma-dev liblz4-dev libcurl4-openssl-dev libarchive-dev
    libfuse3-dev uuid-dev
    # filesystems, images and booting
    fuse3 e2fsprogs fuse2fs mtools dosfstools gdisk gnu-efi qemu-system-x86 ovmf
)

check=0
quiet=0
for arg in "$@"; do
    case "$arg" in
        --check) check=1 ;;
        --quiet) quiet=1 ;;
        -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bootstrap.sh: unknown option '$arg' (expected --check, --quiet or --help)" >&2; exit 2 ;;
    esac
done

missing=()
for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if (( check )); then
    if (( ${#missing[@]} == 0 )); then
        (( quiet )) || echo "bootstrap: all ${#PACKAGES[@]} packages are installed"
        exit 0
    fi
    printf 'missing: %s\n' "${missing[@]}"
    exit 1
fi

if (( ${#missing[@]} == 0 )); then
    echo "bootstrap: all ${#PACKAGES[@]} packages are installed"
    exit 0
fi

as_root=()
if (( EUID != 0 )); then
    command -v sudo >/dev/null || { echo "bootstrap: run as root (sudo is not installed)" >&2; exit 1; }
    as_root=(sudo)
fi
echo "bootstrap: installing ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
