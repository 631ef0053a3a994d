"""The encodings CSV outputs may be written in (``--csv-encoding``); no heavy imports here."""

from __future__ import annotations

#: ``utf-8-sig`` (UTF-8 with a byte-order mark, the default) is what a double-clicked file
#: needs to show Chinese in Excel; ``gb18030`` is what Chinese Excel itself writes as
#: "CSV (逗号分隔)"; plain ``utf-8`` suits scripts.
CSV_ENCODINGS: tuple[str, ...] = ("utf-8-sig", "utf-8", "gb18030")
DEFAULT_CSV_ENCODING = "utf-8-sig"
