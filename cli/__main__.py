"""``python -m cadreplan.cli`` runs the ``plan`` command (Ctrl-C handled from the start)."""

from .entry import main

main()
