"""Words of the competitor view and purchase behaviour."""

from __future__ import annotations

# --- competitors and purchase behaviour ---------------------------------------------

# The competitor view (market): the firms that use a product are tiers E and F1.
COMPETITOR_WORDS: dict[str, tuple[str, str]] = {
    "users": ("使用企业(E+F1)", "users (E+F1)"),
    "share": ("占比", "share"),
    "e": ("E 用得不好", "E (badly)"),
    "f1": ("F1 用得良好", "F1 (well)"),
    "weak": ("用得不好占比", "E share of its users"),
    "others": ("其他分类", "other tiers"),
    "contact": ("联系人", "contact"),
    "contacts": ("联系人数", "contacts"),
}
# Purchase behaviour (regiontool sales): columns and row labels.
SALES_WORDS: dict[str, tuple[str, str]] = {
    "month": ("月份", "month"),
    "amount": ("金额", "amount"),
    "share": ("占比", "share"),
    "customers": ("客户数", "customers"),
    "lines": ("订单行数", "order lines"),
    "same_period": ("去年同期", "last year, same period"),
    "growth": ("同比", "growth"),
    "unlinked": ("(未关联客户)", "(unlinked customers)"),
    "rank": ("排名", "rank"),
    "customer": ("客户", "customer"),
    "cum_share": ("累计占比", "cumulative share"),
    "abc": ("ABC分类", "ABC class"),
    "customer_share": ("客户占比", "customer share"),
    "amount_share": ("金额占比", "amount share"),
    "action": ("建议行动", "action"),
    "segment": ("RFM分群", "segment"),
    "not_ranked": ("净额不为正(未排名)", "no net sales (not ranked)"),  # the ABC table's row of them
}
# The period `sales` and `report` show without --year when the as-of year has no orders yet (a report
# made on 8 January): last year in full, said first among the notes.
SALES_LAST_YEAR_NOTE: tuple[str, str] = (
    "{start} 至 {end} 还没有订单：显示上一年 {year} 全年",
    "no orders yet from {start} to {end}: showing last year, {year}, in full",
)
# The notes under `sales` (vocab.fill fields; the English count words as '{n:customer|customers}').
SALES_NOTES: dict[str, tuple[str, str]] = {
    "not_ranked": (
        "{n:,} 个客户净销售额不为正（退款），未参与排名",
        "{n:,} {n:customer|customers} with no net sales (refunds) {n:is|are} not ranked",
    ),
    # The headline's place when the period's net sales (every customer's) are not positive.
    "no_net_sales": (
        "本期净销售额不为正（{amount} 元）：不计销售占比和 ABC 分类",
        "the period's net sales are not positive ({amount} yuan): no shares of sales, no ABC classes",
    ),
    # store.orders.ZERO: the rule of what an order line is (as in rfm)
    "zero": (
        "{n:,} 条 0 元的订单行既不是购买也不是退款，未计入客户数和订单行数",
        "{n:,} {n:order line|order lines} of 0 yuan {n:is|are} neither a purchase nor a refund: not counted "
        "in customers or order lines",
    ),
    # store.orders.PURCHASE: a refund lowers the amounts, never an order (as in rfm)
    "refunds": (
        "{n:,} 条退款行（负数）计入金额，不计入客户数和订单行数",
        "{n:,} refund {n:line is|lines are} counted in the amounts, not in customers or order lines",
    ),
    "unlinked": (
        "{n:,} 条订单未关联企业：按镇街、行业、分群归入“(未关联客户)”（详见 regiontool problems）",
        "{n:,} {n:order line is|order lines are} not linked to a company: counted as (unlinked customers) by "
        "town, industry and segment (regiontool problems)",
    ),
}
# ABC classes of customers by cumulative share of sales (Pareto): A up to 80%, B up to 95%, else C —
# with no upper bound, since refunds can take the ranked customers' share past 100% (review r68 F0).
ABC_LIMITS: tuple[tuple[float, str], ...] = ((0.80, "A"), (0.95, "B"), (float("inf"), "C"))
ABC_ACTIONS: dict[str, tuple[str, str]] = {
    "A": ("重点客户：经理亲自维护，优先服务", "key customers: the manager's own care, served first"),
    "B": ("成长客户：定期回访，推荐增购", "growing customers: regular revisits, upsell"),
    "C": ("一般客户：低成本维护", "ordinary customers: low-cost service"),
}
