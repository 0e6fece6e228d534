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


def test_license_file_exists_and_matches_the_spdx_licence():
    """license-files must match a file (setuptools warns otherwise), and that file must be
    the licence pyproject declares."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    root = PYPROJECT.parent
    found = [p for pattern in project["license-files"] for p in root.glob(pattern)]
    assert found, project["license-files"]
    text = found[0].read_text(encoding="utf-8")
    assert project["license"] == "Apache-2.0"
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text


def test_every_data_folder_with_shipped_files_is_a_declared_package():
    """A folder under a package-dir whose files are shipped as package data must itself be
    in `packages`, or setuptools warns that it is 'absent from the packages
    configuration' (and a future setuptools drops it)."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"]
    root = PYPROJECT.parent
    packages = set(config["packages"])
    for package, folder in config["package-dir"].items():
        if package == "cepn_screen":
            continue
        for sub in (root / folder).rglob("*"):
            if sub.is_dir() and any(f.is_file() and not f.name.startswith(".")
                                    for f in sub.iterdir()) and sub.name != "__pycache__":
                dotted = ".".join([package, *sub.relative_to(root / folder).parts])
                assert dotted in packages, f"{sub} ships files but {dotted} is not a package"
                assert dotted in config["package-data"], dotted
    for package, patterns in config["package-data"].items():
        top, _, rest = package.partition("._")
        base = f"{top}._{rest.split('.')[0]}"
        folder = root / config["package-dir"][base] / Path(*package.split(".")[2:])
        assert all("/" not in p for p in patterns), (package, patterns)  # one folder each
        assert any(f for p in patterns for f in folder.glob(p)), (package, patterns)
