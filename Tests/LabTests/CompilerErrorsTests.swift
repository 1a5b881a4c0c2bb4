import Testing
@testable import Lab

@Suite struct CompilerErrorsTests {
    @Test func theFirstCompilerAndLinkerErrorsAreQuoted() {
        let log = """
              CC [M]  drivers/vfio/vfio_main.o
            drivers/vfio/vfio_main.c: In function 'vfio_register_group_dev':
            ../../source/linux-source-6.12/drivers/vfio/vfio_main.c:42:9: error: 'devv' undeclared (first use in this function)
            drivers/vfio/vfio_main.c:42:9: note: each undeclared identifier is reported only once
            make[4]: *** [scripts/Makefile.build:229: drivers/vfio/vfio_main.o] Error 1
            ld: drivers/vfio/group.o: in function `vfio_group_open': undefined reference to `vfio_gone'
            """
        #expect(CompilerErrors.first(in: log, tree: "/root/.cache/vfio-conformance/source/linux-source-6.12") == [
            "drivers/vfio/vfio_main.c:42:9: error: 'devv' undeclared (first use in this function)",
            "ld: drivers/vfio/group.o: in function `vfio_group_open': undefined reference to `vfio_gone'",
        ])
    }

    /// A build that failed for want of a tool is the harness's error, not
    /// the series': nothing to quote.
    @Test func aToolFailureHasNoCompilerErrors() {
        #expect(CompilerErrors.first(in: "/bin/sh: 1: ccache: not found\nmake: *** [Makefile:224: __sub-make] Error 2\n", tree: "/src/linux").isEmpty)
    }
}
