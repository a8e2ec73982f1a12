"""Review r60, through the CLI on files the tests write: a registry list's 登记状态 gives F2 only to a
firm with no tier anywhere (D1: not over a tier the workspace holds from the manager's sheet); only a
registry status value is read, never a sentence, and 经营状况 is no status column (D2); a firm with a
live row (存续) is not closed by another row of its name (D3)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conftest import explained, imported, write_sheet
from regiontool import normalize, vocab

MINE = ["企业名称", "地址", "联系人", "手机", "客户分类"]
REGISTRY = ["企业名称", "登记状态", "法定代表人", "注册地址"]


def _tier(cli, name: str) -> tuple[str | None, str | None]:
    return explained(cli, name).get("tier", (None, None))


def _registry(tmp_path):
    return write_sheet(
        tmp_path,
        "企查查.xlsx",
        REGISTRY,
        [
            ["宁波四号机械有限公司", "注销", "张四", "浙江省宁波市慈溪市附海镇四号路4号"],
            ["宁波五号贸易有限公司", "吊销，未注销", "张五", "浙江省宁波市慈溪市长河镇五号路5号"],
            ["宁波六号电子有限公司", "注销", "张六", "浙江省宁波市慈溪市坎墩街道六号路6号"],
            ["宁波七号电器有限公司", "注销", "张七", "浙江省宁波市慈溪市龙山镇七号路7号"],
        ],
    )


def _mine(tmp_path, name="客户联系表.xlsx", tiers=("A", "V", "", "")):
    names = ["宁波四号机械有限公司", "宁波五号贸易有限公司", "宁波六号电子有限公司", "宁波七号电器有限公司"]
    rows = [
        [n, f"慈溪市附海镇{i}号路", f"老{i}", f"1370000000{i}", t]
        for i, (n, t) in enumerate(zip(names, tiers, strict=True))
    ]
    return write_sheet(tmp_path, name, MINE, rows)


def test_a_registry_status_never_overrides_a_tier_the_workspace_holds(tmp_path, cli):
    imported(cli, _mine(tmp_path))
    assert cli("set", "宁波七号电器有限公司", "--tier", "B").exit_code == 0
    result = imported(cli, _registry(tmp_path))
    assert _tier(cli, "宁波四号机械有限公司") == ("A", "列“客户分类”")
    assert _tier(cli, "宁波五号贸易有限公司") == ("V", "列“客户分类”")
    assert _tier(cli, "宁波七号电器有限公司")[0] == "B"
    # The firm with no tier anywhere is F2, for its status.
    assert _tier(cli, "宁波六号电子有限公司") == ("F2", "列“登记状态”：注销")
    # The history and the import's changes say what happened: no tier changed but 六号's.
    for name in ("宁波四号机械有限公司", "宁波五号贸易有限公司", "宁波七号电器有限公司"):
        history = json.loads(cli("history", name, "-f", "json").stdout)
        assert not [h for h in history if h["新值"] == "F2"], history
    assert "客户分类 ∅ → F2" in result.output
    assert "V → F2" not in result.output and "A → F2" not in result.output
    # The manager's sheet imported again (unchanged) keeps everything as it is.
    imported(cli, _mine(tmp_path))
    assert _tier(cli, "宁波五号贸易有限公司")[0] == "V"


def test_a_real_tier_replaces_an_f2_that_came_from_a_status(tmp_path, cli):
    imported(cli, _registry(tmp_path))
    assert _tier(cli, "宁波五号贸易有限公司") == ("F2", "列“登记状态”：吊销,未注销")  # the cell as folded
    imported(cli, _mine(tmp_path, "客户联系表_1201.xlsx"))
    assert _tier(cli, "宁波五号贸易有限公司") == ("V", "列“客户分类”")
    assert _tier(cli, "宁波六号电子有限公司") == ("F2", "列“登记状态”：注销")
    # A registry list imported again (another version) leaves the manager's V.
    imported(
        cli, write_sheet(tmp_path, "企查查_2.xlsx", REGISTRY, [["宁波五号贸易有限公司", "注销", "", ""]])
    )
    assert _tier(cli, "宁波五号贸易有限公司") == ("V", "列“客户分类”")


def test_business_condition_sentences_make_no_firm_f2(tmp_path, cli):
    """经营状况 in a manager's sheet is free text: no status column, kept as it is."""
    path = write_sheet(
        tmp_path,
        "客户联系表.xlsx",
        ["企业名称", "地址", "联系人", "手机", "经营状况"],
        [
            ["慈溪乙塑料有限公司", "慈溪市周巷镇乙路2号", "乙", "13900000002", "良好，去年关闭了一条生产线"],
            ["慈溪丙五金有限公司", "慈溪市观海卫镇丙路3号", "丙", "13900000003", "已停业"],
            ["慈溪戊电器有限公司", "慈溪市长河镇戊路5号", "戊", "13900000005", "生产正常，资金清算完毕"],
        ],
    )
    result = imported(cli, path)
    assert "原样保留：经营状况" in result.output
    for name in ("慈溪乙塑料有限公司", "慈溪丙五金有限公司", "慈溪戊电器有限公司"):
        assert _tier(cli, name)[0] is None


def test_a_status_sentence_in_a_status_column_says_nothing(tmp_path, cli):
    path = write_sheet(
        tmp_path,
        "名单.xlsx",
        REGISTRY,
        [
            ["慈溪乙塑料有限公司", "未停业", "", "慈溪市周巷镇乙路2号"],
            ["慈溪丙五金有限公司", "疫情期间停业三个月，现已恢复正常", "", "慈溪市观海卫镇丙路3号"],
            ["慈溪丁五金有限公司", "注销（2019-05-01）", "", "慈溪市观海卫镇丁路3号"],
        ],
    )
    imported(cli, path)
    assert _tier(cli, "慈溪乙塑料有限公司")[0] is None
    assert _tier(cli, "慈溪丙五金有限公司")[0] is None
    assert _tier(cli, "慈溪丁五金有限公司") == ("F2", "列“登记状态”：注销(2019-05-01)")


def test_a_live_row_of_the_same_name_keeps_the_firm_live(tmp_path, cli):
    path = write_sheet(
        tmp_path,
        "企查查.xlsx",
        REGISTRY,
        [
            ["宁波华峰电器有限公司", "注销", "王十", "浙江省宁波市慈溪市龙山镇华峰路10号"],
            [
                "宁波华峰电器有限公司",
                "存续（在营、开业、在册）",
                "李十",
                "浙江省宁波市慈溪市龙山镇华峰路10号",
            ],
            ["宁波华丰电器有限公司", "注销", "王十", "浙江省宁波市慈溪市龙山镇华峰路12号"],
            ["宁波华丰电器有限公司", "吊销，未注销", "李十", "浙江省宁波市慈溪市龙山镇华峰路12号"],
        ],
    )
    imported(cli, path)
    assert _tier(cli, "宁波华峰电器有限公司")[0] is None
    assert _tier(cli, "宁波华丰电器有限公司") == ("F2", "列“登记状态”：注销")


_STAGED = """
import json, sqlite3, sys
from regiontool import importer
from regiontool.store import Workspace, bulk
bulk.MIN_ROWS = 0
importer.PARALLEL_MIN_FIRMS = 0
prepared = importer.prepare_import(sys.argv[1])
ws = Workspace.open(sys.argv[2], create=True)
try:
    importer.run_import(ws, prepared)
finally:
    ws.close()
con = sqlite3.connect(sys.argv[2])
print(json.dumps(dict(con.execute("SELECT name, tier FROM companies").fetchall())))
"""


def test_a_first_import_written_by_the_staging_process_keeps_the_status_f2(tmp_path):
    """Past bulk.MIN_ROWS firms another process writes the new firms: after tier_from_status."""
    from regiontool.forked import can_fork
    from regiontool.store import bulk

    if not can_fork() or not bulk.available():
        pytest.skip("no second process or no ADBC SQLite driver here")
    path = _registry(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", _STAGED, str(path), str(tmp_path / "w.db")],
        capture_output=True,
        text=True,
        check=True,
    )
    tiers = json.loads(out.stdout)
    assert tiers["宁波四号机械有限公司"] == "F2" and tiers["宁波五号贸易有限公司"] == "F2", tiers


# --- the parser ----------------------------------------------------------------------------------

_CLOSED_WORDS = ("注销", "吊销", "撤销", "清算", "停业", "歇业", "关闭", "破产", "註銷")
_STATUS_KEYS = {
    normalize.text_key(s) for s in (*vocab.REGISTRY_CLOSED_STATUSES, *vocab.REGISTRY_LIVE_STATUSES)
}


@given(
    st.text(alphabet="未从已去年疫情期间生产良好资金完毕三个月现恢复正常了一条线，。 ", max_size=8),
    st.sampled_from(_CLOSED_WORDS),
    st.text(alphabet="未从已去年疫情期间生产良好资金完毕三个月现恢复正常了一条线，。 ", max_size=8),
)
def test_a_sentence_holding_a_closure_word_is_no_closed_status(before, word, after):
    text = before + word + after
    assume(normalize.text_key(text) not in _STATUS_KEYS)
    assert not normalize.registry_closed(text)


@given(
    st.sampled_from(vocab.REGISTRY_CLOSED_STATUSES),
    st.sampled_from(["", "（2019-05-01）", "(吊销日期：2015-03-01)", " "]),
    st.sampled_from(["", " ", "　"]),
)
def test_a_closed_status_with_a_bracketed_detail_is_closed(status, detail, pad):
    assert normalize.registry_closed(pad + status + detail)


def test_negations_are_not_closed():
    for text in ("未停业", "从未停业", "良好，去年关闭了一条生产线", "生产正常，资金清算完毕", "已关闭"):
        assert not normalize.registry_closed(text), text
    assert normalize.registry_status("存续（在营、开业、在册）") == "live"
    assert normalize.registry_status("吊销,未注销") == "closed"
