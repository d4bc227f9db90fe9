#!/usr/bin/env python3
"""Checks that every target's `import` lines match the dependencies Package.swift declares for it.

For each target: every Pulse module (or C system module) imported by one of its files must be a
declared dependency, and every declared dependency must be imported by at least one file. Exits
non-zero naming each mismatch. Run by `make test` (target check-imports).
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parents[2]
package = (root / "Package.swift").read_text()
targets = {}
for match in re.finditer(r'\.(target|executableTarget|testTarget|systemLibrary)\(\s*name:\s*"([^"]+)"(.*?)\)\s*,?\s*\n', package, re.S):
    kind, name, rest = match.groups()
    deps = re.search(r'dependencies:\s*\[([^\]]*)\]', rest)
    path = re.search(r'path:\s*"([^"]+)"', rest)
    default = ("Tests/" if kind == "testTarget" else "Sources/") + name
    targets[name] = {
        "kind": kind,
        "deps": set(re.findall(r'"([^"]+)"', deps.group(1))) if deps else set(),
        "path": root / (path.group(1) if path else default),
    }

modules = set(targets)
problems = []
for name, target in targets.items():
    if target["kind"] == "systemLibrary":
        continue
    imported = {}
    for source in target["path"].rglob("*.swift"):
        for line in source.read_text().splitlines():
            found = re.match(r'\s*(?:@testable\s+|@_implementationOnly\s+)?import\s+(\w+)', line)
            if found and found.group(1) in modules:
                imported.setdefault(found.group(1), source.relative_to(root))
    for module, source in sorted(imported.items()):
        if module not in target["deps"]:
            problems.append(f"{name}: {source} imports {module}, which Package.swift does not declare")
    for module in sorted(target["deps"] - set(imported)):
        problems.append(f"{name}: declares {module} in Package.swift but no file imports it")

for problem in problems:
    print(problem)
print(f"imports: {len(targets)} targets checked, {len(problems)} mismatches")
sys.exit(1 if problems else 0)
