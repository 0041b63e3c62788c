#!/usr/bin/env bash
# Builds the container base image localhost/macrohard-base:bookworm without any container
# registry: debootstrap Debian 12 from the Debian mirror apt already uses on this host into
# build/podman/rootfs, tar it, `podman import` it. Skips all of that when the image exists and
# carries the hash of the same inputs (this script, mirror, suites, variant, architecture).
#
# Environment:
#   MACROHARD_BASE_IMAGE     image name (default localhost/macrohard-base:bookworm)
#   MACROHARD_DEBIAN_MIRROR  Debian mirror (default: the host's apt source for Debian)
#   MACROHARD_SECURITY_MIRROR  security mirror (default: the host's, else the mirror's sibling)
#   CONTAINERS_CONF          podman settings (default podman/containers.conf of this repository)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export CONTAINERS_CONF=${CONTAINERS_CONF:-$ROOT/podman/containers.conf}

IMAGE=${MACROHARD_BASE_IMAGE:-localhost/macrohard-base:bookworm}
SUITE=bookworm
VARIANT=minbase
WORK=build/podman
LABEL=org.macrohard.inputs

die() { echo "base-image: $*" >&2; exit 1; }

# Prints "URI SUITE" for every enabled binary (deb) source in the host's apt configuration,
# in both the one-line (*.list) and the deb822 (*.sources) formats.
host_apt_sources() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f "$f" ]] || continue
        # deb [options] URI SUITE COMPONENT...
        sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" && NF >= 3 { print $2, $3 }'
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f "$f" ]] || continue
        awk 'BEGIN { RS = ""; FS = "\n" }
             {
                 types = ""; uris = ""; suites = ""; enabled = "yes"
                 for (i = 1; i <= NF; i++) {
                     line = $i
                     if (line ~ /^[ \t]*#/) continue
                     key = tolower(line); sub(/:.*/, "", key)
                     value = line; sub(/^[^:]*:[ \t]*/, "", value)
                     if (key == "types") types = value
                     else if (key == "uris") uris = value
                     else if (key == "suites") suites = value
                     else if (key == "enabled") enabled = tolower(value)
                 }
                 if (enabled == "no" || (" " types " ") !~ / deb /) next
                 nu = split(uris, u, /[ \t]+/); ns = split(suites, s, /[ \t]+/)
                 for (a = 1; a <= nu; a++) for (b = 1; b <= ns; b++)
                     if (u[a] != "" && s[b] != "") print u[a], s[b]
             }' "$f"
    done
}

# The first URI that serves a suite matching the extended regex $1.
uri_for_suite() {
    host_apt_sources | awk -v re="$1" '$2 ~ re { print $1; exit }'
}

mirror=${MACROHARD_DEBIAN_MIRROR:-$(uri_for_suite "^$SUITE\$")}
# A host on another Debian release still names a Debian mirror, which carries bookworm too.
[[ -n "$mirror" ]] || mirror=$(uri_for_suite '^(bullseye|bookworm|trixie|forky|sid|stable|testing|unstable|oldstable)(-updates)?$')
[[ -n "$mirror" ]] || die "no Debian mirror found in /etc/apt/sources.list{,.d}; set MACROHARD_DEBIAN_MIRROR=http://…/debian"
mirror=${mirror%/}
security=${MACROHARD_SECURITY_MIRROR:-$(uri_for_suite '-security$')}
[[ -n "$security" ]] || security="$mirror-security"
security=${security%/}
arch=$(dpkg --print-architecture)

# The container's apt sees the same archive as the host's: the release, its updates and
# its security updates, from the same mirrors.
container_sources="Types: deb
URIs: $mirror
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"

inputs=$( { cat "$0"; printf '%s\n' "$IMAGE" "$SUITE" "$VARIANT" "$arch" "$container_sources"; } | sha256sum | cut -d' ' -f1)

if podman image exists "$IMAGE" &&
   [[ "$(podman image inspect --format "{{ index .Labels \"$LABEL\" }}" "$IMAGE")" == "$inputs" ]]; then
    echo "base-image: $IMAGE is up to date"
    exit 0
fi

command -v debootstrap >/dev/null || die "debootstrap is not installed (scripts/bootstrap.sh installs it)"
(( EUID == 0 )) || die "debootstrap needs root: run as root (or via sudo)"

echo "base-image: debootstrap $SUITE ($VARIANT, $arch) from $mirror"
rm -rf "$WORK/rootfs" "$WORK/rootfs.tmp" "$WORK/base.tar"
mkdir -p "$WORK"
start=$SECONDS
debootstrap --variant="$VARIANT" --arch="$arch" \
    --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
    "$SUITE" "$WORK/rootfs.tmp" "$mirror" >"$WORK/debootstrap.log" 2>&1 ||
    { tail -n 20 "$WORK/debootstrap.log" >&2; die "debootstrap failed; log: $WORK/debootstrap.log"; }
rm -f "$WORK/rootfs.tmp/etc/apt/sources.list"
printf '%s' "$container_sources" >"$WORK/rootfs.tmp/etc/apt/sources.list.d/debian.sources"
# Package lists and downloaded .debs are not part of the image; apt-get update refetches them.
rm -rf "$WORK/rootfs.tmp/var/lib/apt/lists/"* "$WORK/rootfs.tmp/var/cache/apt/archives/"*.deb
mv "$WORK/rootfs.tmp" "$WORK/rootfs"
echo "base-image: debootstrap took $((SECONDS - start))s"

# Sorted entries and numeric owners: the tar depends only on the files.
tar --sort=name --numeric-owner --xattrs -C "$WORK/rootfs" -cf "$WORK/base.tar.tmp" .
mv "$WORK/base.tar.tmp" "$WORK/base.tar"
podman import --quiet \
    --change 'CMD ["/bin/bash"]' \
    --change "ENV LANG=C.UTF-8" \
    --change "LABEL $LABEL=$inputs" \
    "$WORK/base.tar" "$IMAGE" >/dev/null
# The image this one replaced, if any, is now untagged: drop it (only images with our label).
podman image prune --force --filter "label=$LABEL" >/dev/null
# The image holds the files now; root-owned device nodes and a 100+ MB tar have no other use.
rm -rf "$WORK/rootfs" "$WORK/base.tar"
echo "base-image: imported $IMAGE ($((SECONDS - start))s)"
