"""pyproject.toml: the declared dependency ranges include the versions the suite runs with."""

import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _requirements() -> dict[str, Requirement]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    return {Requirement(r).name.lower(): Requirement(r) for r in project["dependencies"]}


def test_typer_range_includes_the_installed_typer():
    typer = _requirements()["typer"]
    assert any(s.operator == "<" for s in typer.specifier), "typer needs an upper bound"
    assert typer.specifier.contains(version("typer")), (str(typer), version("typer"))


@pytest.mark.parametrize("name", ["typer", "rich", "rdkit", "chemicals", "openpyxl", "pyyaml",
                                  "jsonschema", "pubchempy"])
def test_every_dependency_is_bounded_and_installed_inside_its_range(name):
    req = _requirements()[name]
    assert {s.operator for s in req.specifier} >= {">=", "<"}, str(req)
    assert req.specifier.contains(version(name)), (str(req), version(name))


def test_metadata_fields():
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert project["license"] == "Apache-2.0"  # an SPDX expression, not {text = ...}
    assert project["classifiers"] and project["keywords"] and project["urls"]
    assert "pandas" not in " ".join(project["dependencies"])
    assert any(r.startswith("pandas") for r in project["optional-dependencies"]["dataframe"])
    build = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["build-system"]
    assert any(Requirement(r).name == "setuptools" and Requirement(r).specifier.contains("77")
               and not Requirement(r).specifier.contains("76") for r in build["requires"])
