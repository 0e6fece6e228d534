from cepn_screen.cli.app import app, main

__all__ = ["app", "main"]
