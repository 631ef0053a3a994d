"""``plan serve``: the command lives in :mod:`cadreplan.cli.web.command`."""

from .web.command import command

__all__ = ["command"]
