#!/usr/bin/env python3
"""Independent count of Dagster decorator definitions, made with Python's ast module.

Usage: count_decorators.py ROOT  -> prints JSON {"files": n, "unparsable": n, "defs": [[path, line, name], ...]}

A definition is a function decorated with one of the names below, where the decorator resolves
through the file's imports to dagster (``from dagster import asset [as a]``, ``import dagster as
dg`` + ``@dg.asset``, ``from dagster import *``). Nested definitions (factories) count too.
"""
import ast
import json
import os
import sys

NAMES = {"asset", "multi_asset", "graph_asset", "op", "graph", "job", "schedule", "sensor", "asset_check"}
SKIP = {".git", ".venv", "venv", "node_modules", "build", "dist", "__pycache__", ".tox", "site-packages"}


def is_dagster(mod):
    top = (mod or "").split(".")[0]
    return top == "dagster" or top.startswith("dagster_")


def count_file(path, rel, out):
    with open(path, "rb") as f:
        src = f.read()
    try:
        tree = ast.parse(src)
    except (SyntaxError, ValueError):
        return False
    names, modules, star = {}, set(), False
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and is_dagster(node.module):
            for a in node.names:
                if a.name == "*":
                    star = True
                else:
                    names[a.asname or a.name] = a.name
        elif isinstance(node, ast.Import):
            for a in node.names:
                if is_dagster(a.name):
                    modules.add(a.asname or a.name.split(".")[0])
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for dec in node.decorator_list:
            target = dec.func if isinstance(dec, ast.Call) else dec
            name = None
            if isinstance(target, ast.Name):
                if target.id in names:
                    name = names[target.id]
                elif star and target.id in NAMES:
                    name = target.id
            elif isinstance(target, ast.Attribute):
                base = target.value
                while isinstance(base, ast.Attribute):
                    base = base.value
                if isinstance(base, ast.Name) and base.id in modules:
                    name = target.attr
            if name in NAMES:
                out.append([rel, dec.lineno, name])
                break
    return True


def main():
    root = sys.argv[1]
    defs, files, bad = [], 0, 0
    for d, dirs, fs in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in SKIP and not os.path.exists(os.path.join(d, x, "pyvenv.cfg")))
        for f in sorted(fs):
            if not f.endswith(".py"):
                continue
            p = os.path.join(d, f)
            files += 1
            if not count_file(p, os.path.relpath(p, root), defs):
                bad += 1
    json.dump({"files": files, "unparsable": bad, "defs": defs}, sys.stdout)


if __name__ == "__main__":
    main()
