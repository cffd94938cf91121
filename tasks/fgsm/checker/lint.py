"""Precheck of fgsm: problems 1-3 may use Python's standard library only.

Run by the grader in the checker image as `lint.py` with the submission at /box/submission (or
`lint.py DIR` by hand). Reads every Python file outside experiment/ (where problem 4 may use any
library): *.py files and files whose first line names python. Every import (import, from-import,
__import__ or importlib.import_module with a literal name) of a module that is neither in the
standard library nor a module or package of the submission itself is a finding. It never runs
the code. Prints {"findings": [{"file", "line", "message"}]}; each finding costs every test.
"""
import ast
import json
import os
import sys

FREE = "experiment"


def python_files(root):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not (folder == root and d == FREE) and not d.startswith("."))
        for name in sorted(files):
            path = os.path.join(folder, name)
            if name.endswith(".py") or _python_script(path):
                yield os.path.relpath(path, root)


def _python_script(path):
    try:
        with open(path, "rb") as f:
            first = f.readline(200)
    except OSError:
        return False
    return first.startswith(b"#!") and b"python" in first


def local_modules(root):
    """Names a submission may import from itself: any *.py file or folder in it."""
    names = set()
    for folder, dirs, files in os.walk(root):
        names.update(dirs)
        names.update(n[:-3] for n in files if n.endswith(".py"))
    return names


def imported(tree):
    """(line, top-level module name) of every absolute import in the tree."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]
        elif isinstance(node, ast.Call) and _dynamic_import(node.func) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and not first.value.startswith("."):
                yield node.lineno, first.value.split(".")[0]


def _dynamic_import(func):
    if isinstance(func, ast.Name):
        return func.id in ("__import__", "import_module")
    return isinstance(func, ast.Attribute) and func.attr == "import_module"


def findings(root):
    allowed = set(sys.stdlib_module_names) | local_modules(root)
    found = []
    for relative in python_files(root):
        try:
            with open(os.path.join(root, relative), "rb") as f:
                tree = ast.parse(f.read(), filename=relative)
        except (SyntaxError, ValueError):
            continue   # code Python cannot parse fails on its own when it runs
        except (RecursionError, MemoryError):
            # Nesting too deep for the parser (a valid file may hit it too): this file cannot be
            # checked for imports, so it is reported rather than let through or crash the precheck.
            found.append({"file": relative, "line": 1,
                          "message": "is nested too deeply for Python's parser to read, so its imports cannot be "
                                     "checked: problems 1-3 must be plain Python that ast.parse accepts"})
            continue
        for line, name in sorted(set(imported(tree))):
            if name not in allowed:
                found.append({"file": relative, "line": line,
                              "message": "imports '%s', which is not in Python's standard library: problems 1-3 "
                                         "must use the standard library only (problem 4 code belongs under %s/)" % (name, FREE)})
    return sorted(found, key=lambda f: (f["file"], f["line"]))


if __name__ == "__main__":
    print(json.dumps({"findings": findings(sys.argv[1] if len(sys.argv) > 1 else "/box/submission")}))
