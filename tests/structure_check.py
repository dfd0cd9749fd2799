#!/usr/bin/python3
"""Checks the shape of the tree that the linker cannot (issue 14):

- services/ never touches RocksDB or a key layout: no file there includes a
  rocksdb/ header, storage/core/keys.h or a storage/<domain>/*_keys.h, or
  names RocksDB's types, a column family (Cf::), Store::GetProto,
  Store::NewIterator or the raw DB (->db()); it reads through the typed
  readers of storage/.
- no file under storage/ or services/ is over 700 lines;
- storage/core includes nothing from a domain folder of storage/.

Usage: structure_check.py SOURCE_DIR. Prints each breach and exits 1 if
there is one. The folder lists are explicit: a new folder is added here.
"""
import os
import re
import sys

SERVICES_FOLDERS = ["server", "auth", "common", "ledger", "registry",
                    "market", "activity", "policy", "cards"]
STORAGE_DOMAINS = ["ledger", "audit", "registry", "market", "activity",
                   "policy", "cards"]
STORAGE_FOLDERS = ["core"] + STORAGE_DOMAINS
MAX_LINES = 700

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
KEY_HEADER = re.compile(r"^storage/(core/keys\.h|[a-z_]+/[a-z_]*_keys\.h)$")
# What only storage/ may name: RocksDB itself and the store's raw access.
RAW_ACCESS = [
    (re.compile(r"\brocksdb::"), "names rocksdb::"),
    (re.compile(r"\bCf::"), "names a column family (Cf::)"),
    (re.compile(r"\bGetProto\s*\("), "calls Store::GetProto"),
    (re.compile(r"\bNewIterator\s*\("), "calls Store::NewIterator"),
    (re.compile(r"(->|\.)db\(\)"), "uses the raw DB (db())"),
]
SOURCE = (".h", ".cc")


def files(root, top, folders):
    for folder in folders:
        base = os.path.join(root, top, folder)
        if not os.path.isdir(base):
            yield None, "%s/%s: folder missing" % (top, folder)
            continue
        for dirpath, _, names in os.walk(base):
            for name in sorted(names):
                if name.endswith(SOURCE):
                    path = os.path.join(dirpath, name)
                    yield path, os.path.relpath(path, root)


def code_lines(path):
    """The lines of `path` with // comments and string literals blanked."""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            stripped = re.sub(r'"(\\.|[^"\\])*"', '""', line)
            yield number, line, stripped.split("//", 1)[0]


def main(root):
    breaches = []
    for path, rel in files(root, "services", SERVICES_FOLDERS):
        if path is None:
            breaches.append(rel)
            continue
        for number, line, code in code_lines(path):
            include = INCLUDE.match(line)
            if include:
                header = include.group(1)
                if header.startswith("rocksdb/"):
                    breaches.append("%s:%d: includes %s" % (rel, number, header))
                elif KEY_HEADER.match(header):
                    breaches.append("%s:%d: includes the key layout %s" %
                                    (rel, number, header))
                continue
            for pattern, what in RAW_ACCESS:
                if pattern.search(code):
                    breaches.append("%s:%d: %s" % (rel, number, what))
    for top, folders in (("storage", STORAGE_FOLDERS),
                         ("services", SERVICES_FOLDERS)):
        for path, rel in files(root, top, folders):
            if path is None:
                continue
            with open(path, encoding="utf-8") as f:
                count = sum(1 for _ in f)
            if count > MAX_LINES:
                breaches.append("%s: %d lines (at most %d)" %
                                (rel, count, MAX_LINES))
    domain = re.compile(r"^storage/(%s)/" % "|".join(STORAGE_DOMAINS))
    for path, rel in files(root, "storage", ["core"]):
        if path is None:
            breaches.append(rel)
            continue
        for number, line, _ in code_lines(path):
            include = INCLUDE.match(line)
            if include and domain.match(include.group(1)):
                breaches.append("%s:%d: the core includes %s" %
                                (rel, number, include.group(1)))
    for breach in breaches:
        print(breach)
    print("%d breach(es)" % len(breaches))
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
