#!/usr/bin/env python3
"""Checks a .pkgar against the format description with tools independent of MACROHARD's code:
b3sum for BLAKE3, OpenSSL for the Ed25519 signature, Python's lzma for LZMA2.

    check_format.py ARCHIVE PUBLIC_KEY_HEX SOURCE_DIR

Verifies the header fields and signature, the entry table hash, and that every entry's content
(decompressed when the archive is LZMA2) equals the file or symlink target under SOURCE_DIR and
hashes to the entry's BLAKE3. Prints one line per entry; exits 1 on the first mismatch."""
import lzma
import os
import struct
import subprocess
import sys
import tempfile


def fail(message):
    print("check_format: " + message, file=sys.stderr)
    sys.exit(1)


def b3(data):
    out = subprocess.run(["b3sum", "--no-names"], input=data, capture_output=True, check=True)
    return bytes.fromhex(out.stdout.decode().strip())


def verify_signature(header, public_key):
    # An Ed25519 SubjectPublicKeyInfo is a fixed 12-byte DER prefix and the raw key.
    der = bytes.fromhex("302a300506032b6570032100") + public_key
    with tempfile.TemporaryDirectory() as tmp:
        paths = {name: os.path.join(tmp, name) for name in ("key.der", "sig", "msg")}
        for name, data in (("key.der", der), ("sig", header[:64]), ("msg", header[64:136])):
            with open(paths[name], "wb") as f:
                f.write(data)
        result = subprocess.run(
            ["openssl", "pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey",
             paths["key.der"], "-rawin", "-in", paths["msg"], "-sigfile", paths["sig"]],
            capture_output=True)
        if result.returncode != 0:
            fail("OpenSSL rejects the signature: "
                 + result.stdout.decode() + result.stderr.decode())


def main():
    archive_path, public_key_hex, source = sys.argv[1:4]
    public_key = bytes.fromhex(public_key_hex)
    with open(archive_path, "rb") as f:
        data = f.read()
    header = data[:136]
    if header[64:96] != public_key:
        fail("embedded public key differs")
    verify_signature(header, public_key)
    count, version, arch, packaging, reserved = struct.unpack_from("<IBBBB", header, 128)
    if (version, arch, reserved) != (0, 0, 0) or packaging not in (0, 1):
        fail("unexpected flags %d %d %d %d" % (version, arch, packaging, reserved))
    table = data[136:136 + 308 * count]
    if b3(table) != header[96:128]:
        fail("entry table hash differs")
    data_start = 136 + 308 * count
    for i in range(count):
        blake3, offset, size, mode = struct.unpack_from("<32sQQI", table, 308 * i)
        path = table[308 * i + 52:308 * (i + 1)].split(b"\0", 1)[0]
        stored = data[data_start + offset:data_start + offset + size]
        if len(stored) != size:
            fail("entry %r lies outside the file" % path)
        if packaging == 1:
            unpacked_len = struct.unpack_from("<Q", stored)[0]
            decoder = lzma.LZMADecompressor(
                format=lzma.FORMAT_RAW,
                filters=[{"id": lzma.FILTER_LZMA2, "dict_size": 64 << 20}])
            content = decoder.decompress(stored[8:])
            if not decoder.eof or decoder.unused_data or len(content) != unpacked_len:
                fail("entry %r: LZMA2 stream does not decode to its prefix length" % path)
        else:
            content = stored
        if b3(content) != blake3:
            fail("entry %r: content hash differs" % path)
        on_disk = os.path.join(source.encode(), path)
        kind = mode & 0o170000
        if kind == 0o120000:
            expected = os.readlink(on_disk)
        elif kind == 0o100000:
            with open(on_disk, "rb") as f:
                expected = f.read()
        else:
            fail("entry %r: mode %o" % (path, mode))
        if content != expected:
            fail("entry %r: content differs from %r" % (path, on_disk))
        if (mode & 0o7777) != (os.lstat(on_disk).st_mode & 0o7777):
            fail("entry %r: mode %o differs from %r" % (path, mode, on_disk))
        print("ok %s" % path.decode(errors="replace"))


main()
