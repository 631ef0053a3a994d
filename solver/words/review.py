"""``plan reserves`` and ``plan ratings``: terminal lines and reasons."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
