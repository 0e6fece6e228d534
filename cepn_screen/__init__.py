"""cepn-screen: screen process chemicals for worker hazards and rank safer substitutes.

Python use: ``from cepn_screen import assess, lookup, substitute`` (see cepn_screen.api).
The API is imported on first use, so that ``import cepn_screen`` (and the CLI) stays fast.
"""

from cepn_screen.core.version import __version__

_API = ("assess", "lookup", "substitute", "example_inventory", "AssessResult",
        "LookupResult", "SubstituteResult")
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        import importlib

        return getattr(importlib.import_module("cepn_screen.api"), name)
    raise AttributeError(f"module 'cepn_screen' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
