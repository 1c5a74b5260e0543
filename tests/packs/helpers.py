"""Build small packs on disk for tests."""

from __future__ import annotations

from pathlib import Path

PACK_YAML = """\
id: {pack_id}
version: 1.0.0
title: {{en: Test pack, zh-CN: 测试题库}}
description: {{en: For tests., zh-CN: 测试用。}}
languages: [en, zh-CN]
license: CC0-1.0
authors: [Tester]
"""

BODY = """\
[en]
{prompt}

[en.explanation]
Because.

[zh-CN]
中文{prompt}

[zh-CN.explanation]
因为。
"""


def question(header: str, prompt: str = "Question?", body: str | None = None) -> str:
    """One question block: header lines (without ---) and a bilingual body."""
    return f"---\n{header.strip()}\n---\n{body if body is not None else BODY.format(prompt=prompt)}"


def write_pack(
    root: Path, files: dict[str, str], pack_id: str = "demo", meta: str | None = None
) -> Path:
    """Create `root/pack_id/` with pack.yaml and the given Markdown files."""
    pack = root / pack_id
    pack.mkdir(parents=True, exist_ok=True)
    (pack / "pack.yaml").write_text(
        meta if meta is not None else PACK_YAML.format(pack_id=pack_id), encoding="utf-8"
    )
    for name, text in files.items():
        path = pack / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return pack
