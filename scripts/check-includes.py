#!/usr/bin/env python3
"""The include graph between the folders of core/ (and what ui/ includes from it).

Fails (exit 1) when two folders of core/ include each other, directly or round a longer cycle, or
when ui/ or core/store/ include a header from core/gateway/. With --graph, prints the edges.

    scripts/check-includes.py [--graph] [SOURCE_DIR]
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def edges(root):
    core = os.path.join(root, "core")
    folders = sorted(d for d in os.listdir(core) if os.path.isdir(os.path.join(core, d)))
    graph = {f: {} for f in folders}
    outside = {}  # (folder of ui/..., header folder) -> example
    for top, label in ((core, None), (os.path.join(root, "ui"), "ui")):
        for dirpath, _, files in os.walk(top):
            for name in files:
                if not name.endswith((".h", ".cpp")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                src = label or os.path.relpath(dirpath, core).split(os.sep)[0]
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                for inc in INCLUDE.findall(text):
                    dst = inc.split("/")[0]
                    if "/" not in inc or dst not in graph or dst == src:
                        continue
                    if label:
                        outside.setdefault((label, dst), f"{rel} includes {inc}")
                    else:
                        graph[src].setdefault(dst, f"{rel} includes {inc}")
    return graph, outside


def cycles(graph):
    found = []
    state = {}
    stack = []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                found.append(stack[stack.index(m):] + [m])
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)
    return found


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = os.path.abspath(args[0] if args else os.path.join(os.path.dirname(__file__), ".."))
    graph, outside = edges(root)
    if "--graph" in sys.argv:
        for src in sorted(graph):
            print(f"{src:10} -> {' '.join(sorted(graph[src])) or '(nothing)'}")
        for (src, dst), why in sorted(outside.items()):
            print(f"{src:10} -> {dst}   ({why})")
    bad = False
    for cycle in cycles(graph):
        bad = True
        print("include cycle: " + " -> ".join(cycle), file=sys.stderr)
        for a, b in zip(cycle, cycle[1:]):
            print(f"    {graph[a][b]}", file=sys.stderr)
    forbidden = [("ui", "gateway")]
    for src, dst in forbidden:
        if (src, dst) in outside:
            bad = True
            print(f"{src}/ must not include {dst}/: {outside[(src, dst)]}", file=sys.stderr)
    if "gateway" in graph.get("store", {}):
        bad = True
        print(f"store/ must not include gateway/: {graph['store']['gateway']}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
