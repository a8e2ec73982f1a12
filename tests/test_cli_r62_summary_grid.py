"""Review r62 D1, through the CLI on a file the test writes: the import summary's column mappings,
sent to a file or a pipe (not a terminal, 80 columns), are never cut or folded, the long address
fallback line (通信地址 → address (where 注册地址 is blank)) neither, in English and in Chinese."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from conftest import write_xlsx
from regiontool import vocab
from regiontool.cli import app

HEADERS = [
    "企业名称",
    "登记状态",
    "注册地址",
    "所属行业",
    "联系人",
    "电话",
    "客户分类",
    "通信地址",
    "送货地址",
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_mappings_stay_whole_off_a_terminal(tmp_path, lang):
    path = write_xlsx(
        tmp_path / "企查查.xlsx",
        HEADERS,
        [
            [
                "宁波四号机械有限公司",
                "存续",
                "",
                "C29",
                "张四",
                "13700000004",
                "B",
                "浙江省慈溪市附海镇4号",
                "仓库",
            ]
        ],
        title=None,
        notes_sheet=False,
    )
    env = {"REGIONTOOL_DB": str(tmp_path / "ws.db"), "COLUMNS": None}  # no width given: rich's 80
    result = CliRunner().invoke(app, ["import", "--lang", lang, "--dry-run", str(path)], env=env)
    assert result.exit_code == 0, result.output
    fallback = vocab.IMPORT_LINES["address_fallback"][lang == "en"].format(
        header="通信地址", first="注册地址"
    )
    lines = result.output.splitlines()
    assert any(fallback in line for line in lines), result.output
    assert "…" not in result.output
    grid = lines[1 : next(n for n, line in enumerate(lines) if line.startswith(("kept", "原样保留")))]
    shown = [cell.strip() for line in grid for cell in line.split("   ") if cell.strip()]
    mapped = ("企业名称", "登记状态", "注册地址", "所属行业", "联系人", "电话", "客户分类", "通信地址")
    assert len(shown) == len(mapped) and all(
        cell.startswith(h) for cell, h in zip(shown, mapped, strict=True)
    )
