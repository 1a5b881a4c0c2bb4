import Results

/// One self-contained HTML file: a heat map of scenarios against
/// kernel/variant/topology columns whose cells unfold to their evidence, the
/// divergences between legacy and compat containers, and how each variant
/// was built. No external references, so it opens offline as a CI artifact.
public enum HTMLReport {
    public static func render(_ document: ResultsDocument) -> String {
        let matrix = Matrix(document)
        let title = Markup.escape("\(document.run.tool) results" + (document.run.source.map { ": \($0)" } ?? ""))
        let body = [summary(matrix), table(matrix), patches(matrix), divergences(document), variants(matrix)]
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(title)</title>
        <style>
        \(HTMLAssets.style)
        </style>
        </head>
        <body>
        <h1>\(title)</h1>
        \(body.joined(separator: "\n"))
        <script>
        \(HTMLAssets.script)
        </script>
        </body>
        </html>

        """
    }

    private static func summary(_ matrix: Matrix) -> String {
        let keys = Outcome.allCases.map { outcome in
            "<span class=\"key\" data-key=\"\(outcome.rawValue)\">\(matrix.document.count(outcome)) \(outcome.rawValue)</span>"
        }
        return """
        <p>\(keys.joined())</p>
        <p><label><input type="checkbox" id="problems-only"> only scenarios with problems</label>
        &middot; click a cell for its evidence</p>
        """
    }

    private static func table(_ matrix: Matrix) -> String {
        let e = Markup.escape
        let headers = matrix.columns.map { column in
            "<th>" + (column.patch.map { "<span title=\"\(e($0.label(of: matrix.seriesLength)))\">patch \($0.index)</span><br>" } ?? "")
                + (column.kernel.isEmpty ? "" : "\(e(column.kernel))<br>") + "\(e(column.variantLabel))<br>\(e(column.topology.rawValue))</th>"
        }
        let rows = matrix.scenarios.map { scenario in
            let cells = matrix.columns.map { column in
                guard let cell = matrix.cell(scenario, in: column) else { return "<td class=\"none\">&ndash;</td>" }
                return """
                <td class="cell" data-outcome="\(cell.outcome.rawValue)" title="\(e(matrix.name(of: cell)))"><details><summary>\(cell.outcome.rawValue.uppercased())</summary><div class="evidence">
                \(HTMLEvidence.render(cell))
                </div></details></td>
                """
            }
            return "<tr><th class=\"scenario\">\(e(scenario))</th>\n" + cells.joined(separator: "\n") + "\n</tr>"
        }
        return """
        <table class="matrix">
        <thead><tr><th></th>\(headers.joined())</tr></thead>
        <tbody>
        \(rows.joined(separator: "\n"))
        </tbody>
        </table>
        """
    }

    private static func patches(_ matrix: Matrix) -> String {
        guard !matrix.steps.isEmpty else { return "" }
        let steps = matrix.steps.map { "<li>\(Markup.escape($0.label(of: matrix.seriesLength)))</li>" }
        let found = matrix.firstFailures.map { "<li>\(Markup.escape($0.line))</li>" }
        return "<h2>Patches</h2>\n<ul>" + steps.joined() + "</ul>"
            + (found.isEmpty ? "" : "\n<h2>\(FirstFailure.title)</h2>\n<ul>" + found.joined() + "</ul>")
    }

    private static func divergences(_ document: ResultsDocument) -> String {
        let found = Divergences.find(in: document)
        guard !found.isEmpty else { return "" }
        let e = Markup.escape
        let rows = found.map { divergence in
            let outcomes = [divergence.legacy, divergence.compat].map {
                "<td data-key=\"\($0.outcome.rawValue)\">\($0.outcome.rawValue.uppercased())</td>"
            }
            return "<tr><td><code>\(e(divergence.place))</code></td>\(outcomes.joined())<td>\(divergence.differences.map(e).joined(separator: "<br>"))</td></tr>"
        }
        let first = found[0]
        return """
        <h2>\(e(Divergences.title(found)))</h2>
        <table class="grid">
        <tr><th>topology/scenario</th><th>\(e(first.legacy.variant.rawValue))</th><th>\(e(first.compat.variant.rawValue))</th><th>differences</th></tr>
        \(rows.joined(separator: "\n"))
        </table>
        """
    }

    private static func variants(_ matrix: Matrix) -> String {
        let run = matrix.document.run
        let described = Set(run.variants.map(\.name))
        let undescribed = matrix.columns.map(\.variant).filter { !described.contains($0) }
        let all = run.variants + Set(undescribed).sorted().map { VariantInfo(name: $0, description: "") }
        return "<h2>Variants</h2>\n" + all.map { variant(matrix, $0) }.joined(separator: "\n")
    }

    private static func variant(_ matrix: Matrix, _ variant: VariantInfo) -> String {
        let e = Markup.escape
        let run = matrix.document.run
        let releases = variant.kernel.map { [$0] }
            ?? Set(matrix.document.cells.filter { $0.variant == variant.name }.compactMap(\.kernel)).sorted()
        let source = variant.kernel.flatMap { kernel in run.kernels.first { $0.release == kernel }?.source } ?? run.source
        var parts = ["<h3>\(e(variant.label))</h3>"]
        if !variant.description.isEmpty { parts.append("<p>\(e(variant.description))</p>") }
        if let verdict = variant.verdict { parts.append("<p class=\"dropped\">\(e(verdict))</p>") }
        if !variant.dropped.isEmpty {
            parts.append("<p>The resulting .config lacks</p><pre>\(e(variant.dropped.joined(separator: "\n")))</pre>")
        }
        if !variant.notes.isEmpty {
            parts.append("<p>Notes on this tree:</p><ul>" + variant.notes.map { "<li>\(e($0))</li>" }.joined() + "</ul>")
        }
        parts.append("<p>Kernel source: <code>\(e(source ?? "unknown"))</code>" + (releases.isEmpty ? "" : ", release <code>\(e(releases.joined(separator: ", ")))</code>") + "</p>")
        parts.append(run.patches.isEmpty ? "<p>Patches: none</p>" : "<p>Patches:</p><ul>" + run.patches.map { "<li><code>\(e($0))</code></li>" }.joined() + "</ul>")
        if !variant.configDifference.isEmpty {
            parts.append("<p>Config difference from the base fragment:</p><pre>\(e(variant.configDifference.joined(separator: "\n")))</pre>")
        }
        if !variant.requested.isEmpty {
            parts.append("<details><summary>Requested options</summary><pre>\(e(variant.requested.joined(separator: "\n")))</pre></details>")
        }
        return "<section class=\"variant\" id=\"variant-\(e((variant.kernel.map { "\($0)-" } ?? "") + (variant.patch.map { "\($0.index)-" } ?? "") + variant.name.rawValue))\">\n" + parts.joined(separator: "\n") + "\n</section>"
    }
}
