"""`regiontool problems` and status list the problems of the files that still supply the workspace:
an edited copy imported under a new name supersedes the older file's problems (re-review r4 #11)."""

from __future__ import annotations

from conftest import contact_rows, write_xlsx


def _listed(cli) -> list[str]:
    result = cli("problems", "-f", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[1:]


def _status_count(cli) -> int:
    import json

    return json.loads(cli("status", "-f", "json").stdout)["problems"]


def test_an_edited_copy_under_a_new_name_supersedes_the_older_files_problems(cli, tmp_path):
    first = write_xlsx(tmp_path / "contacts.xlsx")
    assert cli("import", first).exit_code == 0
    before = _listed(cli)
    assert before and all("contacts.xlsx" in line for line in before)
    assert _status_count(cli) == len(before)

    rows = contact_rows()
    rows[0][4] = "138 1234 9999"  # the copy is edited: a phone changed
    copy = write_xlsx(tmp_path / "contacts_v3.xlsx", rows=rows)
    assert cli("import", copy).exit_code == 0
    after = _listed(cli)
    assert len(after) == len(before)  # each problem once, not once per version
    assert all("contacts_v3.xlsx" in line for line in after)
    assert _status_count(cli) == len(after)
    zh = cli("status")
    assert f"{len(after):,} 条问题" in zh.stdout


def test_another_file_of_other_firms_keeps_its_problems(cli, tmp_path):
    """A second file of other firms (same template) supersedes nothing: both files' problems stay."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    before = _listed(cli)
    other = [
        [1, "余姚市明达轴承厂", "余姚市泗门镇1号", "陈刚", "13800000011", "王海波", "Q", "是", None],
        [2, None, "泗门镇", "林芳", "13800000012", None, None, None, None],
    ]
    assert cli("import", write_xlsx(tmp_path / "yuyao.xlsx", rows=other)).exit_code == 0
    after = _listed(cli)
    assert set(before) < set(after) and any("yuyao.xlsx" in line for line in after)
    assert _status_count(cli) == len(after)
