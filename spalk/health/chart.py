"""Server-rendered growth charts: accessible SVG (a title and a description, the data table beside it on the page),
the WHO P3–P97 and P15–P85 bands, the median, and the child's points; for a child born before 37 weeks the age can be
corrected for prematurity (until two years). No script and no inline style (CSP): presentation attributes only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spalk.health import growth
from spalk.health.gestation import corrected_age_days, is_preterm

WIDTH, HEIGHT = 640, 380
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 16, 44

CHARTS = {
    "wfa": (gettext_lazy("Weight for age"), "kg", "weight_kg", "weight_for_age_z"),
    "lhfa": (gettext_lazy("Length/height for age"), "cm", "length_cm", "length_for_age_z"),
    "hcfa": (gettext_lazy("Head circumference for age"), "cm", "head_circumference_cm", "head_circumference_for_age_z"),
    "wfl": (gettext_lazy("Weight for length/height"), "kg", "weight_kg", "weight_for_length_z"),
}


@dataclass
class ChartRow:
    measured_on: datetime.date
    age_days: int
    plotted_age_days: int
    x_value: Decimal | None
    value: Decimal | None
    z: Decimal | None

    @property
    def centile(self) -> float | None:
        return growth.centile(self.z)

    def cells(self, *, corrected: bool, with_length: bool) -> SafeString:
        """The table row's cells, formatted once here (nl-BE: a decimal comma) instead of by template filters:
        a chart of sixty points renders four tables."""
        def comma(value) -> str:
            return "—" if value is None else str(value).replace(".", ",")

        centile = self.centile
        cells = [f'<td class="date">{self.measured_on:%d/%m/%Y}</td>', f"<td>{self.age_days}</td>"]
        if corrected:
            cells.append(f"<td>{self.plotted_age_days}</td>")
        if with_length:
            cells.append(f"<td>{comma(self.x_value)}</td>")
        cells += [f"<td>{comma(self.value)}</td>", f"<td>{comma(self.z)}</td>",
                  f"<td>{'—' if centile is None else f'P{centile:.0f}'}</td>"]
        return mark_safe("".join(cells))


@dataclass
class Chart:
    key: str
    title: str
    unit: str
    svg: SafeString
    rows: list[ChartRow]
    corrected: bool
    note: str = ""

    @property
    def table_rows(self) -> list[SafeString]:
        return [r.cells(corrected=self.corrected, with_length=self.key == "wfl") for r in self.rows]


def _months_label(days: float) -> str:
    months = days / (365.25 / 12)
    return f"{months:.0f}"


def build(*, key: str, sex: str, birth_date: datetime.date | None, measurements: list, corrected: bool = False,
          gestational_age_days: int | None = None) -> Chart:
    title, unit, field, z_field = CHARTS[key]
    corrected = corrected and is_preterm(gestational_age_days)
    rows: list[ChartRow] = []
    for m in measurements:
        value = getattr(m, field)
        if value is None or (key == "wfl" and m.length_cm is None):
            continue
        plotted = corrected_age_days(age_days=m.age_days, gestational_age_days=gestational_age_days) \
            if corrected else m.age_days
        rows.append(ChartRow(measured_on=m.measured_on, age_days=m.age_days, plotted_age_days=plotted,
                             x_value=m.length_cm if key == "wfl" else None, value=value, z=getattr(m, z_field)))
    standing = bool(rows) and growth.is_standing(rows[-1].age_days)
    indicator = ("wfh" if standing else "wfl") if key == "wfl" else key
    if key == "wfl":
        low, high = (65, 120) if standing else (45, 110)
        full = growth.cached_curve(indicator, sex, low, high, 1)
        x_min, x_max = float(low), float(high)
        if rows:
            lengths = [float(r.x_value) for r in rows if r.x_value is not None]
            x_min = max(float(low), min(lengths) - 5)
            x_max = min(float(high), max(lengths) + 5)
    else:
        last = max([r.plotted_age_days for r in rows], default=0)
        x_min, x_max = 0.0, float(min(growth.LAST_DAY, max(365, last + 120)))
        step = max(1, int(x_max) // 120)
        full = growth.cached_curve(indicator, sex, 0, int(x_max), step)
    curves = {k: [(x, y) for x, y in v if x_min <= x <= x_max] for k, v in full.items()}
    ys = [y for v in curves.values() for _x, y in v] + [float(r.value) for r in rows if r.value is not None]
    y_min = min(ys, default=0.0)
    y_max = max(ys, default=1.0)
    pad = (y_max - y_min) * 0.05 or 1.0
    y_min, y_max = max(0.0, y_min - pad), y_max + pad
    note = "" if sex in growth.SEXES else _("The WHO curves need the sex of the child (female or male).")
    svg = _svg(key=key, title=str(title), unit=unit, curves=curves, rows=rows, x_min=x_min, x_max=x_max,
               y_min=y_min, y_max=y_max, corrected=corrected)
    return Chart(key=key, title=str(title), unit=unit, svg=svg, rows=rows, corrected=corrected, note=note)


def _svg(*, key, title, unit, curves, rows, x_min, x_max, y_min, y_max, corrected) -> SafeString:
    pw, ph = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(x: float) -> float:
        return LEFT + (x - x_min) / ((x_max - x_min) or 1) * pw

    def sy(y: float) -> float:
        return TOP + ph - (y - y_min) / ((y_max - y_min) or 1) * ph

    def line(points) -> str:
        return " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in points)

    def band(lower, upper) -> str:
        return line(lower) + " " + line(list(reversed(upper)))

    parts = []
    cid = f"chart-{key}"
    desc = _("WHO 2006 growth standard with the 3rd to 97th centile band, the 15th to 85th centile band and the "
             "median; %(count)s measurement(s) of the child as points. The table below the chart gives the "
             "values.") % {"count": len(rows)}
    parts.append(f'<svg class="growth-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
                 f'aria-labelledby="{cid}-title {cid}-desc" preserveAspectRatio="xMidYMid meet">')
    parts.append(f'<title id="{cid}-title">{escape(title)}</title><desc id="{cid}-desc">{escape(desc)}</desc>')
    # grid and axes
    x_is_length = key == "wfl"
    for i in range(6):
        gy = y_min + (y_max - y_min) * i / 5
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{sy(gy):.1f}" y2="{sy(gy):.1f}" stroke="#d9dde3" '
                     f'stroke-width="1"/><text x="{LEFT - 6}" y="{sy(gy) + 4:.1f}" text-anchor="end" '
                     f'font-size="12" fill="#333">{gy:.1f}</text>')
    ticks = 8
    for i in range(ticks + 1):
        gx = x_min + (x_max - x_min) * i / ticks
        label = f"{gx:.0f}" if x_is_length else _months_label(gx)
        parts.append(f'<line x1="{sx(gx):.1f}" x2="{sx(gx):.1f}" y1="{TOP}" y2="{TOP + ph}" stroke="#eef0f3" '
                     f'stroke-width="1"/><text x="{sx(gx):.1f}" y="{TOP + ph + 16}" text-anchor="middle" '
                     f'font-size="12" fill="#333">{label}</text>')
    x_label = _("length/height (cm)") if x_is_length else (_("corrected age (months)") if corrected
                                                             else _("age (months)"))
    parts.append(f'<text x="{LEFT + pw / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle" font-size="13" '
                 f'fill="#222">{escape(x_label)}</text>')
    parts.append(f'<text x="14" y="{TOP + ph / 2:.1f}" text-anchor="middle" font-size="13" fill="#222" '
                 f'transform="rotate(-90 14 {TOP + ph / 2:.1f})">{escape(unit)}</text>')
    if curves.get("P3") and curves.get("P97"):
        parts.append(f'<polygon class="band-outer" points="{band(curves["P3"], curves["P97"])}" fill="#dbe9f6"/>')
        parts.append(f'<polygon class="band-inner" points="{band(curves["P15"], curves["P85"])}" fill="#b7d3ee"/>')
        parts.append(f'<polyline points="{line(curves["P50"])}" fill="none" stroke="#1f5f99" stroke-width="2"/>')
        for name in ("P3", "P97"):
            end = curves[name][-1]
            parts.append(f'<text x="{sx(end[0]) - 2:.1f}" y="{sy(end[1]) - 3:.1f}" text-anchor="end" font-size="11" '
                         f'fill="#1f4f7a">{name}</text>')
    points = [(float(r.x_value) if x_is_length and r.x_value is not None else float(r.plotted_age_days),
               float(r.value)) for r in rows if r.value is not None]
    if len(points) > 1:
        parts.append(f'<polyline points="{line(points)}" fill="none" stroke="#8a1c52" stroke-width="1.5"/>')
    for x, y in points:
        parts.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="4" fill="#8a1c52" stroke="#fff" '
                     f'stroke-width="1"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
