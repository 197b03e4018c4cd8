"""Record which of ember's namespace functions take `out=` in torch:
tests/reference/out_functions.json, read by tests/test_out.py.

torch's C-bound functions have no Python signature; their overloads are listed in the type
stub torch/_C/_VariableFunctions.pyi (a function takes out= if some overload has an `out`
parameter). Functions written in Python (torch.functional) have a signature. torch.linalg's
C functions have neither, so their documented signature line is read.

    .venv/bin/python scripts/record_out_functions.py
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RECORDED = REPO / "tests" / "reference" / "out_functions.json"


def _stub_out_names(torch) -> set[str]:
    stub = Path(torch.__file__).parent / "_C" / "_VariableFunctions.pyi"
    names = set()
    for node in ast.parse(stub.read_text()).body:
        if isinstance(node, ast.FunctionDef):
            arguments = node.args.args + node.args.kwonlyargs
            if any(a.arg == "out" for a in arguments):
                names.add(node.name)
    return names


def _takes_out(fn, stub_names: set[str], name: str) -> bool:
    try:
        return "out" in inspect.signature(fn).parameters
    except (TypeError, ValueError):  # a C function
        pass
    if name in stub_names:
        return True
    first = (fn.__doc__ or "").strip().split("\n\n")[0]
    return re.search(r"\bout=None\b", first) is not None


def _public_functions(module) -> list[str]:
    return sorted(name for name in dir(module) if not name.startswith("_")
                  and callable(getattr(module, name))
                  and not isinstance(getattr(module, name), type))


def main() -> None:
    import torch

    sys.path.insert(0, str(REPO / "src"))
    import ember

    stub_names = _stub_out_names(torch)
    found = {}
    for prefix, ours, theirs in (("", ember, torch), ("linalg.", ember.linalg, torch.linalg),
                                 ("special.", ember.special, torch.special)):
        for name in _public_functions(ours):
            fn = getattr(theirs, name, None)
            if fn is None or not callable(fn) or isinstance(fn, type) or inspect.ismodule(fn):
                continue
            if _takes_out(fn, stub_names if not prefix else set(), name):
                found[prefix + name] = True
    RECORDED.write_text(json.dumps({"torch_version": torch.__version__,
                                    "takes_out": sorted(found)}, indent=1) + "\n")
    print(f"{len(found)} functions of ember's namespaces take out= in torch {torch.__version__}")


if __name__ == "__main__":
    main()
