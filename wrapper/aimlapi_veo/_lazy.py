"""Names a package imports from their modules on first use (PEP 562), so that importing the
package costs only what its caller uses (bench/startup.py measures it)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy(
    namespace: dict[str, Any], modules: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of the package whose globals are `namespace`: `modules`
    maps each lazy name to the module defining it; a name, once imported, is kept."""
    package = namespace["__name__"]

    def getattr_(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted(namespace["__all__"])

    return getattr_, dir_
