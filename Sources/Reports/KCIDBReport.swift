import FoundationEssentials
import Results

/// JSON for KernelCI's common database (what `kcidb-submit` reads): one
/// checkout per state of the tree (the run's, or with --each-patch one per
/// patch step), one build per checkout, kernel and variant, one test per cell.
///
/// Every id is a function of the document alone, so rendering it twice
/// submits the same objects, which KCIDB merges. The checkout and builds
/// are keyed by the source and patches, so another run of the same tree
/// reports on the same builds; the tests are keyed by the whole document,
/// so that run's tests are new test runs rather than overwriting these.
public enum KCIDBReport {
    static let origin = "vfio_conformance"
    /// The schema's limit on a log excerpt, in code points (Python's length).
    static let excerptLimit = 16384

    public static func render(_ document: ResultsDocument) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // As for --format json: only a NaN or infinite duration fails, which no document holds.
        do {
            return String(decoding: try encoder.encode(submission(for: document)), as: UTF8.self) + "\n"
        } catch {
            preconditionFailure("KCIDB document cannot be encoded as JSON: \(error)")
        }
    }

    static func submission(for document: ResultsDocument) -> KCIDBDocument {
        let run = ContentKey.of(ReportFormat.json.render(document))
        var checkouts: [KCIDBDocument.Checkout] = []
        var builds: [KCIDBDocument.Build] = []
        var seen = Set<String>()
        let tests = document.cells.map { cell in
            let checkout = checkout(for: document.run, patches: cell.patch?.index ?? document.run.patches.count)
            if seen.insert(checkout.id).inserted { checkouts.append(checkout) }
            let build = build(for: cell, in: document.run, checkout: checkout)
            if seen.insert(build.id).inserted { builds.append(build) }
            return test(for: cell, build: build, run: run)
        }
        return KCIDBDocument(checkouts: checkouts.isEmpty ? [checkout(for: document.run, patches: document.run.patches.count)] : checkouts,
                             builds: builds, tests: tests)
    }

    /// The results keep neither a git URL and commit nor the patches'
    /// text, so the checkout says only what was applied by name; the
    /// patchset hash is known only when there were none (an empty string,
    /// the schema says). A document exists only once every patch applied
    /// (the lab stops otherwise), so the checkout is valid.
    private static func checkout(for run: RunInfo, patches count: Int) -> KCIDBDocument.Checkout {
        let patches = Array(run.patches.prefix(count))
        var key = ContentKey()
        key.add(run.source ?? "")
        patches.forEach { key.add($0) }
        return KCIDBDocument.Checkout(
            id: "\(origin):\(key.hex)", origin: origin, comment: run.source.map { PlainText.clean($0) },
            patchsetHash: patches.isEmpty ? "" : nil, valid: true,
            misc: patches.isEmpty ? nil : .init(patches: patches))
    }

    /// A variant that did not run is a SKIP build: a tree without the
    /// feature, or a Kconfig that removed a requested option, makes the
    /// variant not applicable to that kernel, which is neither a broken
    /// build (FAIL) nor a harness failure (MISS). Without a record of the
    /// variant the status is left out: the schema reads that as unknown.
    private static func build(for cell: Cell, in run: RunInfo, checkout: KCIDBDocument.Checkout) -> KCIDBDocument.Build {
        let info = run.variants.first { $0.name == cell.variant && $0.kernel == cell.kernel && $0.patch == cell.patch }
            ?? run.variants.first { $0.name == cell.variant && $0.kernel == cell.kernel }
            ?? run.variants.first { $0.name == cell.variant && $0.kernel == nil }
        let status: KCIDBDocument.Status? = info.map {
            switch $0.effectiveState {
            case .runs: .pass
            case .buildFailed: .fail
            case .unavailable, .dropped: .skip
            }
        }
        let kernel = cell.kernel.map { "\($0)/" } ?? ""
        return KCIDBDocument.Build(
            id: "\(checkout.id)/\(kernel)\(cell.key.variantLabel)", origin: origin, checkoutId: checkout.id,
            // The lab builds and boots x86_64 guests only.
            architecture: "x86_64", configName: cell.key.variantLabel,
            comment: info.map { PlainText.clean($0.description) }, status: status,
            logExcerpt: info.flatMap { info in info.verdict.map { excerpt([$0] + info.dropped) } },
            misc: .init(kernelRelease: cell.kernel, kernelSource: run.kernels.first { $0.release == cell.kernel }?.source,
                        variantState: info?.effectiveState.rawValue))
    }

    /// Crashes and hangs are FAIL: the kernel oopsed or stopped answering
    /// under the test, which is the tested code being faulty. ERROR is the
    /// harness's own failure, after which the kernel's status is unknown.
    /// The cell's outcome stays in misc, since FAIL does not tell them apart.
    private static func test(for cell: Cell, build: KCIDBDocument.Build, run: String) -> KCIDBDocument.Test {
        let status: KCIDBDocument.Status = switch cell.outcome {
        case .pass: .pass
        case .skip: .skip
        case .fail, .crash, .hang: .fail
        case .error: .error
        }
        return KCIDBDocument.Test(
            id: "\(origin):\(run)/" + (cell.patch.map { "\($0.index)/" } ?? "") + "\(cell.key)", origin: origin, buildId: build.id, path: path(cell.scenario),
            environment: .init(comment: "topology \(cell.topology)", misc: .init(topology: cell.topology.rawValue)),
            status: status, duration: cell.duration, logExcerpt: excerpt(EvidenceLines.lines(for: cell)),
            outputFiles: cell.evidence.reproducer.map { reproducer in
                [.init(name: "repro.c", url: DataURL.of(reproducer.program, type: "text/x-c")),
                 .init(name: "run.sh", url: DataURL.of(reproducer.prelude, type: "text/x-shellscript"))]
            },
            misc: .init(outcome: cell.outcome.rawValue))
    }

    /// "group/open-close" is "vfio_conformance.group.open-close": the
    /// schema's dotted path allows letters, digits, '_' and '-' between dots.
    static func path(_ scenario: String) -> String {
        let parts = scenario.split(separator: "/").map { part in
            String(part.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
        }
        return ([origin] + parts).joined(separator: ".")
    }

    /// The head says the most (summary, step, expectation), so a cut keeps it.
    static func excerpt(_ lines: [String]) -> String {
        let text = PlainText.clean(lines.joined(separator: "\n"), keepingNewlines: true)
        guard text.unicodeScalars.count > excerptLimit else { return text }
        let marker = "\n[cut to \(excerptLimit) characters]"
        var cut = String.UnicodeScalarView()
        cut.append(contentsOf: text.unicodeScalars.prefix(excerptLimit - marker.unicodeScalars.count))
        return String(cut) + marker
    }
}
