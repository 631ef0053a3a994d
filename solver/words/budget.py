"""``plan budget``: terminal lines, report labels, scenario names."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
