# tests/local.mk — included from the top Makefile.am. Each part of the suite
# keeps its own fragment beside its sources and is included here.
EXTRA_DIST += tests/lib.sh

# What every hand-built wire probe links beside its own sources (TAP lines,
# clocks, bounded socket I/O, the RPC headers): tests/common/, see probe.h.
PROBE_COMMON_SOURCES = tests/common/probe.c tests/common/probe.h \
	tests/common/wire.h tests/common/be.h tests/common/tapline.h

include $(srcdir)/tests/clients/local.mk
include $(srcdir)/tests/proto/local.mk

# Command line, man page and unit checks (no sockets).
TESTS += tests/t01-cli.sh
EXTRA_DIST += tests/t01-cli.sh
include $(srcdir)/tests/unit/local.mk
include $(srcdir)/tests/bounds/local.mk
include $(srcdir)/tests/sandbox/local.mk

# Installation, and the sysvinit script.
TESTS += tests/t02-install.sh tests/t42-initscript.sh
EXTRA_DIST += tests/t02-install.sh tests/t42-initscript.sh
# The Debian package (debian/): builds from a clean copy, lintian-clean.
TESTS += tests/t03-package.sh
EXTRA_DIST += tests/t03-package.sh
# tools/build.sh pulls build dependencies only; tools/test-deps.sh's
# policy-rc.d never outlives it.
TESTS += tests/t04-deps.sh
EXTRA_DIST += tests/t04-deps.sh
# What the package's scripts ask systemd (a fake systemctl).
TESTS += tests/t05-handover.sh
EXTRA_DIST += tests/t05-handover.sh
include $(srcdir)/tests/exposure/local.mk
include $(srcdir)/tests/nfs/local.mk
include $(srcdir)/tests/state/local.mk
include $(srcdir)/tests/abuse/local.mk
include $(srcdir)/tests/bench/local.mk
include $(srcdir)/tests/mutants/local.mk

# The Debian package under a real systemd: a stage of tools/run-tests.sh of
# its own (tools/host-test.sh), not part of `make check`.
EXTRA_DIST += tools/host-test.sh tests/host/lib.sh tests/host/ct.sh \
	tests/host/lifecycle.sh
