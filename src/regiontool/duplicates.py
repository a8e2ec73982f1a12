"""Groups of possible duplicates (names alike, maybe one firm) after the manager's decisions: a
pair kept apart (`regiontool apart`) is never listed together again, a merged name (`regiontool
merge`) is its kept firm's. One home for the grouping, used by the import's check and by both
commands when they redo the stored problems."""

from __future__ import annotations

from collections.abc import Callable

from . import normalize, vocab

CODE = "possible-duplicate"


def split_apart(keys: list[str], apart: set[frozenset[str]]) -> list[list[int]]:
    """The positions of `keys` as groups no kept-apart pair is in together: the largest sets of
    members any two of which may still be one firm, of 2 or more, in the members' order (A~B~C
    with A, B apart: A~C and B~C). Groups are a few names: every maximal set is found (Bron–Kerbosch)."""
    n = len(keys)
    if not apart or not any(frozenset((keys[i], keys[j])) in apart for i in range(n) for j in range(i)):
        return [list(range(n))]
    near = {
        i: {j for j in range(n) if j != i and frozenset((keys[i], keys[j])) not in apart} for i in range(n)
    }
    found: list[set[int]] = []

    def grow(inside: set[int], maybe: set[int], done: set[int]) -> None:
        if not maybe and not done:
            found.append(inside)
            return
        for v in sorted(maybe):
            grow(inside | {v}, maybe & near[v], done & near[v])
            maybe = maybe - {v}
            done = done | {v}

    grow(set(), set(range(n)), set())
    return sorted((sorted(g) for g in found if len(g) > 1), key=lambda g: g)


def message(names: list[str]) -> tuple[str, str]:
    """The problem's text of a group, at its first name."""
    others = [n for n in names[1:] if n != names[0]]
    return vocab.problem_text(CODE, name=names[0], others=("、".join(others), ", ".join(others)))


def redo_stored(ws, change: Callable[[list[str], list[str]], list[list[str]]]) -> set[int]:
    """Every stored possible-duplicate group passed through `change` (names, their keys → the groups
    it becomes): rewritten, split into several rows, or dropped. A group another row of the same
    import and sheet holds already is not written twice (after a merge, A~C and B~C with B into A
    are one A~C). Returns the imports whose problems changed (their summaries count again)."""
    rows = [(p, (p["value"] or "").split(" ~ ")) for p in ws.problems_of_code(CODE)]
    rows = [(p, names, change(names, normalize.text_keys(names))) for p, names in rows]

    def held(p: dict, group: list[str]) -> tuple:
        return p["import_id"], p["file"], p["sheet"], frozenset(normalize.text_keys(group))

    seen = {held(p, names) for p, names, groups in rows if groups == [names]}
    touched: set[int] = set()
    drop: list[int] = []
    for p, names, groups in rows:
        if groups == [names]:
            continue
        touched.add(p["import_id"])
        new = []
        for g in groups:
            if held(p, g) not in seen:
                seen.add(held(p, g))
                new.append(g)
        groups = new
        if not groups:
            drop.append(p["id"])
            continue
        first, *more = groups
        ws.set_problem_value(p["id"], " ~ ".join(first), *message(first))
        ws.add_problems(
            CODE,
            [
                (p["import_id"], p["file"], p["sheet"], p["row"], p["col"], " ~ ".join(g), *message(g))
                for g in more
            ],
        )
    ws.delete_problems(drop)
    return {i for i in touched if i is not None}
