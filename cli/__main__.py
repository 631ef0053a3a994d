"""``python -m cadreplan.cli`` runs the ``plan`` command."""

from .main import main

main()
