"""Generate the example workbooks regiontool's README and benchmarks run on.

A seeded, deterministic generator (standard library + xlsxwriter only) of a
realistically messy 客户联系表 of 浙江省宁波市慈溪市 and of the order list of
its existing customers (tier V):

    python examples/make_examples.py                 # examples/contacts.xlsx, orders.xlsx
    python examples/make_examples.py --rows 20000 --seed 7 --out-dir /tmp/x

Importable (add examples/ to sys.path): ``contact_rows``,
``write_contacts_xlsx``, ``write_contacts_csv``, ``write_orders_xlsx``,
``main``.

What the contact sheet holds on purpose, for an importer to cope with:

* a "填表说明" sheet first, then "客户联系表" with a merged title row, a note
  row and the header in row 3 — headers mixing simplified and traditional;
* about 1.65 rows per firm, a firm's rows mostly adjacent, some scattered;
  its name varied on some rows (traditional characters, inner/trailing or
  full-width spaces, full-width parentheses); ~0.6 % of the rows belong to a
  near-duplicate of another firm under a different-looking name
  (宁波华峰电器有限公司 / 慈溪市华峰电器厂);
* addresses in many written forms (prefixes, spaces, full-width digits,
  traditional characters), development zones without a township, blanks;
* phones in every common shape, ~10 % of rows with a phone as a number cell;
* tier codes in varied spellings, Chinese descriptions and a few invalid
  codes; yes/no in a dozen spellings; sizes as numbers, ranges and words;
* formula-like 备注 texts (``=HYPERLINK(...)``, ``+86 ...``) stored as text;
* ~0.8 % fully blank rows and ~0.3 % rows with a contact but no company.

The firms of tier V never sit in 长河镇, 周巷镇 or 新浦镇 (the source's "dense
towns without a closed customer"). Street and village names are plausible
for their township, not a verified gazetteer.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import gc
import random
import re
import sys
import zlib
from pathlib import Path

DEFAULT_SEED = 20261125
DEFAULT_ROWS = 5000

SHEET_NAME = "客户联系表"
README_SHEET = "填表说明"
ORDERS_SHEET = "订单明细"
TITLE = "2026年慈溪区域客户联系表（内部资料，请勿外传）"
EXPORT_NOTE = "导出日期：2026-11-20"
EXPORT_DATE = dt.date(2026, 11, 20)
_CREATED = dt.datetime(2026, 11, 20, 9, 30)  # fixed, so the files are byte-for-byte reproducible

HEADERS = [
    "序号",
    "企業名稱",
    "地址",
    "聯繫人",
    "职务",
    "手机",
    "电话",
    "区域经理",
    "客户分类",
    "是否关键联系人",
    "員工人數",
    "年产值（万元）",
    "经营范围",
    "备注",
    "来源",
    "现用软件",
]
COL_WIDTHS = [6, 34, 46, 10, 11, 17, 18, 9, 9, 8, 11, 11, 40, 26, 9, 12]
# The product a firm runs today (现用软件): E and F1 firms use a competitor's; some others
# too; drawn from each firm's own generator so the rest of the sheet stays as it was.
COMPETITORS = ["用友U8", "金蝶K3", "用友T3", "金蝶KIS", "鼎捷T100", "浪潮GS", "管家婆", "速达"]
COMPETITOR_WEIGHTS = [30, 26, 12, 10, 8, 5, 5, 4]
ORDER_HEADERS = ["客户名称", "订单日期", "产品", "数量", "金额", "订单编号"]

README_LINES = [
    "填表说明",
    "",
    "1. 本表由各区域经理维护，每月25日前更新，更新后发区域总监汇总。",
    "2. 同一企业有多个联系人的，请分行填写，企业名称请与营业执照保持一致。",
    "3. 客户分类请填写代码：A 可以上门拜访；B 近期不上，但有规划；C 愿意对ERP进行了解；"
    "D 明确不上；E 使用对手产品情况不好；F1 良好使用对手产品；F2 注销/倒闭；"
    "F3 行业不匹配、不具规模；O 无法掌握情况；V 我方用户。暂未分类的留空。",
    "4. 是否关键联系人：决策人或能影响决策的人填“是”，其余填“否”。",
    "5. 员工人数、年产值以工商登记或客户口述为准，年产值单位为万元。",
    "6. 来源：展会、工商名录、购买名单、转介绍、网络。",
    "7. 本表为公司内部资料，请勿外传。",
]

# --------------------------------------------------------------------------
# pools

# (county, township, weight, streets and villages). County "" = a development
# zone, written without a township.
TOWNS = [
    ("慈溪市", "浒山街道", 5, ["三北大街", "青少年宫路", "孙塘北路", "界牌路", "开发大道"]),
    ("慈溪市", "白沙路街道", 4, ["白沙路", "明州路", "北三环东路", "担山路"]),
    ("慈溪市", "古塘街道", 4, ["古塘路", "孙塘南路", "南二环东路", "峙山路"]),
    ("慈溪市", "宗汉街道", 7, ["宗兴路", "百两村", "庙山村", "新界村", "宗汉工业园区"]),
    ("慈溪市", "坎墩街道", 6, ["兴坎路", "沈师桥村", "坎中村", "坎墩工业园区"]),
    ("慈溪市", "逍林镇", 5, ["樟新北路", "林家村", "逍林工业园区", "桥南村"]),
    ("慈溪市", "周巷镇", 10, ["环城北路", "兴业北路", "万安庄村", "天元村", "周西公路"]),
    ("慈溪市", "长河镇", 8, ["垫桥村", "镇东路", "长河大道", "沧田村", "大云村", "芦庵公路"]),
    ("慈溪市", "胜山镇", 5, ["胜山村", "四灶浦村", "胜山工业园区", "胜山大道"]),
    ("慈溪市", "新浦镇", 8, ["新浦大道", "水湘村", "老浦村", "六塘南路", "新浦工业园区"]),
    ("慈溪市", "观海卫镇", 9, ["卫山路", "观附公路", "工业园东区", "鸣鹤村", "师东村"]),
    ("慈溪市", "掌起镇", 4, ["掌起工业区", "任佳溪村", "古窑浦村", "厉家村"]),
    ("慈溪市", "附海镇", 4, ["附海大道", "海南村", "东海村", "附海工业园区"]),
    ("慈溪市", "桥头镇", 4, ["吴山村", "五姓点村", "桥头工业园区", "潭南村"]),
    ("慈溪市", "匡堰镇", 3, ["匡堰工业园区", "倡隆村", "上林村", "高家村"]),
    ("慈溪市", "横河镇", 5, ["彭东村", "子陵村", "梅湖村", "横河工业园区", "秦堰村"]),
    ("慈溪市", "龙山镇", 4, ["龙山大道", "西门外村", "范市村", "伏龙山路"]),
    ("慈溪市", "崇寿镇", 3, ["崇寿大道", "六塘村", "崇寿工业园区", "傅家路村"]),
    ("慈溪市", "庵东镇", 3, ["兴庵路", "庵东工业园区", "西二村", "华兴村"]),
    ("余姚市", "泗门镇", 2, ["谢家路村", "泗门工业园区", "光明路", "万圣村"]),
    ("余姚市", "小曹娥镇", 1, ["曹娥村", "滨海产业园", "朗海村"]),
    ("余姚市", "朗霞街道", 1, ["朗霞工业园区", "杨家村", "王家路村"]),
    ("", "杭州湾新区", 2, ["滨海二路", "兴慈一路", "金源大道", "玉海东路", "滨海四路"]),
    ("", "慈溪经济开发区", 2, ["新兴大道", "兴业路", "智能装备产业园"]),
]
NO_V_TOWNS = {"长河镇", "周巷镇", "新浦镇"}

# manager → townships owned (a few firms go to another manager or none)
MANAGERS = {
    "王海波": ["周巷镇", "长河镇", "庵东镇", "崇寿镇", "泗门镇", "小曹娥镇", "朗霞街道", "杭州湾新区"],
    "陈丽娜": ["新浦镇", "胜山镇", "逍林镇", "宗汉街道", "坎墩街道"],
    "孙志强": ["浒山街道", "白沙路街道", "古塘街道", "慈溪经济开发区"],
    "徐敏": ["观海卫镇", "掌起镇", "附海镇", "桥头镇"],
    "沈晓东": ["横河镇", "匡堰镇", "龙山镇"],
}
MANAGER_NAMES = list(MANAGERS)
TOWN_MANAGER = {town: m for m, towns in MANAGERS.items() for town in towns}

# industry word in the firm name, weight (% of firms), category, scopes
_SCOPE_ELEC = [
    "电器配件、家用电器制造、加工",
    "小家电、电器配件制造、加工；自营和代理货物和技术的进出口",
    "电子元器件、电线、插头插座制造、加工",
    "电机、电器配件、五金配件制造、加工、批发、零售",
    "仪器仪表、电子产品研发、制造、加工",
    "照明电器、灯具、电子镇流器制造、加工",
]
_SCOPE_HW = [
    "五金配件、机械配件制造、加工",
    "五金工具、紧固件、金属制品制造、加工",
    "通用机械设备及配件制造、加工、批发",
    "轴承、轴承配件、五金件制造、加工",
    "机电设备、液压件、气动元件制造、加工",
]
INDUSTRIES = [
    # 电子电器 36
    ("电器", 12.0, "电子电器", _SCOPE_ELEC),
    ("电子", 7.0, "电子电器", _SCOPE_ELEC),
    ("电机", 3.0, "电子电器", _SCOPE_ELEC),
    ("电气", 3.0, "电子电器", _SCOPE_ELEC),
    ("家电", 2.0, "电子电器", _SCOPE_ELEC),
    ("仪表", 2.0, "电子电器", _SCOPE_ELEC),
    ("照明电器", 2.0, "电子电器", _SCOPE_ELEC),
    ("电子科技", 2.0, "电子电器", _SCOPE_ELEC),
    ("开关", 1.5, "电子电器", _SCOPE_ELEC),
    ("小家电", 1.5, "电子电器", _SCOPE_ELEC),
    # 五金机械 24
    ("五金", 6.0, "五金机械", _SCOPE_HW),
    ("机械", 6.0, "五金机械", _SCOPE_HW),
    ("机电", 3.0, "五金机械", _SCOPE_HW),
    ("五金工具", 2.0, "五金机械", _SCOPE_HW),
    ("轴承", 2.0, "五金机械", _SCOPE_HW),
    ("五金制品", 2.0, "五金机械", _SCOPE_HW),
    ("精密机械", 1.5, "五金机械", _SCOPE_HW),
    ("紧固件", 1.5, "五金机械", _SCOPE_HW),
    # the rest
    ("模具", 3.0, "模具", ["模具、塑料制品制造、加工", "五金模具、注塑模具设计、制造"]),
    ("塑料", 2.5, "塑料", ["塑料制品、塑料配件制造、加工", "塑料粒子、塑料制品批发、零售"]),
    ("塑胶", 1.5, "塑料", ["塑胶制品、橡胶制品制造、加工"]),
    ("汽配", 1.5, "汽配", ["汽车配件、摩托车配件制造、加工"]),
    ("汽车部件", 1.5, "汽配", ["汽车零部件及配件制造、加工；货物进出口"]),
    ("包装", 2.0, "纸业包装印刷", ["纸箱、纸盒、塑料包装制品制造、加工"]),
    ("印刷", 1.0, "纸业包装印刷", ["包装装潢印刷品、其他印刷品印刷"]),
    ("纸业", 0.5, "纸业包装印刷", ["纸制品、纸箱制造、加工"]),
    ("文具", 1.5, "文具玩具工艺品", ["文具用品、办公用品制造、加工"]),
    ("玩具", 1.0, "文具玩具工艺品", ["玩具、塑料玩具制造、加工"]),
    ("工艺品", 1.0, "文具玩具工艺品", ["工艺品、礼品制造、加工、批发"]),
    ("家具", 1.5, "家具洁具", ["家具、木制品制造、加工"]),
    ("洁具", 1.0, "家具洁具", ["洁具、卫生洁具配件制造、加工"]),
    ("卫浴", 1.5, "卫浴", ["卫浴洁具、水暖管件、阀门制造、加工"]),
    ("建材", 2.0, "建筑建材", ["建筑材料、装饰材料批发、零售", "新型建材制造、加工"]),
    ("化工", 2.0, "化工", ["化工原料及产品（除危险化学品）批发、零售", "涂料、胶粘剂制造"]),
    ("线缆", 1.5, "物流线缆", ["电线电缆、通信线缆制造、加工"]),
    ("物流", 0.5, "物流线缆", ["普通货运、货物仓储服务"]),
    ("日用品", 1.5, "休闲用品日用品", ["日用品、塑料日用品制造、加工"]),
    ("休闲用品", 0.5, "休闲用品日用品", ["户外休闲用品、帐篷制造、加工"]),
    ("贸易", 3.0, "贸易", ["自营和代理货物和技术的进出口；五金交电、日用品批发、零售"]),
    ("工贸", 3.0, "工贸", ["五金配件、塑料制品制造、加工；自营和代理货物和技术的进出口"]),
    ("纺织", 1.0, "其他", ["纺织品、针织品制造、加工"]),
    ("服饰", 1.0, "其他", ["服装、服饰制造、加工"]),
    ("食品", 1.0, "其他", ["食品生产、销售"]),
    ("科技", 1.0, "其他", ["技术开发、技术咨询；电子产品销售"]),
]
_PRODUCT_WORDS = {"塑料", "塑胶", "包装", "电器", "文具", "玩具", "家具", "洁具"}  # …制品厂
_TRADING_WORDS = {"贸易", "工贸", "物流", "科技", "电子科技"}
_FACTORY_WORDS = {"贸易", "工贸", "物流", "科技", "电子科技", "食品"}

_BRAND_A = "华宏金鑫永新恒天东海明光嘉凯威诚德信宇佳顺昌富祥瑞安康鸿飞腾博创卓星晨银荣正元"
_BRAND_B = "峰达鑫兴盛泰丰利源通力德信宇美佳隆祥富海光辉龙腾捷迪科越星联众合益强友方圣业辰"
_BRAND_FIRST = ["华峰", "宏达", "金鑫", "永佳", "东方", "天龙", "恒通", "新兴", "鸿业", "明光"]


def _brand_pool(size: int = 300) -> list[str]:
    combos = [a + b for a in _BRAND_A for b in _BRAND_B if a != b]
    random.Random(1).shuffle(combos)
    pool = list(_BRAND_FIRST)
    for c in combos:
        if len(pool) >= size:
            break
        if c not in pool:
            pool.append(c)
    return pool


BRANDS = _brand_pool()
_BRAND_THIRD = "达兴盛通利源丰泰昌隆鑫辉宇嘉福瑞祥恒发佳和诚德新光华明威凯"

PREFIXES = ["宁波", "慈溪市", "宁波市", "", "慈溪"]
PREFIX_W = [30, 35, 10, 20, 5]
YUYAO_PREFIXES = ["余姚市", "宁波", ""]
ZONE_PREFIXES = ["宁波", "宁波杭州湾新区", ""]

SURNAMES = "胡陈王孙徐沈叶岑施罗马俞邵杨周张李刘吴黄赵朱郑钱孔方余潘冯陆袁蒋韩魏谢宋唐许邹金"
GIVEN1 = "伟芳敏静丽强磊军洋勇艳杰娟涛明超霞平刚辉峰飞斌波燕琴雪红华"
GIVEN2 = [
    "建国",
    "国强",
    "志强",
    "海波",
    "丽娟",
    "晓燕",
    "伟东",
    "建军",
    "红英",
    "雪芳",
    "立新",
    "春华",
    "秀英",
    "桂芳",
    "海燕",
    "建华",
    "志明",
    "文杰",
    "俊杰",
    "浩然",
    "宇航",
    "晓东",
    "亚军",
    "振华",
    "永明",
    "国平",
    "建平",
    "美娟",
    "丽萍",
    "燕萍",
    "慧敏",
    "婷婷",
    "佳琪",
    "欣怡",
    "杰锋",
    "明辉",
    "建良",
    "国良",
    "金华",
    "金龙",
    "永刚",
    "伟军",
    "雪梅",
    "玲玲",
    "立峰",
    "海军",
    "杰辉",
    "晓峰",
    "文斌",
    "国忠",
    "松林",
    "红波",
    "益民",
    "志刚",
    "建峰",
    "惠芬",
    "月芬",
    "爱娣",
]
TITLES = [
    "总经理",
    "董事长",
    "副总经理",
    "厂长",
    "采购经理",
    "采购",
    "财务",
    "财务经理",
    "会计",
    "IT主管",
    "网管",
    "信息部经理",
    "办公室主任",
    "行政",
    "生产经理",
    "销售经理",
    "老板",
    "老板娘",
    "",
]
TITLES_W = [12, 6, 5, 6, 10, 6, 8, 5, 4, 4, 3, 2, 6, 4, 4, 5, 3, 2, 10]
DECISION_TITLES = {"总经理", "董事长", "副总经理", "厂长", "老板", "老板娘", "信息部经理"}

MOBILE_PREFIXES = [
    "138",
    "139",
    "137",
    "136",
    "135",
    "134",
    "150",
    "151",
    "152",
    "157",
    "158",
    "159",
    "182",
    "183",
    "187",
    "188",
    "130",
    "131",
    "132",
    "155",
    "156",
    "185",
    "186",
    "133",
    "153",
    "180",
    "181",
    "189",
    "177",
    "199",
]

TIERS = ["A", "B", "C", "D", "E", "F1", "F2", "F3", "O", "V", "", "!"]
TIERS_W = [6, 10, 15, 20, 4, 3, 3, 5, 12, 5, 16, 1]
TIER_VARIANTS = {
    "A": ["a", "Ａ", " A ", "A "],
    "B": ["b", "Ｂ", " B ", "B "],
    "C": ["c", "Ｃ", " C ", "C "],
    "D": ["d", "Ｄ", " D ", "D "],
    "E": ["e", "Ｅ", " E ", "E "],
    "F1": ["f1", "Ｆ１", "F 1", "F-1", "F1 "],
    "F2": ["f2", "Ｆ２", "F 2", "F-2", "F2 "],
    "F3": ["f3", "Ｆ３", "F 3", "F-3", "F3 "],
    "O": ["o", "Ｏ", " O ", "O "],
    "V": ["v", "Ｖ", " V ", "V "],
}
TIER_WORDS = {"V": "我方用户", "D": "明确不上", "O": "无法掌握情况", "F2": "注销"}
INVALID_TIERS = ["X", "A+", "大客户"]

KEY_YES = ["是", "是的", "Y", "yes", 1, "√", "✓", "关键"]
KEY_YES_W = [40, 5, 5, 3, 5, 5, 3, 4]
KEY_NO = ["否", "不是", "N", "no", 0, "×", "非关键"]
KEY_NO_W = [40, 5, 5, 3, 5, 5, 4]

SOURCES = ["工商名录", "购买名单", "展会", "网络", "转介绍"]
SOURCES_W = [35, 20, 20, 15, 10]

NOTES = {
    "A": ["老板有意向，约下周上门", "已约演示", "年后准备上系统", "要求报价"],
    "B": ["明年有规划", "新厂房建好后再说", "预算明年做", "等集团统一选型"],
    "C": ["愿意了解，发资料", "邀请参加研讨会", "对库存模块感兴趣"],
    "D": ["明确不上", "老板觉得没必要", "用Excel够了"],
    "E": ["用金蝶K3，问题多", "用友U8实施失败", "管家婆不好用，想换", "鼎捷用得不满意"],
    "F1": ["用友U8在用，满意", "金蝶云星空用得不错", "SAP B1 在用"],
    "F2": ["已注销", "厂已关", "倒闭了", "电话空号，已搬走"],
    "F3": ["规模太小", "家庭作坊", "纯贸易，不匹配"],
    "O": ["电话没人接", "前台不让转", "联系人已离职", "待核实"],
    "V": ["2024年上线标准版", "老客户，服务好", "可做样板客户", "续费待跟进"],
    "": ["待分类", "名片", "展会收集"],
    "!": ["重点跟进", "大客户"],
}
GENERIC_NOTES = ["已发微信", "发过邮件", "需回访", "老板姓胡", "下午联系", "同上", "见附件"]
FORMULA_NOTES = ['=HYPERLINK("http://x")', "+86 客户要求回电", "-待回访-", "@张经理 跟进"]
NAMELESS_NOTES = ["名片，公司名不详", "展会扫码，未留公司", "", "待补公司名"]

EMP_BANDS = [(20, "20人以下"), (50, "20-49人"), (100, "50-99人"), (500, "100-499人")]
EMP_BANDS += [(1000, "500-999人"), (10**9, "1000人以上")]

PRODUCTS = ["ERP标准版", "ERP专业版", "实施服务", "年度维护", "二次开发"]

# --------------------------------------------------------------------------
# character tables: simplified → traditional for the characters the names and
# addresses use (made once with opencc s2t, checked to round-trip with t2s);
# the generator itself needs no opencc.

_TRAD_PAIRS = (
    "万萬业業东東两兩丰豐云雲产產仪儀众眾余餘关關兴興内內凯凱创創区區华華卫衛厂廠厉厲发發号號吴吳园園圣聖垫墊备備头頭孙孫宁寧"
    "宫宮寿壽师師庄莊庙廟开開强強恒恆担擔机機杨楊桥橋横橫气氣汉漢沧滄洁潔济濟浒滸湾灣滨濱点點环環电電窑窯紧緊纸紙纺紡线線织織"
    "经經缆纜联聯胜勝胶膠腾騰艺藝芦蘆荣榮装裝观觀诚誠谢謝责責贸貿车車轴軸辉輝达達银銀镇鎮长長门門闲閒顺順飞飛饰飾鸣鳴鸿鴻鹤鶴"
    "龙龍"
)

_TRAD = str.maketrans(_TRAD_PAIRS[0::2], _TRAD_PAIRS[1::2])
_FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_FW_PARENS = str.maketrans("()", "（）")
_HW_PARENS = str.maketrans("（）", "()")


def to_trad(text: str) -> str:
    """Simplified → traditional, character by character (for the pools here)."""
    return text.translate(_TRAD)


# --------------------------------------------------------------------------
# helpers


_TS = 4000  # lookup-table size: a weighted choice is table[int(rnd() * _TS)]


def _table(items, weights) -> list:
    """A lookup table for weighted choice (one index, no call, per draw)."""
    items = list(items)
    cum, acc = [], 0.0
    for w in weights:
        acc += w
        cum.append(acc)
    return [items[bisect.bisect_right(cum, (k + 0.5) / _TS * acc)] for k in range(_TS)]


_TOWN_T = _table(range(len(TOWNS)), [t[2] for t in TOWNS])
_TOWN_T_V = _table(range(len(TOWNS)), [0 if t[1] in NO_V_TOWNS else t[2] for t in TOWNS])
_IND_T = _table(range(len(INDUSTRIES)), [i[1] for i in INDUSTRIES])
_TIER_T = _table(TIERS, TIERS_W)
_PREFIX_T = _table(PREFIXES, PREFIX_W)
_TITLE_T = _table(TITLES, TITLES_W)
_YES_T = _table(KEY_YES, KEY_YES_W)
_NO_T = _table(KEY_NO, KEY_NO_W)
_SOURCE_T = _table(SOURCES, SOURCES_W)
_ROWS_T = _table([1, 2, 3, 4], [55, 30, 10, 5])


class Firm:
    """One company as the generator knows it (its rows vary the written forms)."""

    __slots__ = (
        "name",
        "prefix",
        "brand",
        "word",
        "tail",
        "paren",
        "county",
        "town",
        "place",
        "number",
        "addr_form",
        "landline",
        "manager",
        "tier",
        "employees",
        "emp_cell",
        "rev_cell",
        "scope",
        "source",
        "nrows",
        "twin_of",
    )


def _firm_name(prefix: str, brand: str, word: str, tail: str, paren: str) -> str:
    if paren:  # 华峰电器（慈溪）有限公司
        return f"{brand}{word}（{paren}）{tail}"
    return f"{prefix}{brand}{word}{tail}"


def _address(f: Firm, form: int) -> str:
    """The firm's address written in one of several forms (0–7)."""
    county, town, place, num = f.county, f.town, f.place, f.number
    if not county:  # development zone, no township
        if form in (0, 4):
            return f"浙江省宁波市{town}{place}{num}号"
        if form in (1, 5):
            return f"宁波{town}{place}{num}号"
        if form == 3:
            return f"宁波 {town} {place} {num} 号"
        return f"{town}{place}{num}号"
    short = county[:2]
    if form == 0:
        return f"浙江省宁波市{county}{town}{place}{num}号"
    if form == 1:
        return f"{short}{town}{place}{num}号"
    if form == 2:
        return f"{town}{place}{num}号"
    if form == 3:
        return f"宁波市{county} {town} {place} {num} 号"
    if form == 4:
        return f"宁波市{county}{town}{place}{num}号"
    if form == 5:
        return f"{county}{town}{place}{num}号"
    if form == 6:
        return f"浙江{short}{town}{place}{num}号"
    return f"浙江省{county}{town}{place}{num}号"


def _size_cells(rnd, employees: int) -> tuple[object, object]:
    r = rnd()
    if r < 0.45:
        emp = employees
    elif r < 0.65:
        emp = next(label for limit, label in EMP_BANDS if employees < limit)
    elif r < 0.73:
        emp = f"约{max(10, round(employees, -1))}人"
    elif r < 0.83:
        emp = f"{employees}人"
    elif r < 0.86 and employees < 50:
        emp = "50人以下"
    else:
        emp = ""
    revenue = employees * (20 + int(rnd() * 60))  # 万元
    revenue = max(50, round(revenue, -2) if revenue >= 1000 else round(revenue, -1))
    r = rnd()
    if r < 0.47:
        rev: object = revenue
    elif r < 0.52:
        rev = revenue + 0.5
    elif r < 0.62:
        rev = f"约{revenue}"
    elif r < 0.66:
        rev = f"{revenue}万"
    else:
        rev = ""
    return emp, rev


def _employees(rnd, tier: str) -> int:
    r = rnd()
    if tier == "F3":
        r *= 0.45  # mostly micro
    elif tier == "V":
        r = 0.25 + r * 0.75
    if r < 0.25:
        lo, hi = 3, 19
    elif r < 0.80:
        lo, hi = 20, 299
    elif r < 0.97:
        lo, hi = 300, 999
    else:
        lo, hi = 1000, 3000
    return int(lo * (hi / lo) ** rnd())  # log-uniform


# --------------------------------------------------------------------------
# generation

_NB = len(BRANDS)
_NB3 = _NB * len(_BRAND_THIRD)
_STEPS = tuple(
    p
    for p in (7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83)
    if _NB % p and _NB3 % p  # coprime to both pool sizes: the walks visit every brand
)


class _Brands:
    """Hands out brands not yet used with an industry word, in O(1).

    Each word walks the brand pool in its own order (start + i·step, step
    coprime to the pool size), then the 3-character brands (华峰 + 达), then
    gives up on uniqueness.
    """

    __slots__ = ("rnd", "used", "state")

    def __init__(self, rnd, used: set[str] | None = None):
        self.rnd = rnd
        self.used = set() if used is None else used
        self.state: dict[str, list[int]] = {}

    def take(self, word: str) -> str:
        st = self.state.get(word)
        if st is None:
            rnd = self.rnd
            st = self.state[word] = [int(rnd() * _NB3), _STEPS[int(rnd() * len(_STEPS))], 0]
        used = self.used
        while True:
            i = st[2]
            st[2] = i + 1
            if i < _NB:
                brand = BRANDS[(st[0] + i * st[1]) % _NB]
            elif i < _NB + _NB3:
                j = (st[0] + (i - _NB) * st[1]) % _NB3
                brand = BRANDS[j % _NB] + _BRAND_THIRD[j // _NB]
            else:
                return BRANDS[int(self.rnd() * _NB)]
            if brand + word not in used:
                used.add(brand + word)
                return brand


def _make_firm(rnd, brands: _Brands, tier: str | None = None, fixed: tuple = ()) -> Firm:
    """A random firm; fixed = (prefix, brand, word, tail) pins its name."""
    f = Firm()
    f.tier = _TIER_T[int(rnd() * _TS)] if tier is None else tier
    tpos = (_TOWN_T_V if f.tier == "V" else _TOWN_T)[int(rnd() * _TS)]
    county, town, _w, places = TOWNS[tpos]
    f.county, f.town = county, town
    f.place = places[int(rnd() * len(places))]
    f.number = str(int(1 + 300 * rnd() ** 2) if f.place.endswith("村") else int(1 + 999 * rnd()))
    f.addr_form = -1 if rnd() < 0.03 else int(rnd() * 7.5)
    word, _w, _cat, scopes = INDUSTRIES[_IND_T[int(rnd() * _TS)]]
    if fixed:
        word = fixed[2]
        scopes = next(i[3] for i in INDUSTRIES if i[0] == word)
    f.word = word
    if fixed:
        brand = fixed[1]
        brands.used.add(brand + word)
    else:
        brand = brands.take(word)
    f.brand = brand
    f.employees = _employees(rnd, f.tier)
    if county == "余姚市":
        f.prefix = YUYAO_PREFIXES[int(rnd() * 3)]
    elif not county:
        f.prefix = ZONE_PREFIXES[int(rnd() * 3)]
    else:
        f.prefix = _PREFIX_T[int(rnd() * _TS)]
    r = rnd()
    if f.employees >= 300 and r < 0.25 and word not in _TRADING_WORDS:
        tail = "股份有限公司"
    elif r < 0.22 and word not in _FACTORY_WORDS:
        plain = rnd() < 0.75 or word not in _PRODUCT_WORDS
        tail = "厂" if plain else "制品厂"
    elif r < 0.28:
        tail = "有限责任公司"
    else:
        tail = "有限公司"
    if fixed:
        f.prefix, tail = fixed[0], fixed[3]
    f.tail = tail
    f.paren = (
        ""
        if fixed
        else ("慈溪" if county == "慈溪市" else "宁波")
        if tail == "有限公司" and rnd() < 0.06
        else ""
    )
    f.name = _firm_name(f.prefix, brand, word, tail, f.paren)
    f.landline = "" if rnd() < 0.2 else _landline_digits(rnd, county)
    r = rnd()
    if r < 0.02:
        f.manager = ""
    elif r < 0.12:
        f.manager = MANAGER_NAMES[int(rnd() * len(MANAGER_NAMES))]
    else:
        f.manager = TOWN_MANAGER[town]
    f.emp_cell, f.rev_cell = _size_cells(rnd, f.employees)
    f.scope = "" if rnd() < 0.15 else scopes[int(rnd() * len(scopes))]
    f.source = _SOURCE_T[int(rnd() * _TS)]
    f.nrows = 1
    f.twin_of = None
    return f


def _landline_digits(rnd, county: str) -> str:
    if county == "余姚市":
        head = "62"
    elif not county:
        head = "89"
    else:
        head = "63" if rnd() < 0.75 else "58"
    return head + str(100000 + int(rnd() * 900000))


def _twin(rnd, orig: Firm, names: set[str], forced: tuple = ()) -> Firm | None:
    """A different-looking name for the same company (宁波华峰电器有限公司 / 慈溪市华峰电器厂)."""
    t = Firm()
    for slot in Firm.__slots__:
        setattr(t, slot, getattr(orig, slot))
    t.twin_of = orig
    t.paren = ""
    for _ in range(6):
        kind = int(rnd() * 4)
        prefix, word, tail = orig.prefix, orig.word, orig.tail
        if kind == 0:  # other prefix and factory/company swapped
            prefix = [p for p in ("宁波", "慈溪市", "") if p != orig.prefix][int(rnd() * 2)]
            tail = "有限公司" if tail.endswith("厂") else "厂"
        elif kind == 1:  # prefix added or dropped
            prefix = "" if orig.prefix else "慈溪市"
        elif kind == 2:  # 电器 → 电器制造
            word = word + ("制造" if word not in _TRADING_WORDS else "发展")
        else:  # 有限公司 ↔ 有限责任公司 / 股份有限公司
            tail = "有限责任公司" if tail != "有限责任公司" else "有限公司"
            if rnd() < 0.5:
                prefix = "宁波" if orig.prefix != "宁波" else "慈溪市"
        if forced:
            prefix, word, tail = forced
        name = _firm_name(prefix, orig.brand, word, tail, "")
        if name.replace(" ", "") not in names:
            break
    else:
        return None
    t.prefix, t.word, t.tail, t.name = prefix, word, tail, name
    t.tier = orig.tier if rnd() < 0.5 else ""
    t.addr_form = int(rnd() * 7.5)
    t.nrows = 1 + (rnd() < 0.3)
    t.source = _SOURCE_T[int(rnd() * _TS)]
    return t


def _build(n: int, seed: int) -> tuple[list[list], list[Firm]]:
    """All rows (n of them) and the firms behind them."""
    # the cyclic GC would rescan the growing heap again and again: ~20 % of the time
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_rows(n, seed)
    finally:
        if was_enabled:
            gc.enable()


def _build_rows(n: int, seed: int) -> tuple[list[list], list[Firm]]:
    rng = random.Random(seed)
    rnd = rng.random
    n_blank = n * 8 // 1000
    n_nameless = n * 3 // 1000
    n_twins = n * 6 // 1000
    budget = n - n_blank - n_nameless

    # twins take 1–2 rows each; base firms fill the rest
    brands = _Brands(rnd)
    firms: list[Firm] = []
    twin_rows = n_twins * 13 // 10 if n_twins else 0
    base_budget = max(0, budget - twin_rows)
    total = 0
    showcase = None  # 宁波华峰电器有限公司, doubled below as 慈溪市华峰电器厂
    if n_twins and base_budget:
        showcase = _make_firm(rnd, brands, tier="C", fixed=("宁波", "华峰", "电器", "有限公司"))
        showcase.nrows = min(3, base_budget)
        total += showcase.nrows
        firms.append(showcase)
    while total < base_budget:
        f = _make_firm(rnd, brands)
        f.nrows = min(_ROWS_T[int(rnd() * _TS)], base_budget - total)
        total += f.nrows
        firms.append(f)

    names = {f.name for f in firms}
    twins: list[Firm] = []
    candidates = [f for f in firms[1:] if f.tier != "!" and not f.paren]
    chosen = rng.sample(candidates, min(n_twins - 1, len(candidates))) if n_twins else []
    if showcase is not None:
        chosen.insert(0, showcase)
    for orig in chosen:
        forced = ("慈溪市", "电器", "厂") if orig is showcase else ()
        t = _twin(rnd, orig, names, forced)
        if t is not None:
            names.add(t.name)
            twins.append(t)
    # the twins' rows must fit the budget exactly: trim or pad with base firms
    extra = budget - total - sum(t.nrows for t in twins)
    for t in twins:  # first shorten two-row twins, then drop twins
        if extra < 0 and t.nrows > 1:
            t.nrows -= 1
            extra += 1
    while extra < 0 and twins:
        extra += twins.pop().nrows
    while extra > 0:
        f = _make_firm(rnd, brands)
        f.nrows = min(_ROWS_T[int(rnd() * _TS)], extra)
        extra -= f.nrows
        firms.append(f)

    # row groups: a firm's rows adjacent; ~10 % of multi-row firms lose a row elsewhere
    groups: list[tuple[Firm, int, int]] = []  # (firm, first contact index, count)
    for f in firms:
        if f.nrows > 1 and rnd() < 0.10:
            groups.append((f, 0, f.nrows - 1))
            groups.append((f, f.nrows - 1, 1))
        else:
            groups.append((f, 0, f.nrows))
    groups.extend((t, 0, t.nrows) for t in twins)
    rng.shuffle(groups)

    rows: list[list] = []
    for f, first, count in groups:
        _firm_rows(rnd, f, first, count, rows)

    # nameless and blank rows at random inner positions (never first or last)
    for _ in range(n_nameless):
        rows.insert(1 + int(rnd() * max(1, len(rows) - 1)), _nameless_row(rnd))
    blank = [""] * len(HEADERS)
    for _ in range(n_blank):
        rows.insert(1 + int(rnd() * max(1, len(rows) - 1)), list(blank))

    for row in rows:  # rows made before the 现用软件 column (nameless ones) get it blank
        row.extend([""] * (len(HEADERS) - len(row)))
    _place_formula_notes(rnd, rows)
    seq = 0
    for row in rows:
        if row[1] or row[3] or row[5] != "":
            seq += 1
            row[0] = seq
    assert len(rows) == n, (len(rows), n)
    return rows, firms + twins


def _name_variant(r: float, f: Firm) -> str:
    name = f.name
    if r < 0.80:
        return name
    if r < 0.86:
        return to_trad(name)
    if r < 0.89:
        return name + " "
    if r < 0.92:
        if f.prefix and not f.paren:
            return f"{f.prefix} {name[len(f.prefix) :]}"
        return f"{name[:2]} {name[2:]}"
    if r < 0.93:
        return "\u3000" + name if r < 0.925 else name + "\u3000"
    if r < 0.945:
        return name.translate(_HW_PARENS) if f.paren else " " + name
    if r < 0.96:
        return name.replace("有限", " 有限", 1)
    if r < 0.965:
        return to_trad(name) + " "
    return name


def _address_variant(r: float, f: Firm) -> str:
    if f.addr_form < 0 or r < 0.05:
        return ""
    # mostly the firm's own form, otherwise any form (0–7)
    addr = _address(f, f.addr_form if r < 0.70 else int((r - 0.70) * 26.6))
    if r > 0.90:
        addr = to_trad(addr)
    elif 0.62 < r < 0.70 or 0.82 < r < 0.86:
        addr = addr.translate(_FW_DIGITS)
    return addr


def _mobile(rnd) -> str:
    return MOBILE_PREFIXES[int(rnd() * len(MOBILE_PREFIXES))] + str(10000000 + int(rnd() * 90000000))


def _mobile_cell(rnd, m: str) -> object:
    r = rnd()
    if r < 0.60:
        return m
    if r < 0.68:
        return int(m)  # a number cell, as exported sheets have
    if r < 0.75:
        return f"{m[:3]} {m[3:7]} {m[7:]}"
    if r < 0.80:
        return f"{m[:3]}-{m[3:7]}-{m[7:]}"
    if r < 0.84:
        return f"+86 {m}"
    if r < 0.86:
        return f"+86{m}"
    if r < 0.89:
        return m.translate(_FW_DIGITS)
    if r < 0.93:
        return f"{m}{'/、，'[int(rnd() * 3)]}{_mobile(rnd)}"
    return ""


def _landline_cell(rnd, d: str) -> object:
    if not d:
        return ""
    r = rnd()
    if r < 0.45:
        return f"0574-{d}"
    if r < 0.55:
        return f"(0574){d}"
    if r < 0.60:
        return f"（0574）{d}"
    if r < 0.72:
        return d
    if r < 0.76:
        return int(d)
    if r < 0.80:
        return f"0574-{d}{'-' if r < 0.78 else '转'}{800 + int(rnd() * 30)}"
    if r < 0.83:
        return f"0574 {d}"
    if r < 0.85:
        return f"0574-{d}".translate(_FW_DIGITS)
    return ""


def _person_pool(size: int = 4096) -> list[str]:
    rnd = random.Random(2).random
    return [_make_person(rnd) for _ in range(size)]


def _make_person(rnd) -> str:
    r = rnd()
    s = SURNAMES[int(rnd() * len(SURNAMES))]
    if r < 0.05:
        return ""
    if r < 0.10:
        return s + "总"
    if r < 0.13:
        return s + ("先生", "小姐", "女士", "经理")[int(rnd() * 4)]
    if r < 0.40:
        return s + GIVEN1[int(rnd() * len(GIVEN1))]
    if r < 0.43:  # 王　伟, padded to three characters
        return s + "\u3000" + GIVEN1[int(rnd() * len(GIVEN1))]
    return s + GIVEN2[int(rnd() * len(GIVEN2))]


PERSONS = _person_pool()
_NP = len(PERSONS)


def _tier_cell(rnd, tier: str) -> str:
    if not tier:
        return ""
    if tier == "!":
        return INVALID_TIERS[int(rnd() * len(INVALID_TIERS))]
    r = rnd()
    if r < 0.72:
        return tier
    if r < 0.93:
        v = TIER_VARIANTS[tier]
        return v[int(rnd() * len(v))]
    return TIER_WORDS.get(tier, tier)


def _key_cell(rnd, title: str) -> object:
    r = rnd()
    if r < 0.30:
        return ""
    if r < 0.302:
        return "待定"
    yes = rnd() < (0.7 if title in DECISION_TITLES else 0.25)
    return (_YES_T if yes else _NO_T)[int(rnd() * _TS)]


def _note_cell(rnd, tier: str) -> str:
    r = rnd()
    if r < 0.80:
        return ""
    if r < 0.93:
        pool = NOTES[tier]
        return pool[int(rnd() * len(pool))]
    if r < 0.997:
        return GENERIC_NOTES[int(rnd() * len(GENERIC_NOTES))]
    return FORMULA_NOTES[int(rnd() * len(FORMULA_NOTES))]


def _firm_rows(rnd, f: Firm, first: int, count: int, out: list[list]) -> None:
    prev: list | None = None
    prev_mobile = ""
    for i in range(first, first + count):
        if prev is not None and rnd() < 0.03:  # the same person listed twice
            row = list(prev)
            row[5] = _mobile_cell(rnd, prev_mobile)
            row[9] = _key_cell(rnd, row[4])
            row[14] = _SOURCE_T[int(rnd() * _TS)]
            out.append(row)
            continue
        title = _TITLE_T[int(rnd() * _TS)]
        prev_mobile = _mobile(rnd)
        r = rnd()
        row = [
            "",
            _name_variant(r, f),
            _address_variant(rnd(), f),
            PERSONS[int(rnd() * _NP)],
            title,
            _mobile_cell(rnd, prev_mobile),
            _landline_cell(rnd, f.landline),
            f.manager,
            "" if (i and rnd() < 0.15) else _tier_cell(rnd, f.tier),
            _key_cell(rnd, title),
            f.emp_cell,
            f.rev_cell,
            f.scope if rnd() < 0.9 else "",
            _note_cell(rnd, f.tier),
            f.source if rnd() < 0.85 else ("" if rnd() < 0.4 else _SOURCE_T[int(rnd() * _TS)]),
            _competitor_cell(f, i),
        ]
        out.append(row)
        prev = row


def _competitor_cell(f: Firm, i: int) -> str:
    """现用软件 of a firm's i-th row, from a generator seeded by the firm's name (not `rnd`)."""
    own = random.Random(zlib.crc32(f.name.encode("utf-8")))
    uses = {"E": 1.0, "F1": 1.0, "V": 0.0, "F2": 0.1, "F3": 0.1}.get(f.tier, 0.2)
    if own.random() >= uses:
        return ""
    product = own.choices(COMPETITORS, COMPETITOR_WEIGHTS)[0]
    blank_later = own.random() < 0.3  # later rows of a firm often leave it out
    return "" if i and blank_later else product


def _nameless_row(rnd) -> list:
    title = _TITLE_T[int(rnd() * _TS)]
    name = PERSONS[int(rnd() * _NP)] or SURNAMES[int(rnd() * len(SURNAMES))] + "总"
    tpos = _TOWN_T[int(rnd() * _TS)]
    return [
        "",
        "",
        TOWNS[tpos][1] if rnd() < 0.3 else "",
        name,
        title,
        _mobile(rnd),
        "",
        MANAGER_NAMES[int(rnd() * len(MANAGER_NAMES))] if rnd() < 0.7 else "",
        "",
        _key_cell(rnd, title),
        "",
        "",
        "",
        NAMELESS_NOTES[int(rnd() * len(NAMELESS_NOTES))],
        "展会" if rnd() < 0.6 else "网络",
    ]


def _place_formula_notes(rnd, rows: list[list]) -> None:
    """Each formula-like note at least once (on a company row)."""
    if len(rows) < 200:
        return
    for text in FORMULA_NOTES:
        for _ in range(50):
            row = rows[int(rnd() * len(rows))]
            if row[1] and not row[13]:
                row[13] = text
                break


# --------------------------------------------------------------------------
# public API


def contact_rows(n: int, seed: int = DEFAULT_SEED) -> tuple[list[str], list[list]]:
    """Headers and n data rows (blank rows included) of the contact sheet.

    Cells are str ("" for empty), int or float.
    """
    rows, _firms = _build(n, seed)
    return list(HEADERS), rows


def write_contacts_xlsx(path, n: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED) -> None:
    """The contact workbook: sheet 填表说明, then 客户联系表 (title, note, header, rows)."""
    import xlsxwriter

    headers, rows = contact_rows(n, seed)
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    wb.set_properties({"title": TITLE, "author": "王海波", "created": _CREATED})
    readme = wb.add_worksheet(README_SHEET)
    bold = wb.add_format({"bold": True, "font_size": 14})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    readme.set_column(0, 0, 100)
    for i, line in enumerate(README_LINES):
        if line:
            readme.write_string(i, 0, line, bold if i == 0 else wrap)

    ws = wb.add_worksheet(SHEET_NAME)
    title_fmt = wb.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
    note_fmt = wb.add_format({"italic": True, "font_color": "#808080", "font_size": 9})
    head_fmt = wb.add_format(
        {
            "bold": True,
            "bg_color": "#DDEBF7",
            "border": 1,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
        }
    )
    last_col = len(headers) - 1
    ws.merge_range(0, 0, 0, last_col, TITLE, title_fmt)
    ws.set_row(0, 30)
    ws.write_string(1, 0, EXPORT_NOTE, note_fmt)
    ws.set_row(2, 30)
    for c, (h, w) in enumerate(zip(headers, COL_WIDTHS, strict=True)):
        ws.write_string(2, c, h, head_fmt)
        ws.set_column(c, c, w)
    ws_string, ws_number = ws.write_string, ws.write_number
    for r, row in enumerate(rows, start=3):
        for c, v in enumerate(row):
            if v == "":
                continue
            if isinstance(v, str):
                ws_string(r, c, v)
            else:
                ws_number(r, c, v)
    ws.freeze_panes(3, 0)
    ws.autofilter(2, 0, 2 + len(rows), last_col)
    ws.activate()
    wb.close()


def write_contacts_csv(
    path, n: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED, encoding: str = "utf-8-sig"
) -> None:
    """The same headers and rows as a CSV file (no title row)."""
    headers, rows = contact_rows(n, seed)
    with open(path, "w", encoding=encoding, newline="", errors="replace") as fh:
        w = csv.writer(fh)
        w.writerow(headers)
        w.writerows(rows)


def order_rows(n: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED) -> list[list]:
    """Order lines (without header) of the V-tier firms of contact_rows(n, seed).

    订单日期 cells are datetime.date or str; 金额 cells int or str.
    """
    _rows, firms = _build(n, seed)
    rng = random.Random(seed * 7 + 1)
    rnd = rng.random
    customers = [f for f in firms if f.tier == "V" and f.twin_of is None]
    brands = _Brands(rnd, {f.brand + f.word for f in firms})
    strangers = []  # customers that are not in the contact sheet at all
    for _ in range(3 + int(rnd() * 3)):
        strangers.append(_make_firm(rnd, brands, tier="V"))

    start, end = dt.date(2024, 1, 2), EXPORT_DATE
    span = (end - start).days
    lines: list[tuple] = []  # (date, name, product, qty, amount)
    for f in customers + strangers:
        stranger = f in strangers
        users = max(3, min(60, f.employees // 8 + int(rnd() * 6)))
        d0 = start + dt.timedelta(days=int(rnd() * span * 0.72))
        pro = f.employees >= 150 and rnd() < 0.6
        price = 5000 if pro else 2800
        lic = round(users * price, -2)
        churned = rnd() < 0.2
        last = min(end, d0 + dt.timedelta(days=420)) if churned else end
        todo = [(d0, PRODUCTS[1 if pro else 0], users, lic)]
        days_impl = 5 + int(rnd() * 25)
        todo.append((d0 + dt.timedelta(days=3 + int(rnd() * 20)), "实施服务", days_impl, days_impl * 1800))
        y = 1
        while d0 + dt.timedelta(days=365 * y) <= last:
            todo.append((d0 + dt.timedelta(days=365 * y), "年度维护", 1, round(lic * 0.15, -2)))
            y += 1
        want = 1 + int(rnd() * 2) if stranger else 4 + int(rnd() * 7)
        window = max(1, (last - d0).days)
        while len(todo) < want:
            d = d0 + dt.timedelta(days=int(rnd() * window))
            r = rnd()
            if r < 0.5:
                days = 3 + int(rnd() * 20)
                todo.append((d, "二次开发", days, days * 2000))
            elif r < 0.8:
                more = 2 + int(rnd() * 10)
                todo.append((d, PRODUCTS[1 if pro else 0], more, round(more * price, -2)))
            else:
                days = 2 + int(rnd() * 8)
                todo.append((d, "实施服务", days, days * 1800))
        for d, product, qty, amount in todo[: max(want, 2)]:
            if d > end:
                continue
            r = rnd()
            if r < 0.85:
                name = f.name
            elif r < 0.92:
                name = to_trad(f.name)
            elif r < 0.96:
                name = f.name + " "
            else:
                name = f.name.replace("有限", " 有限", 1)
            lines.append((d, name, product, qty, amount))

    lines.sort(key=lambda x: (x[0], x[1]))
    out: list[list] = []
    per_day: dict[dt.date, int] = {}
    for d, name, product, qty, amount in lines:
        k = per_day[d] = per_day.get(d, 0) + 1
        number = f"SO{d:%Y%m%d}{k:02d}"
        r = rnd()
        if r < 0.5:
            date_cell: object = d
        elif r < 0.65:
            date_cell = f"{d.year}/{d.month}/{d.day}"
        elif r < 0.8:
            date_cell = d.isoformat()
        elif r < 0.9:
            date_cell = f"{d.year}年{d.month}月{d.day}日"
        else:
            date_cell = f"{d:%Y.%m.%d}"
        r = rnd()
        if r < 0.6:
            amount_cell: object = amount
        elif r < 0.75:
            amount_cell = f"¥{amount:,}"
        elif r < 0.9:
            amount_cell = f"{amount}元"
        else:
            amount_cell = f"{amount / 10000:g}万元"
        out.append([name, date_cell, product, qty, amount_cell, number])
    return out


def write_orders_xlsx(path, seed: int = DEFAULT_SEED, n: int = DEFAULT_ROWS) -> None:
    """orders.xlsx: sheet 订单明细 with the orders of the V-tier firms of contact_rows(n)."""
    import xlsxwriter

    rows = order_rows(n, seed)
    wb = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    wb.set_properties({"title": ORDERS_SHEET, "author": "王海波", "created": _CREATED})
    ws = wb.add_worksheet(ORDERS_SHEET)
    head = wb.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "align": "center"})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    money_fmt = wb.add_format({"num_format": "#,##0"})
    for c, (h, w) in enumerate(zip(ORDER_HEADERS, [36, 14, 12, 8, 14, 16], strict=True)):
        ws.write_string(0, c, h, head)
        ws.set_column(c, c, w)
    for r, row in enumerate(rows, start=1):
        name, date_cell, product, qty, amount, number = row
        ws.write_string(r, 0, name)
        if isinstance(date_cell, dt.date):
            ws.write_datetime(r, 1, dt.datetime.combine(date_cell, dt.time()), date_fmt)
        else:
            ws.write_string(r, 1, date_cell)
        ws.write_string(r, 2, product)
        ws.write_number(r, 3, qty)
        if isinstance(amount, str):
            ws.write_string(r, 4, amount)
        else:
            ws.write_number(r, 4, amount, money_fmt)
        ws.write_string(r, 5, number)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), len(ORDER_HEADERS) - 1)
    wb.close()


PAYMENTS_SHEET = "回款明细"
PAYMENT_HEADERS = ["客户名称", "回款日期", "回款金额", "订单编号"]


def payment_rows(seed: int = DEFAULT_SEED, n: int = DEFAULT_ROWS) -> list[list]:
    """Payments (回款) of the orders of order_rows(n, seed): most paid in full 10–80 days after the
    order, some in part, some not yet, a few overpaid; dates up to EXPORT_DATE."""
    rng = random.Random(seed * 11 + 5)
    out: list[list] = []
    for name, date_cell, _product, _qty, amount_cell, number in order_rows(n, seed):
        day = date_cell if isinstance(date_cell, dt.date) else _parse_example_date(date_cell)
        amount = _parse_example_amount(amount_cell)
        r = rng.random()
        if r < 0.05:
            continue  # not paid yet
        share = 1.0 if r < 0.85 else 0.5 if r < 0.97 else 1.1  # in part, or a little too much
        paid = round(amount * share, -2)
        when = day + dt.timedelta(days=10 + int(rng.random() * 70))
        if when > EXPORT_DATE:
            continue
        out.append([name.strip(), when, paid, number])
    out.sort(key=lambda row: (row[1], row[0]))
    return out


def _parse_example_date(text: str) -> dt.date:
    digits = [int(x) for x in re.findall(r"\d+", text)]
    return dt.date(*digits[:3])


def _parse_example_amount(cell) -> float:
    if not isinstance(cell, str):
        return float(cell)
    value = float(re.sub(r"[^\d.]", "", cell))
    return value * 10000 if "万" in cell else value


def write_payments_xlsx(path, seed: int = DEFAULT_SEED, n: int = DEFAULT_ROWS) -> None:
    """payments.xlsx: sheet 回款明细 (customer, date, amount, order number)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    ws = wb.add_worksheet(PAYMENTS_SHEET)
    head = wb.add_format({"bold": True, "bg_color": "#E2EFDA", "border": 1})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    money_fmt = wb.add_format({"num_format": "#,##0"})
    for c, (h, width) in enumerate(zip(PAYMENT_HEADERS, [36, 12, 14, 16], strict=True)):
        ws.write_string(0, c, h, head)
        ws.set_column(c, c, width)
    for r, (name, when, paid, number) in enumerate(payment_rows(seed, n), start=1):
        ws.write_string(r, 0, name)
        ws.write_datetime(r, 1, dt.datetime.combine(when, dt.time()), date_fmt)
        ws.write_number(r, 2, paid, money_fmt)
        ws.write_string(r, 3, number)
    wb.close()


BUDGET_ITEMS = {"区域广告": 20000, "人员工资": 85000, "业务往来": 15000, "差旅交通": 12000, "办公费用": 5000}


def write_budget_xlsx(path, year: int = 2027, seed: int = DEFAULT_SEED) -> None:
    """budget.xlsx: 费用预算 in the long form (月份, 项目, 预算, 实际); actual figures for the first
    two months only, as a manager would have them early in the year."""
    import xlsxwriter

    rng = random.Random(seed * 13 + 3)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("费用预算")
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money_fmt = wb.add_format({"num_format": "#,##0"})
    ws.write_string(0, 0, f"{year}年区域费用预算")
    for c, (h, width) in enumerate(zip(["月份", "项目", "预算", "实际"], [10, 12, 12, 12], strict=True)):
        ws.write_string(2, c, h, head)
        ws.set_column(c, c, width)
    r = 3
    for m in range(1, 13):
        for item, base in BUDGET_ITEMS.items():
            plan = round(base * (1.3 if item == "区域广告" and m in (3, 9) else 1.0), -2)
            ws.write_string(r, 0, f"{year}-{m:02d}")
            ws.write_string(r, 1, item)
            ws.write_number(r, 2, plan, money_fmt)
            if m <= 2:
                ws.write_number(r, 3, round(plan * (0.8 + 0.4 * rng.random()), -2), money_fmt)
            r += 1
    wb.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the example contacts.xlsx and orders.xlsx.")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="contact rows (5000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--out-dir", type=Path, default=Path(__file__).resolve().parent, help="output folder")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    contacts = args.out_dir / "contacts.xlsx"
    orders = args.out_dir / "orders.xlsx"
    write_contacts_xlsx(contacts, args.rows, args.seed)
    write_orders_xlsx(orders, args.seed, args.rows)
    payments, budget = args.out_dir / "payments.xlsx", args.out_dir / "budget.xlsx"
    write_payments_xlsx(payments, args.seed, args.rows)
    write_budget_xlsx(budget, 2027, args.seed)
    for p in (contacts, orders, payments, budget):
        print(f"wrote {p} ({p.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
