"""The gender chart's legend stands beside the bars: it never hides part of one (docs/sources-chart.png had
"not recorded" of the longest bar under the legend)."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from annotator.sources import SourceCount, draw_chart


def test_the_legend_covers_no_bar_even_when_the_longest_bar_is_at_the_bottom() -> None:
    counts = [
        SourceCount("Coast Radio", "Tom Reyes", 1, "man", 1),
        SourceCount("Coast Radio", "Maria Okafor", 2, "woman", 3),
        SourceCount("Coast Radio", "Ines Duarte", 3, None, 1),  # the longest bar ends in "not recorded"
        SourceCount("Harbour Times", "Jon Abara", 4, "man", 1),
        SourceCount("Harbour Times", "Maria Okafor", 2, "woman", 3),
        SourceCount("Valley Post", "Jon Abara", 4, "man", 1),
        SourceCount("Valley Post", "Ines Duarte", 3, None, 2),
    ]
    figure = Figure(figsize=(8, 5), layout="constrained")
    axes = figure.add_subplot()
    draw_chart(axes, counts, chart="gender")
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)

    legend = axes.get_legend()
    assert legend is not None
    assert [text.get_text() for text in legend.get_texts()] == ["man", "woman", "not recorded"]
    box = legend.get_window_extent(renderer)
    bars = [patch.get_window_extent(renderer) for patch in axes.patches]
    assert len(bars) == 9  # three outlets by three genders (an empty share is a bar of no width)
    assert not any(box.overlaps(bar) for bar in bars if bar.width > 0)
    assert box.x1 <= figure.bbox.x1  # and it is inside the picture
