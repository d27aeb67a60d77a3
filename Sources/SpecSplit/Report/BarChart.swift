/// A horizontal bar chart drawn as inline SVG: one labelled bar per line, each carrying its
/// exact figure (in `data-value` and its `title`), drawn beside a table of the same figures.
///
/// Bars are told apart by their labels, never by colour alone: national lines are dark and
/// solid, local lines light with a dark outline, so the chart reads the same printed in
/// greyscale. Negative values (adjustments) extend left of a zero line.
struct BarChart {
    /// One bar.
    struct Bar {
        /// What the bar stands for.
        var label: String
        /// Its figure as published (or summed exactly).
        var value: String
        /// The figure in millionths, for the bar's length.
        var micros: Int128
        /// Dark (national) or light (local).
        var national: Bool
    }

    /// The element id.
    var id: String
    /// What the chart shows, for its title and screen readers.
    var title: String
    /// The bars, top to bottom.
    var bars: [Bar]
    /// Legend entries: (national?, text).
    var legend: [(national: Bool, text: String)] = [(true, "national commissioning"), (false, "local commissioning")]

    static let width = 600.0
    static let valueWidth = 110.0
    static let barHeight = 20.0
    static let gap = 8.0

    /// The template's view: geometry computed here, every text escaped by the template.
    var context: [String: Any] {
        // Room for the longest label at about 7 pixels a character (12px system fonts).
        let labelWidth = min(max(Double(bars.map(\.label.count).max() ?? 0) * 7 + 12, 90), 320)
        let area = Self.width - labelWidth - Self.valueWidth - 10
        let largest = bars.map { Double($0.micros) }.max().map { max($0, 0) } ?? 0
        let smallest = bars.map { Double($0.micros) }.min().map { min($0, 0) } ?? 0
        let range = largest - smallest > 0 ? largest - smallest : 1
        let zero = labelWidth + area * (-smallest / range)
        var contexts: [[String: Any]] = []
        for (index, bar) in bars.enumerated() {
            let y = Self.gap + Double(index) * (Self.barHeight + Self.gap)
            let length = area * abs(Double(bar.micros)) / range
            let x = bar.micros < 0 ? zero - length : zero
            contexts.append([
                "barLabel": bar.label, "barValue": bar.value, "barText": FigureText.display(bar.value),
                "barClass": bar.national ? "bar national" : "bar local",
                "x": Self.number(x), "y": Self.number(y), "w": Self.number(max(length, 0.5)),
                "h": Self.number(Self.barHeight),
                "textY": Self.number(y + Self.barHeight * 0.7), "labelX": Self.number(labelWidth - 6),
                "valueX": Self.number(Self.width - 4),
            ])
        }
        let height = Self.gap + Double(max(bars.count, 1)) * (Self.barHeight + Self.gap)
        return [
            "chartId": id, "chartTitle": title, "bars": contexts, "hasBars": !bars.isEmpty,
            "svgWidth": Self.number(Self.width), "svgHeight": Self.number(height),
            "zeroX": Self.number(zero), "zeroBottom": Self.number(height),
            "legend": legend.map {
                ["legendClass": $0.national ? "swatch national" : "swatch local", "legendText": $0.text]
                    as [String: Any]
            },
        ]
    }

    private static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
