"""``python -m framing``: the command line (the same as the ``framing`` command)."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="framing")
