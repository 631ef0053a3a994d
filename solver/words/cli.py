"""Terminal lines, progress phases and option errors of the ``plan`` commands."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "using_sample": (
        "Using the bundled sample district (pass --data for your own).",
        "使用自带的样例街道数据（用 --data 指定自己的数据）。",
    ),
}
