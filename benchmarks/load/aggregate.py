"""Folds the rows of one markdown table, one row per run, into one row per label (the first cell).

Reads rows ("| label | a | b |") on stdin, keeps the labels in first-seen order, and writes per label one row: a
column whose cells are all numbers becomes "median (min–max)" (just the number when every run gave the same, or
there was one run), a share in " %" likewise; any other column keeps its one value, or lists the distinct values in run order with " / ".
Used by load.sh, which runs every scenario several times.
"""
import statistics
import sys


def number(cell):
    try:
        return float(cell.replace(",", ""))
    except ValueError:
        return None


def fmt(value):
    return f"{value:.1f}" if abs(value) < 1000 and value != int(value) else f"{value:.0f}"


def fold(cells):
    unit = " %" if all(c.endswith(" %") for c in cells) else ""
    values = [number(c[: len(c) - len(unit)]) for c in cells]
    if all(v is not None for v in values):
        lo, hi, mid = min(values), max(values), statistics.median(values)
        return fmt(mid) + unit if lo == hi else f"{fmt(mid)}{unit} ({fmt(lo)}–{fmt(hi)})"
    distinct = list(dict.fromkeys(cells))
    return " / ".join(distinct)


def main():
    groups = {}
    for line in sys.stdin:
        line = line.strip()
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        groups.setdefault(cells[0], []).append(cells[1:])
    for label, runs in groups.items():
        width = max(len(r) for r in runs)
        columns = [[r[i] for r in runs if i < len(r)] for i in range(width)]
        print("| " + " | ".join([label] + [fold(c) for c in columns]) + " |")


if __name__ == "__main__":
    main()
