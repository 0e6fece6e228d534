"""The rule vocabulary's registry: every condition key is declared once, with what it
means, the JSON Schema of its argument, an example and the function that compiles it.

The compiler dispatches through a registry; the JSON Schema, the condition reference of
the docs and the error messages that list the keys all read it, so a key added here
appears everywhere at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

KINDS = ("combinator", "leaf", "inventory")


@dataclass(frozen=True)
class ConditionSpec:
    key: str
    kind: str  # combinator | leaf | inventory
    doc: str  # what it tests, one sentence for the docs and the schema
    schema: dict  # JSON Schema of the key's argument
    example: str | None  # YAML, as written in a rule; none for the combinators
    compile: Callable[..., Any]  # (value, path, context) -> compiled condition
    synopsis: str = ""  # a short shape for error messages, e.g. "count: {where, ge}"


class Vocabulary:
    """Condition keys in the order they were declared (the order of docs and schema)."""

    def __init__(self, name: str):
        self.name = name
        self._specs: dict[str, ConditionSpec] = {}

    def declare(self, key: str, *, kind: str, doc: str, schema: dict,
                example: str | None = None, synopsis: str = ""):
        """Decorator: register the decorated compile function under `key`."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")

        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            if key in self._specs:
                raise ValueError(f"{self.name}: {key!r} is declared twice")
            self._specs[key] = ConditionSpec(key, kind, doc, schema, example, fn, synopsis)
            return fn

        return register

    def get(self, key: Any) -> ConditionSpec | None:
        return self._specs.get(key)

    def keys(self) -> list[str]:
        return list(self._specs)

    def __iter__(self) -> Iterator[ConditionSpec]:
        return iter(list(self._specs.values()))

    def __contains__(self, key: Any) -> bool:
        return key in self._specs

    def __len__(self) -> int:
        return len(self._specs)
