"""Write one benchmark's section into docs/BENCHMARKS.md, replacing its previous version."""

from pathlib import Path

BENCHMARKS_MD = Path(__file__).resolve().parents[1] / "docs" / "BENCHMARKS.md"


def write_section(title: str, section: str, path: Path = BENCHMARKS_MD) -> None:
    """Replace the section that starts with `title` (a "## " heading), or append it."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if title in text:
        start = text.index(title)
        end = text.find("\n## ", start + len(title))
        rest = "\n" + text[end + 1 :] if end != -1 else ""
        text = text[:start] + section.rstrip("\n") + "\n" + rest
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")
