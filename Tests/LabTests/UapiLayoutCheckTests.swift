import Testing
@testable import Lab

/// Which of a uapi header's includes the check exports from the tree.
@Suite struct UapiLayoutCheckTests {
    @Test func onlyLinuxHeadersOfTheirOwnNameAreFollowed() {
        let header = """
        #include <linux/types.h>
        #  include <linux/ioctl.h>
        #include <asm/byteorder.h>
        #include <linux/netfilter/x_tables.h>
        #include "local.h"
        /* #include <linux/stddef.h> is what 7.3's vfio.h adds */
        #include <linux/stddef.h>
        """
        #expect(UapiLayoutCheck.includes(in: header) == ["types", "ioctl", "stddef"])
    }
}
