"""The tool's version, kept equal to pyproject.toml's by tests/test_packaging.py. It lives
in core so that modules below the package's face (`cepn_screen/__init__.py`, which
re-exports the API) can name it without importing the face."""

__version__ = "0.1.0"
