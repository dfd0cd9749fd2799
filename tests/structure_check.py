#!/usr/bin/python3
"""Checks the shape of the tree that the linker cannot (issue 14):

- services/ never touches RocksDB or a key layout: no file there includes a
  rocksdb/ header, storage/core/keys.h or a storage/<domain>/*_keys.h, or
  names RocksDB's types, a column family (Cf::), Store::GetProto,
  Store::NewIterator or the raw DB (->db()); it reads through the typed
  readers of storage/.
- no file under storage/ or services/ is over 700 lines;
- the libraries of storage/CMakeLists.txt and services/CMakeLists.txt (one
  per folder) form a DAG, and a file includes only headers of its own
  folder and of the folders its library reaches there: so storage/core
  includes no domain, storage/market nothing of policy, services/common
  nothing of a service. The one exception is storage/domains.h, the table's
  declaration, which the core and ledger name for the default of their
  `const DomainTable&` arguments (the caller links the table).

Usage: structure_check.py SOURCE_DIR. Prints each breach and exits 1 if
there is one. The folder lists are explicit: a new folder is added here.
"""
import os
import re
import sys

SERVICES_FOLDERS = ["server", "auth", "common", "ledger", "registry",
                    "market", "activity", "policy", "cards", "export",
                    "report"]
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

# A library of ours and the folder it is built from; jiamei_storage is the
# table (storage/domains.cc, storage/domains.h).
LIBRARY = re.compile(r"^jiamei_(storage|services)(?:_([a-z]+))?$")
FOLDER_OF_LIBRARY = {"jiamei_backup_files": "storage/backup"}
DEFINES = re.compile(
    r"\b(jiamei_storage_library|jiamei_services_folder|add_library|"
    r"target_link_libraries)\(([^)]*)\)")
TABLE_HEADER = "storage/domains.h"


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


def folder_of_library(name):
    """The folder `name` is built from, or None for another project's."""
    if name in FOLDER_OF_LIBRARY:
        return FOLDER_OF_LIBRARY[name]
    match = LIBRARY.match(name)
    if not match:
        return None
    top, folder = match.groups()
    return top if folder is None else "%s/%s" % (top, folder)


def folder_of_header(header):
    """The folder of storage/ or services/ a header belongs to, or None."""
    if header == TABLE_HEADER:
        return "storage"
    parts = header.split("/")
    if len(parts) >= 3 and parts[0] in ("storage", "services"):
        return "%s/%s" % (parts[0], parts[1])
    return None


def library_links(root):
    """{library: [our libraries it links]}, read from the two CMakeLists."""
    links = {}
    for top in ("storage", "services"):
        with open(os.path.join(root, top, "CMakeLists.txt"),
                  encoding="utf-8") as f:
            text = re.sub(r"#[^\n]*", "", f.read())
        for command, args in DEFINES.findall(text):
            words = args.split()
            if not words or "${" in words[0]:
                continue
            name = words[0]
            if command == "jiamei_services_folder":
                name = "jiamei_services_" + name
            linked = words[1:]
            if command in ("jiamei_storage_library", "jiamei_services_folder"):
                linked = linked[linked.index("LINKS") + 1:] \
                    if "LINKS" in linked else []
            elif command == "add_library":
                linked = []
            ours = [w for w in linked if folder_of_library(w) is not None]
            links.setdefault(name, []).extend(ours)
    return links


def find_cycle(links):
    """A cycle of `links` as a list of libraries, or None."""
    state = {}

    def visit(node, path):
        state[node] = "open"
        for to in links.get(node, []):
            if state.get(to) == "open":
                return path[path.index(to):] + [to]
            if to not in state:
                cycle = visit(to, path + [to])
                if cycle:
                    return cycle
        state[node] = "done"
        return None

    for node in sorted(links):
        if node not in state:
            cycle = visit(node, [node])
            if cycle:
                return cycle
    return None


def reachable_folders(links):
    """{folder: the folders its libraries reach through their links}."""
    reach = {}
    for start in links:
        seen, todo = set(), list(links[start])
        while todo:
            lib = todo.pop()
            if lib in seen:
                continue
            seen.add(lib)
            todo.extend(links.get(lib, []))
        folder = folder_of_library(start)
        reach.setdefault(folder, set()).update(
            folder_of_library(lib) for lib in seen)
    return reach


def dag_breaches(root):
    """The cycles of the libraries, and each include their links do not
    allow."""
    links = library_links(root)
    cycle = find_cycle(links)
    if cycle:
        return ["the libraries link in a cycle: " + " -> ".join(cycle)]
    reach = reachable_folders(links)
    breaches = []
    for top, folders in (("storage", STORAGE_FOLDERS + ["backup"]),
                         ("services", SERVICES_FOLDERS)):
        for path, rel in files(root, top, folders):
            if path is None:
                continue
            own = "/".join(rel.split("/")[:2])
            for number, line, _ in code_lines(path):
                include = INCLUDE.match(line)
                if not include:
                    continue
                header = include.group(1)
                to = folder_of_header(header)
                if to is None or to == own or to in reach.get(own, ()):
                    continue
                if header == TABLE_HEADER and top == "storage":
                    continue
                breaches.append(
                    "%s:%d: includes %s, but %s's library does not link "
                    "%s's" % (rel, number, header, own, to))
    return breaches


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
    breaches.extend(dag_breaches(root))
    for breach in breaches:
        print(breach)
    print("%d breach(es)" % len(breaches))
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
