"""docs/performance.md: the sections the ``benchmark`` and ``loadtest`` commands rewrite."""

from pathlib import Path

from django.conf import settings

DOC = Path(settings.BASE_DIR) / "docs" / "performance.md"


def rewrite_section(key: str, title: str, text: str) -> None:
    """Replace the text between ``<!-- benchmark:KEY:begin/end -->`` in docs/performance.md,
    or append it under a ``## TITLE`` heading the first time."""
    begin, end = f"<!-- benchmark:{key}:begin -->", f"<!-- benchmark:{key}:end -->"
    current = DOC.read_text() if DOC.exists() else "# Performance\n"
    block = f"{begin}\n{text}\n{end}"
    if begin in current and end in current:
        before, rest = current.split(begin, 1)
        current = before + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip("\n") + f"\n\n## {title}\n\n{block}\n"
    DOC.write_text(current)
