"""``plan serve``: a local web page for the office (installed with ``pip install ".[web]"``).

The page is as thin as the command line: it reads data with the library's loader, checks
rules with the library's rules loader, and makes every plan by running the ``plan`` command
itself. Nothing here imports the web stack until ``plan serve`` starts, so the other
commands work without the extra.
"""
