/// A KCIDB submission as kcidb-io's schema v5.3 validates it: the objects
/// KernelCI's common database keeps, linked by "origin:local-id" ids.
/// Properties carry the schema's names in camel case (the encoder writes
/// snake case); nil ones are left out, since the schema allows no nulls.
struct KCIDBDocument: Encodable {
    struct Version: Encodable {
        var major = 5
        var minor = 3
    }

    /// The schema's status names that a cell or a variant can come to.
    enum Status: String, Encodable {
        case pass = "PASS", fail = "FAIL", error = "ERROR", skip = "SKIP"
    }

    struct Checkout: Encodable {
        struct Misc: Encodable {
            var patches: [String]
        }

        var id: String
        var origin: String
        var comment: String?
        var patchsetHash: String?
        var valid: Bool
        var misc: Misc?
    }

    struct Build: Encodable {
        struct Misc: Encodable {
            var kernelRelease: String?
            var kernelSource: String?
            var variantState: String?
        }

        var id: String
        var origin: String
        var checkoutId: String
        var architecture: String
        var configName: String
        var comment: String?
        var status: Status?
        var logExcerpt: String?
        var misc: Misc
    }

    struct Test: Encodable {
        struct Environment: Encodable {
            struct Misc: Encodable {
                var topology: String
            }

            var comment: String
            var misc: Misc
        }

        struct Misc: Encodable {
            var outcome: String
        }

        var id: String
        var origin: String
        var buildId: String
        var path: String
        var environment: Environment
        var status: Status
        var duration: Double
        var logExcerpt: String
        /// The reproducer's repro.c and run.sh, carried in data: URLs since
        /// the harness stores no files anywhere a URL could name.
        var outputFiles: [Resource]?
        var misc: Misc
    }

    /// The schema's named file, its contents at `url`.
    struct Resource: Encodable {
        var name: String
        var url: String
    }

    var version = Version()
    var checkouts: [Checkout]
    var builds: [Build]
    var tests: [Test]
}
