"""cepn-screen: screen process chemicals for worker hazards and rank safer substitutes."""

__version__ = "0.1.0"
