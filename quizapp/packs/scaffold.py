"""`quizapp pack new`: a valid pack with one example of every question type."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from quizapp.errors import PackError
from quizapp.i18n import _
from quizapp.packs.text import first_control, neutralise_controls, slug_id
from quizapp.paths import shown_name, undecodable


def scaffold(name: str, into: Path) -> Path:
    """Create `into/<name>/` with pack.yaml and examples.md; refuse to overwrite anything."""
    if undecodable(name):  # made the folder, then crashed printing its name
        raise PackError(
            _(
                "'{name}' is not valid UTF-8 (� marks the bytes that are not); give the name "
                "in UTF-8"
            ).format(name=shown_name(name))
        )
    base = Path(name).name  # `pack new ../x` or `a/b`: the folder made is the last part
    pack_id = slug_id(base)
    if not pack_id:
        raise PackError(
            _(
                "'{name}' has no ASCII letters or digits to make a pack id from (ids use a-z, "
                "0-9, '.', '_', '-'); choose a name like 'tcp-basics' and put a title in any "
                "language in its pack.yaml"
            ).format(name=name)
        )
    target = into / name
    if ".." in Path(name).parts or Path(name).is_absolute() or first_control(name):
        raise PackError(
            _(
                "'{name}' would leave {folder}; give a plain folder name (and --into for where "
                "it goes)"
            ).format(name=neutralise_controls(name), folder=into)
        )
    if target.exists():
        raise PackError(
            _("{path} already exists; choose another name or remove it").format(path=target)
        )
    templates = files("quizapp.packs") / "templates"
    target.mkdir(parents=True)
    title = base.replace("-", " ").replace("_", " ").strip().title() or pack_id
    meta = (templates / "pack.yaml").read_text(encoding="utf-8")
    (target / "pack.yaml").write_text(
        meta.replace("{pack_id}", pack_id).replace("{title}", title), encoding="utf-8"
    )
    (target / "examples.md").write_text(
        (templates / "examples.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return target
