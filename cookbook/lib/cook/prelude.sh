# MACROHARD cook prelude: the environment and helper functions of recipe scripts (source scripts
# and build scripts), with the names upstream Redox documents. The repo binary carries this file
# and runs it with `bash -e` before the recipe's own script.
#
# Set by the cook before this runs: TARGET GNU_TARGET COOKBOOK_NAME COOKBOOK_RECIPE COOKBOOK_ROOT
# COOKBOOK_SOURCE COOKBOOK_HOST_TARGET COOKBOOK_MAKE_JOBS SOURCE_DATE_EPOCH, and for builds
# COOKBOOK_BUILD COOKBOOK_STAGE COOKBOOK_SYSROOT COOKBOOK_TOOLCHAIN COOKBOOK_SOURCE_IDENT
# COOKBOOK_COMMIT_IDENT (and MAKEFLAGS carrying the shared jobserver).

umask 022

# --- tools -------------------------------------------------------------------------------
COOKBOOK_TOOLCHAIN="${COOKBOOK_TOOLCHAIN:-${COOKBOOK_SYSROOT}}"
if [ -n "${COOKBOOK_TOOLCHAIN}" ]; then
    export PATH="${COOKBOOK_TOOLCHAIN}/bin:${COOKBOOK_TOOLCHAIN}/usr/bin:${PATH}"
    export LD_LIBRARY_PATH="${COOKBOOK_TOOLCHAIN}/lib:${COOKBOOK_TOOLCHAIN}/usr/lib${LD_LIBRARY_PATH:+:${LD_LIBRARY_PATH}}"
fi
export PATH="${COOKBOOK_ROOT}/bin:${PATH}"

# A host build (TARGET is the build machine) uses the host's compilers; a cross build uses the
# ${GNU_TARGET}- wrappers from the cookbook's bin/ or the toolchain.
if [ "${TARGET}" = "${COOKBOOK_HOST_TARGET}" ]; then
    COOKBOOK_CROSS=
    export AR="${AR:-ar}" AS="${AS:-as}" CC="${CC:-cc}" CXX="${CXX:-c++}" LD="${LD:-ld}"
    export NM="${NM:-nm}" OBJCOPY="${OBJCOPY:-objcopy}" OBJDUMP="${OBJDUMP:-objdump}"
    export PKG_CONFIG="${PKG_CONFIG:-pkg-config}" RANLIB="${RANLIB:-ranlib}"
    export READELF="${READELF:-readelf}" STRIP="${STRIP:-strip}"
else
    COOKBOOK_CROSS=1
    export AR="${GNU_TARGET}-gcc-ar" AS="${GNU_TARGET}-as" CC="${GNU_TARGET}-gcc"
    export CXX="${GNU_TARGET}-g++" LD="${GNU_TARGET}-ld" NM="${GNU_TARGET}-gcc-nm"
    export OBJCOPY="${GNU_TARGET}-objcopy" OBJDUMP="${GNU_TARGET}-objdump"
    export PKG_CONFIG="${GNU_TARGET}-pkg-config" RANLIB="${GNU_TARGET}-gcc-ranlib"
    export READELF="${GNU_TARGET}-readelf" STRIP="${GNU_TARGET}-strip"
fi
COOKBOOK_TARGET_VAR="${TARGET//-/_}"
for tool in AR AS CC CXX LD NM OBJCOPY OBJDUMP PKG_CONFIG RANLIB READELF STRIP; do
    export "${tool}_${COOKBOOK_TARGET_VAR}=${!tool}"
done
unset tool
export "CARGO_TARGET_${COOKBOOK_TARGET_VAR^^}_LINKER=${CC}"

# --- flags -------------------------------------------------------------------------------
if [ -n "${COOKBOOK_SYSROOT}" ]; then
    export CPPFLAGS="${CPPFLAGS:+${CPPFLAGS} }-I${COOKBOOK_SYSROOT}/include"
    if [ -n "${COOKBOOK_CROSS}" ]; then
        export LDFLAGS="${LDFLAGS:+${LDFLAGS} }-L${COOKBOOK_SYSROOT}/lib --static"
        export PKG_CONFIG_ALLOW_CROSS=1
        export PKG_CONFIG_LIBDIR="${COOKBOOK_SYSROOT}/lib/pkgconfig:${COOKBOOK_SYSROOT}/share/pkgconfig"
        export PKG_CONFIG_SYSROOT_DIR="${COOKBOOK_SYSROOT}"
        export PKG_CONFIG_PATH=
    else
        export LDFLAGS="${LDFLAGS:+${LDFLAGS} }-L${COOKBOOK_SYSROOT}/lib -Wl,-rpath-link,${COOKBOOK_SYSROOT}/lib"
        export PKG_CONFIG_PATH="${COOKBOOK_SYSROOT}/lib/pkgconfig:${COOKBOOK_SYSROOT}/share/pkgconfig${PKG_CONFIG_PATH:+:${PKG_CONFIG_PATH}}"
    fi
fi
if [ -n "${COOKBOOK_BUILD}" ]; then
    export CARGO_TARGET_DIR="${COOKBOOK_BUILD}/target"
fi

# Re-exports the flags under the per-target names the Rust cc crate reads.
reexport_flags() {
    export "CFLAGS_${COOKBOOK_TARGET_VAR}=${CFLAGS}"
    export "CXXFLAGS_${COOKBOOK_TARGET_VAR}=${CXXFLAGS}"
    export "LDFLAGS_${COOKBOOK_TARGET_VAR}=${LDFLAGS}"
}

# --- tunables ----------------------------------------------------------------------------
COOKBOOK_CONFIGURE="${COOKBOOK_CONFIGURE:-${COOKBOOK_SOURCE}/configure}"
COOKBOOK_MAKE="${COOKBOOK_MAKE:-make}"
COOKBOOK_CMAKE="${COOKBOOK_CMAKE:-cmake}"
COOKBOOK_NINJA="${COOKBOOK_NINJA:-ninja}"
COOKBOOK_MESON="${COOKBOOK_MESON:-meson}"
COOKBOOK_CARGO="${COOKBOOK_CARGO:-cargo}"
COOKBOOK_AUTORECONF="${COOKBOOK_AUTORECONF:-autoreconf}"
COOKBOOK_PYTHON="${COOKBOOK_PYTHON:-python3}"
COOKBOOK_CARGO_PATH="${COOKBOOK_CARGO_PATH:-.}"
COOKBOOK_CARGO_REGISTRY="${COOKBOOK_CARGO_REGISTRY:-/usr/share/cargo/registry}"
if [ -n "${COOKBOOK_CROSS}" ]; then
    COOKBOOK_CONFIGURE_FLAGS=(--host="${GNU_TARGET}" --prefix=/usr --disable-shared --enable-static)
else
    COOKBOOK_CONFIGURE_FLAGS=(--prefix=/usr --disable-shared --enable-static)
fi
COOKBOOK_CMAKE_FLAGS=(-DBUILD_SHARED_LIBS=False)
COOKBOOK_MESON_FLAGS=(-Ddefault_library=static)
COOKBOOK_MAKE_FLAGS=(prefix=/usr PREFIX=/usr)
COOKBOOK_CARGO_FLAGS=()
COOKBOOK_PIP_FLAGS=()

# The cook shares one job budget with everything it runs through a GNU make jobserver (in
# MAKEFLAGS). An explicit -jN would make a sub-make leave it and start its own pool, so -j
# options are dropped while a jobserver is present.
make() {
    if [[ "${MAKEFLAGS-}" != *jobserver-* ]]; then
        command make "$@"
        return
    fi
    local args=() skip_number= arg
    for arg in "$@"; do
        if [ -n "${skip_number}" ]; then
            skip_number=
            if [[ "${arg}" =~ ^[0-9]+$ ]]; then
                continue
            fi
        fi
        case "${arg}" in
            -j) skip_number=1 ;;
            -j[0-9]* | --jobs=* | --jobs) ;;
            *) args+=("${arg}") ;;
        esac
    done
    command make "${args[@]}"
}

# The -j option for tools that cannot join the jobserver (ninja, cargo when none is present).
cookbook_jobs() {
    echo "-j${COOKBOOK_MAKE_JOBS:-1}"
}

# --- shared libraries --------------------------------------------------------------------
# Builds shared libraries (the targets that support them), as upstream's DYNAMIC_INIT.
DYNAMIC_INIT() {
    case "${TARGET}" in
        i586-* | i686-* | riscv64gc-*) return 0 ;;
    esac
    local flags=() flag
    for flag in "${COOKBOOK_CONFIGURE_FLAGS[@]}"; do
        case "${flag}" in
            --disable-shared | --enable-static) ;;
            *) flags+=("${flag}") ;;
        esac
    done
    COOKBOOK_CONFIGURE_FLAGS=("${flags[@]}" --enable-shared --disable-static)
    COOKBOOK_CMAKE_FLAGS=(-DBUILD_SHARED_LIBS=True "${COOKBOOK_CMAKE_FLAGS[@]:1}")
    COOKBOOK_MESON_FLAGS=(-Ddefault_library=shared "${COOKBOOK_MESON_FLAGS[@]:1}")
    LDFLAGS="${LDFLAGS//--static/}"
    if [ -n "${COOKBOOK_SYSROOT}" ] && [[ "${LDFLAGS}" != *rpath-link* ]]; then
        LDFLAGS="${LDFLAGS} -Wl,-rpath-link,${COOKBOOK_SYSROOT}/lib"
    fi
    export LDFLAGS
    export RUSTFLAGS="${RUSTFLAGS:+${RUSTFLAGS} }-C target-feature=-crt-static"
    export COOKBOOK_DYNAMIC=1
}

# Builds shared and static libraries.
DYNAMIC_STATIC_INIT() {
    DYNAMIC_INIT
    local flags=() flag
    for flag in "${COOKBOOK_CONFIGURE_FLAGS[@]}"; do
        [ "${flag}" = --disable-static ] || flags+=("${flag}")
    done
    COOKBOOK_CONFIGURE_FLAGS=("${flags[@]}" --enable-static)
    COOKBOOK_MESON_FLAGS=(-Ddefault_library=both "${COOKBOOK_MESON_FLAGS[@]:1}")
}

# --- autotools ---------------------------------------------------------------------------
# GNU_CONFIG_GET FILE...: replaces config.sub / config.guess with the host's current copies
# (which know the redox triples), without touching the network.
GNU_CONFIG_GET() {
    local file name found dir
    for file in "$@"; do
        name="$(basename "${file}")"
        found=
        for dir in /usr/share/misc /usr/share/automake-*; do
            if [ -f "${dir}/${name}" ]; then
                found="${dir}/${name}"
                break
            fi
        done
        if [ -z "${found}" ]; then
            echo "GNU_CONFIG_GET: no ${name} on this machine (install autotools-dev)" >&2
            return 1
        fi
        cp -f "${found}" "${file}"
        chmod +x "${file}"
    done
}

# Regenerates every autotools build system below the current directory.
autotools_recursive_regenerate() {
    local conf dir
    while IFS= read -r conf; do
        dir="$(dirname "${conf}")"
        (cd "${dir}" && "${COOKBOOK_AUTORECONF}" -fvi "$@")
    done < <(find . \( -name configure.ac -o -name configure.in \) -type f | LC_ALL=C sort)
    while IFS= read -r conf; do
        GNU_CONFIG_GET "${conf}"
    done < <(find . \( -name config.sub -o -name config.guess \) -type f | LC_ALL=C sort)
}

# --- build helpers -----------------------------------------------------------------------
cookbook_configure() {
    "${COOKBOOK_CONFIGURE}" "${COOKBOOK_CONFIGURE_FLAGS[@]}" "$@"
    "${COOKBOOK_MAKE}" -j"${COOKBOOK_MAKE_JOBS}"
    "${COOKBOOK_MAKE}" install DESTDIR="${COOKBOOK_STAGE}"
}

# A plain Makefile: the source is copied into the build directory and built there.
cookbook_make() {
    cp -a "${COOKBOOK_SOURCE}/." ./
    "${COOKBOOK_MAKE}" -j"${COOKBOOK_MAKE_JOBS}" "${COOKBOOK_MAKE_FLAGS[@]}" "$@"
    "${COOKBOOK_MAKE}" install DESTDIR="${COOKBOOK_STAGE}" "${COOKBOOK_MAKE_FLAGS[@]}" "$@"
}

generate_cookbook_cmake_file() {
    local processor="${TARGET%%-*}"
    cat >cross_file.cmake <<EOF
set(CMAKE_SYSTEM_NAME UnixPaths)
set(CMAKE_SYSTEM_PROCESSOR ${processor})
set(CMAKE_C_COMPILER ${CC})
set(CMAKE_CXX_COMPILER ${CXX})
set(CMAKE_AR $(command -v "${AR}" || echo "${AR}"))
set(CMAKE_RANLIB $(command -v "${RANLIB}" || echo "${RANLIB}"))
set(CMAKE_FIND_ROOT_PATH ${COOKBOOK_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
EOF
}

cookbook_cmake() {
    local cross=()
    if [ -n "${COOKBOOK_CROSS}" ]; then
        generate_cookbook_cmake_file
        cross=(-DCMAKE_TOOLCHAIN_FILE=cross_file.cmake)
    fi
    "${COOKBOOK_CMAKE}" "${COOKBOOK_SOURCE}" -GNinja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_INSTALL_LIBDIR=lib "${cross[@]}" \
        "${COOKBOOK_CMAKE_FLAGS[@]}" "$@"
    "${COOKBOOK_NINJA}" "$(cookbook_jobs)"
    DESTDIR="${COOKBOOK_STAGE}" "${COOKBOOK_NINJA}" install
}

cookbook_meson() {
    local cross=()
    if [ -n "${COOKBOOK_CROSS}" ]; then
        cat >cross_file.txt <<EOF
[binaries]
c = '${CC}'
cpp = '${CXX}'
ar = '${AR}'
strip = '${STRIP}'
pkg-config = '${PKG_CONFIG}'

[host_machine]
system = 'redox'
cpu_family = '${TARGET%%-*}'
cpu = '${TARGET%%-*}'
endian = 'little'
EOF
        cross=(--cross-file cross_file.txt)
    fi
    "${COOKBOOK_MESON}" setup . "${COOKBOOK_SOURCE}" "${cross[@]}" --buildtype release \
        --prefix /usr --libdir lib --wrap-mode nodownload "${COOKBOOK_MESON_FLAGS[@]}" "$@"
    "${COOKBOOK_NINJA}" "$(cookbook_jobs)"
    DESTDIR="${COOKBOOK_STAGE}" "${COOKBOOK_NINJA}" install
}

# --- cargo -------------------------------------------------------------------------------
# Cargo builds offline against Debian's crate registry (the librust-*-dev packages), through a
# cargo home of the build's own whose config replaces crates.io with that directory.
cookbook_cargo_setup() {
    export CARGO_HOME="${COOKBOOK_BUILD}/cargo-home"
    mkdir -p "${CARGO_HOME}"
    {
        if [ -d "${COOKBOOK_CARGO_REGISTRY}" ]; then
            printf '[source.crates-io]\nreplace-with = "debian"\n\n'
            printf '[source.debian]\ndirectory = "%s"\n\n' "${COOKBOOK_CARGO_REGISTRY}"
        fi
        printf '[net]\noffline = true\n'
    } >"${CARGO_HOME}/config.toml"
    COOKBOOK_CARGO_TARGET=()
    COOKBOOK_CARGO_OUT="${CARGO_TARGET_DIR}/release"
    if [ -n "${COOKBOOK_CROSS}" ]; then
        COOKBOOK_CARGO_TARGET=(--target "${TARGET}")
        COOKBOOK_CARGO_OUT="${CARGO_TARGET_DIR}/${TARGET}/release"
    fi
    COOKBOOK_CARGO_JOBS=()
    if [[ "${MAKEFLAGS-}" != *jobserver-* ]]; then
        COOKBOOK_CARGO_JOBS=("$(cookbook_jobs)")
    fi
    reexport_flags
}

cookbook_cargo() {
    cookbook_cargo_setup
    "${COOKBOOK_CARGO}" install --path "${COOKBOOK_SOURCE}/${COOKBOOK_CARGO_PATH}" \
        --root "${COOKBOOK_STAGE}/usr" --locked --no-track "${COOKBOOK_CARGO_TARGET[@]}" \
        "${COOKBOOK_CARGO_JOBS[@]}" "${COOKBOOK_CARGO_FLAGS[@]}" "$@"
}

cookbook_cargo_build() {
    cookbook_cargo_setup
    "${COOKBOOK_CARGO}" build --manifest-path "${COOKBOOK_SOURCE}/${COOKBOOK_CARGO_PATH}/Cargo.toml" \
        --release --locked "${COOKBOOK_CARGO_TARGET[@]}" "${COOKBOOK_CARGO_JOBS[@]}" \
        "${COOKBOOK_CARGO_FLAGS[@]}" "$@"
}

# cookbook_cargo_packages PACKAGE...: builds workspace packages and installs their binaries.
cookbook_cargo_packages() {
    local package
    for package in "$@"; do
        cookbook_cargo_build --package "${package}" --bin "${package}"
        install -D -m 0755 "${COOKBOOK_CARGO_OUT}/${package}" "${COOKBOOK_STAGE}/usr/bin/${package}"
    done
}

# Same, naming each binary <recipe>_<package>.
cookbook_cargo_packages_prefixed() {
    local package
    for package in "$@"; do
        cookbook_cargo_build --package "${package}" --bin "${package}"
        install -D -m 0755 "${COOKBOOK_CARGO_OUT}/${package}" \
            "${COOKBOOK_STAGE}/usr/bin/${COOKBOOK_NAME}_${package}"
    done
}

# cookbook_cargo_examples EXAMPLE...: installs examples as <recipe>_<example>.
cookbook_cargo_examples() {
    local example
    for example in "$@"; do
        cookbook_cargo_build --example "${example}"
        install -D -m 0755 "${COOKBOOK_CARGO_OUT}/examples/${example}" \
            "${COOKBOOK_STAGE}/usr/bin/${COOKBOOK_NAME}_${example}"
    done
}

# --- python ------------------------------------------------------------------------------
PYTHON_INIT() {
    COOKBOOK_PYTHON_V="${COOKBOOK_PYTHON_V:-$("${COOKBOOK_PYTHON}" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')}"
    export PYTHONDONTWRITEBYTECODE=1
}

cookbook_python() {
    PYTHON_INIT
    "${COOKBOOK_PYTHON}" -m pip install --no-deps --no-build-isolation --no-index \
        --root "${COOKBOOK_STAGE}" --prefix /usr "${COOKBOOK_PIP_FLAGS[@]}" \
        "${COOKBOOK_SOURCE}/${COOKBOOK_PYPROJECT_PATH:-.}" "$@"
}

# --- after the build ---------------------------------------------------------------------
cookbook_is_elf() {
    [ "$(head -c 4 -- "$1" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]
}

# Strips binaries and libraries in the stage and removes files that must not ship.
cookbook_finish_stage() {
    local stage="${COOKBOOK_STAGE}" dir file
    if [ -z "${COOKBOOK_NOSTRIP}" ] && [ -d "${stage}" ]; then
        if command -v "${STRIP}" >/dev/null 2>&1; then
            for dir in bin usr/bin libexec usr/libexec; do
                [ -d "${stage}/${dir}" ] || continue
                while IFS= read -r -d '' file; do
                    if cookbook_is_elf "${file}"; then
                        "${STRIP}" --strip-all "${file}"
                    fi
                done < <(find "${stage}/${dir}" -type f -print0 | LC_ALL=C sort -z)
            done
            for dir in lib usr/lib; do
                [ -d "${stage}/${dir}" ] || continue
                while IFS= read -r -d '' file; do
                    if cookbook_is_elf "${file}" || [[ "${file}" == *.a ]]; then
                        "${STRIP}" --strip-debug "${file}"
                    fi
                done < <(find "${stage}/${dir}" -type f -print0 | LC_ALL=C sort -z)
            done
        else
            echo "note: ${STRIP} not found; the stage is not stripped"
        fi
    fi
    if [ -d "${stage}" ]; then
        find "${stage}" -name '*.la' -type f -delete
        rm -f "${stage}/usr/.crates.toml" "${stage}/usr/.crates2.json" \
            "${stage}/.crates.toml" "${stage}/.crates2.json"
    fi
}
