"""``plan serve``: the page's words."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
