import Results

/// The inline style and script of the HTML report. Inline because the report
/// is one file that must open anywhere, offline, attached to a CI run.
enum HTMLAssets {
    /// Background and text colour per outcome: a heat map reads at a glance
    /// when the worse outcomes are the darker, warmer ones.
    private static func colors(_ outcome: Outcome) -> (background: String, text: String) {
        switch outcome {
        case .pass: ("#c8e6c9", "#1b5e20")
        case .skip: ("#eceff1", "#546e7a")
        case .fail: ("#ef9a9a", "#7f0000")
        case .hang: ("#ffcc80", "#6d3a00")
        case .crash: ("#b71c1c", "#ffffff")
        case .error: ("#ce93d8", "#4a148c")
        }
    }

    static var style: String {
        let outcomes = Outcome.allCases.map { outcome in
            let (background, text) = colors(outcome)
            return "[data-outcome=\"\(outcome.rawValue)\"], [data-key=\"\(outcome.rawValue)\"] { background: \(background); color: \(text); }"
        }
        return """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #212121; }
        h1 { font-size: 1.4em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
        code, pre { font: 12px/1.35 ui-monospace, monospace; }
        pre { background: #fafafa; border: 1px solid #e0e0e0; padding: 0.5em; overflow-x: auto; white-space: pre-wrap; }
        .key { display: inline-block; padding: 0.15em 0.6em; margin-right: 0.3em; border-radius: 3px; font-weight: 600; }
        table.matrix { border-collapse: collapse; }
        table.matrix th { font-weight: 600; padding: 0.3em 0.5em; vertical-align: bottom; }
        table.matrix th.scenario { text-align: left; font-family: ui-monospace, monospace; font-weight: normal; }
        table.matrix td { border: 2px solid #fff; min-width: 5.5em; text-align: center; position: relative; }
        td.none { color: #9e9e9e; }
        td.cell summary { cursor: pointer; padding: 0.35em 0.5em; font-weight: 600; list-style: none; }
        td.cell summary::-webkit-details-marker { display: none; }
        td.cell .evidence { position: absolute; z-index: 2; left: 0; top: 100%; width: 44em; max-width: 80vw; text-align: left;
          background: #fff; color: #212121; border: 1px solid #9e9e9e; box-shadow: 0 4px 12px rgba(0,0,0,0.25); padding: 0.6em; }
        table.grid { border-collapse: collapse; margin: 0.4em 0; }
        table.grid td, table.grid th { border: 1px solid #e0e0e0; padding: 0.1em 0.5em; text-align: left; }
        table.grid tr.failed { background: #ffebee; }
        .dropped { color: #b71c1c; font-weight: 600; }
        section.variant { border-left: 4px solid #90a4ae; padding-left: 0.8em; margin: 1em 0; }
        """ + "\n" + outcomes.joined(separator: "\n")
    }

    /// Progressive only: without it every cell still unfolds on its own.
    static let script = """
    const problems = ['fail', 'crash', 'hang', 'error'];
    document.getElementById('problems-only').addEventListener('change', (event) => {
      for (const row of document.querySelectorAll('table.matrix tbody tr')) {
        const cells = [...row.querySelectorAll('td.cell')];
        row.hidden = event.target.checked && !cells.some((cell) => problems.includes(cell.dataset.outcome));
      }
    });
    // One cell's evidence open at a time: the panels overlay the matrix.
    const closeOthers = (keep) => {
      for (const details of document.querySelectorAll('td.cell details[open]')) {
        if (details !== keep) details.open = false;
      }
    };
    document.querySelector('table.matrix').addEventListener('toggle', (event) => {
      if (event.target.open) closeOthers(event.target);
    }, true);
    document.addEventListener('keydown', (event) => { if (event.key === 'Escape') closeOthers(null); });
    """
}
