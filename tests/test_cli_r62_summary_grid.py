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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_many_mappings_run_on_in_short_whole_lines_off_a_terminal(tmp_path, lang):
    """Review r63 D3: a 35-column sheet with a few long headers gave grid lines of 230–283
    columns, short mappings padded with 50–75 blanks; now lines of at most MAPPING_LINE columns
    (a longer mapping alone), no trailing blanks, every mapping whole and once."""
    from rich.cells import cell_len

    from regiontool.cli.data import MAPPING_LINE

    long_headers = [f"客户所在地的详细注册登记地址说明第{i}栏（含门牌号与邮政编码等信息）" for i in range(3)]
    headers = ["企业名称", "地址", "联系人", "电话", *long_headers, *[f"备用字段{i}" for i in range(28)]]
    path = write_xlsx(
        tmp_path / "宽表.xlsx",
        headers,
        [["宁波四号机械有限公司", "浙江省慈溪市附海镇4号", "张四", "13700000004", *[""] * 31]],
        title=None,
        notes_sheet=False,
    )
    env = {"REGIONTOOL_DB": str(tmp_path / "ws.db"), "COLUMNS": None}
    result = CliRunner().invoke(
        app, ["import", "--lang", lang, "--dry-run", str(path), "--map", f"{long_headers[0]}=scope"], env=env
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    grid = lines[1 : next(n for n, line in enumerate(lines) if line.startswith(("kept", "原样保留")))]
    assert grid and all(line == line.rstrip() for line in grid)
    assert all(cell_len(line) <= MAPPING_LINE or "   " not in line for line in grid), grid
    pairs = [cell for line in grid for cell in line.split("   ")]
    assert sum(long_headers[0] in p for p in pairs) == 1
    assert all(p.count("→") == 1 for p in pairs), pairs
