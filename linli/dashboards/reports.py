"""Monthly and quarterly reports of a node: an .xlsx workbook and a print-ready PDF (WeasyPrint with the
Noto CJK fonts), both from the same figures as the dashboard. The PDF's charts are SVG drawn here
(bars of the children, the trend), so nothing depends on a browser."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string

from linli.places.models import Place

from . import rankings, selectors
from .selectors import Filters


@dataclass
class Report:
    node: Place
    title: str
    filters: Filters
    figures: list
    counts: object
    rates: list
    children: list
    ranked: list
    series: dict


def period_of(kind: str, year: int, number: int) -> tuple[date, date, str]:
    """("month", 2026, 11) → 2026-11-01..2026-11-30, "2026年11月"; ("quarter", 2026, 4) → Q4."""
    import calendar

    if kind == "quarter":
        if not 1 <= number <= 4:
            raise ValueError
        first = 3 * (number - 1) + 1
        return (
            date(year, first, 1),
            date(year, first + 2, calendar.monthrange(year, first + 2)[1]),
            f"{year}年第{number}季度",
        )
    if not 1 <= number <= 12:
        raise ValueError
    return (
        date(year, number, 1),
        date(year, number, calendar.monthrange(year, number)[1]),
        f"{year}年{number}月",
    )


def build(node: Place, kind: str, year: int, number: int) -> Report:
    start, end, label = period_of(kind, year, number)
    filters = Filters(start=start, end=end)
    ranked, _ = rankings.rank(node, filters)
    return Report(
        node=node,
        title=f"{node.name}{label}{'季度' if kind == 'quarter' else '月度'}工作报告".replace(
            "季度季度", "季度"
        ),
        filters=filters,
        figures=selectors.figures(node, filters),
        counts=selectors.appeal_counts(node, filters),
        rates=selectors.appeal_rates(node, filters),
        children=selectors.children(node, filters),
        ranked=ranked,
        series=selectors.appeal_series(node, filters),
    )


def _pct(rate) -> str:
    return "—" if rate.value is None else f"{rate.value * 100:.1f}%"


def xlsx(report: Report) -> bytes:
    from openpyxl import Workbook  # loaded only where a workbook is written (docs/performance.md)
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "概览"
    bold = Font(bold=True)
    ws.append([report.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"统计期间：{report.filters.start:%Y-%m-%d} 至 {report.filters.end:%Y-%m-%d}"])
    ws.append([])
    ws.append(["指标", "数值", "分子", "分母", "计算方法"])
    for cell in ws[4]:
        cell.font = bold
    ws.append(["受理诉求", report.counts.submitted, None, None, "期间内受理的有效诉求数"])
    for f in report.figures:
        ws.append([f.label, f.shown, f.numerator, f.denominator, f.formula])
    rates = wb.create_sheet("诉求三率")
    rates.append(["指标", "数值", "分子", "分母", "计算方法"])
    for r in report.rates:
        rates.append([r.label, _pct(r), r.numerator, r.denominator, r.formula])
    if report.children:
        kids = wb.create_sheet("下级对比")
        kids.append(["名称", "受理诉求", "办结率", "满意率", "评比得分", "排名"])
        ranks = {r.place.pk: r for r in report.ranked}
        for k in report.children:
            r = ranks.get(k.place.pk)
            kids.append(
                [
                    k.place.name,
                    k.submitted,
                    None if k.closure is None else round(k.closure * 100, 1),
                    None if k.satisfaction is None else round(k.satisfaction * 100, 1),
                    float(r.score) if r else None,
                    r.rank if r else None,
                ]
            )
    for sheet in wb.worksheets:
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["E"].width = 50
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _bars(pairs: list[tuple[str, float]], width: int = 640, height: int = 220) -> dict:
    """Geometry of a bar chart for the SVG template."""
    top = max((v for _, v in pairs), default=0) or 1
    slot = (width - 60) / max(1, len(pairs))
    bars = []
    for i, (name, value) in enumerate(pairs):
        h = (height - 60) * value / top
        bars.append(
            {
                "x": 50 + i * slot + slot * 0.15,
                "w": slot * 0.7,
                "y": height - 40 - h,
                "h": h,
                "name": name,
                "value": value,
                "lx": 50 + i * slot + slot / 2,
            }
        )
    return {"width": width, "height": height, "bars": bars, "base": height - 40}


def pdf(report: Report) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "dashboards/report_pdf.html",
        {
            "r": report,
            "children_chart": _bars([(k.place.name, k.submitted) for k in report.children]),
            "trend_chart": _bars(list(zip(report.series["labels"], report.series["submitted"], strict=True))),
            "rates": [(x.label, _pct(x), x.formula) for x in report.rates],
        },
    )
    return HTML(string=html).write_pdf()
