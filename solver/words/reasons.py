"""Reasons why a plan leaves an item out, by ``reason.<code>``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
