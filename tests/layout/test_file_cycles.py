#!/usr/bin/env python3
"""No circles of files: within the project's libraries, no file calls a
function of a file that (through others) calls back into it. Read from the
object files of a build: the symbols each defines and the ones it needs.
A circle is printed with the functions that close it.
usage: test_file_cycles.py BUILD_DIR"""
import collections
import glob
import os
import subprocess
import sys

build = sys.argv[1]
objects = (glob.glob(os.path.join(build, "CMakeFiles", "*_objects.dir", "index", "*", "*.o"))
           + glob.glob(os.path.join(build, "CMakeFiles", "ns_server.dir", "src", "server", "*.o"))
           + glob.glob(os.path.join(build, "CMakeFiles", "newssearch.dir", "src", "cli", "*.o")))
defined, needed = {}, {}
for o in objects:
    name = os.path.relpath(o, build).split(".dir/", 1)[1][:-len(".o")]
    symbols = subprocess.run(["nm", o], capture_output=True, text=True, check=True).stdout
    defined[name], needed[name] = set(), set()
    for line in symbols.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDBR":
            defined[name].add(parts[2])
        elif len(parts) == 2 and parts[0] == "U":
            needed[name].add(parts[1])
owner = {s: f for f, syms in defined.items() for s in syms}
calls = collections.defaultdict(set)
for f, syms in needed.items():
    calls[f] |= {owner[s] for s in syms if s in owner and owner[s] != f}

# Tarjan's strongly connected components: each of more than one file is a circle.
index, low, stack, on_stack, circles = {}, {}, [], set(), []


def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on_stack.add(v)
    for w in calls[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on_stack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        group = []
        while True:
            w = stack.pop()
            on_stack.discard(w)
            group.append(w)
            if w == v:
                break
        if len(group) > 1:
            circles.append(sorted(group))


sys.setrecursionlimit(10000)
for f in sorted(defined):
    if f not in index:
        visit(f)
for group in circles:
    print("FAIL circle:", " ".join(group))
    for a in group:
        for b in group:
            if b in calls[a]:
                print(f"  {a} -> {b}:", " ".join(sorted(s for s in needed[a] if owner.get(s) == b)))
ok = len(objects) > 40 and not circles
print(f"{len(objects)} object files, {len(circles)} circles")
sys.exit(0 if ok else 1)
