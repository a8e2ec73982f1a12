"""An import stopped by the user (Ctrl-C, SIGTERM) says truthfully what was written."""

from __future__ import annotations

from pathlib import Path

from conftest import dump, write_xlsx
from regiontool.vocab import STOPPED_LINES


def _companies(db: Path) -> int:
    return len(dump(db).get("companies", []))


def test_a_ctrl_c_after_the_commit_does_not_say_nothing_was_written(
    cli, db: Path, tmp_path: Path, monkeypatch
):
    """The COMMIT is done, the summary not yet printed: exit 130 with a line saying the import was
    saved, never 已中断，未写入任何内容 (the data is there)."""
    from regiontool.cli import data

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(data, "_print_import", interrupted)
    result = cli("import", write_xlsx(tmp_path / "good.xlsx"))
    assert result.exit_code == 130 and result.stderr.strip() == STOPPED_LINES["interrupted_saved"][0]
    assert "未写入" not in result.stderr and "已保存" in result.stderr
    assert _companies(db) == 4
    result = cli("import", write_xlsx(tmp_path / "other.xlsx"), "--lang", "en")
    assert result.exit_code == 130 and result.stderr.strip() == STOPPED_LINES["interrupted_saved"][1]


def test_a_ctrl_c_at_the_commit_itself_still_says_nothing_was_written(
    cli, db: Path, tmp_path: Path, monkeypatch
):
    """Before the COMMIT went through nothing was saved, and the line says so (the count of commits
    is not raised by a commit that did not happen)."""
    assert cli("import", write_xlsx(tmp_path / "good.xlsx")).exit_code == 0
    before = dump(db)
    from regiontool.store.db import Database

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(Database, "commit", interrupted)
    more = tmp_path / "more.csv"
    more.write_text("企业名称,联系人\n余姚新光电器厂,吴刚\n", encoding="utf-8")
    result = cli("import", more)
    assert result.exit_code == 130 and result.stderr.strip() == STOPPED_LINES["interrupted"][0]
    monkeypatch.undo()
    assert dump(db) == before
