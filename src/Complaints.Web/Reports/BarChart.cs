namespace Complaints.Web.Reports;

// A bar chart laid out on the server as SVG (Pages/Shared/_BarChart.cshtml): no script, so the page, its print
// and the PDF show the same. Right to left, the first bar stands at the right and labels sit on the right.
// The bars' group keeps direction ltr, so that text-anchor means left/right edge, and each x is mirrored here.
public sealed record BarChart(string Id, string Title, double Width, double Height, double BaselineX1, double BaselineX2, double BaselineY1,
    double BaselineY2, IReadOnlyList<BarChart.Bar> Bars)
{
    public sealed record Bar(string Label, string Value, double X, double Y, double Width, double Height,
        double LabelX, double LabelY, string LabelAnchor, double ValueX, double ValueY, string ValueAnchor);

    // Vertical bars side by side (months), a label under each and the count above.
    public static BarChart Columns(string id, string title, IReadOnlyList<(string Label, int Value)> values, Func<int, string> format, bool rightToLeft)
    {
        const double width = 640, height = 220, top = 20, bottom = 30, side = 10;
        var plot = height - top - bottom;
        var slot = (width - 2 * side) / Math.Max(1, values.Count);
        var max = Math.Max(1, values.Max(v => v.Value));
        var bars = values.Select((v, i) =>
        {
            var barWidth = slot * 0.6;
            var x = side + i * slot + (slot - barWidth) / 2;
            if (rightToLeft)
                x = width - x - barWidth;
            var barHeight = plot * v.Value / max;
            var y = top + plot - barHeight;
            var middle = x + barWidth / 2;
            return new Bar(v.Label, format(v.Value), x, y, barWidth, barHeight, middle, height - bottom + 16, "middle", middle, y - 9, "middle");
        }).ToList();
        return new BarChart(id, title, width, height, side, width - side, top + plot, top + plot, bars);
    }

    // Horizontal bars one under the other (categories), the label at the start side and the count at the bar's end.
    public static BarChart Rows(string id, string title, IReadOnlyList<(string Label, int Value)> values, Func<int, string> format, bool rightToLeft)
    {
        const double width = 640, row = 24, labels = 200, gap = 8, room = 40, top = 6;
        var height = top * 2 + row * values.Count;
        var plot = width - labels - gap - room;
        var max = Math.Max(1, values.Max(v => v.Value));
        var bars = values.Select((v, i) =>
        {
            var barWidth = plot * v.Value / max;
            var y = top + i * row + 4;
            var textY = top + i * row + row / 2;
            var start = labels + gap;
            return rightToLeft
                ? new Bar(v.Label, format(v.Value), width - start - barWidth, y, barWidth, row - 8,
                    width - labels, textY, "start", width - start - barWidth - 4, textY, "end")
                : new Bar(v.Label, format(v.Value), start, y, barWidth, row - 8,
                    labels, textY, "end", start + barWidth + 4, textY, "start");
        }).ToList();
        var baseline = rightToLeft ? width - labels - gap : labels + gap;
        return new BarChart(id, title, width, height, baseline, baseline, top, height - top, bars);
    }
}
