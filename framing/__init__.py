"""framing: measure how news is framed."""
__version__ = "0.1.0"
