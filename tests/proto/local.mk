# tests/proto/local.mk — the wire-level protocol probe (hand-built XDR, no
# libtirpc) and the system tests that run it. Included from tests/local.mk.
#
# rpcprobe prints TAP; `tests/proto/rpcprobe --help` lists its options and
# sections. t20 runs the protocol sections, t21 the kernel's registration
# sequence (PROBE_IDLE seconds of idle, default 8).
check_PROGRAMS += tests/proto/rpcprobe
tests_proto_rpcprobe_SOURCES = tests/proto/rpcprobe.c tests/proto/rpcprobe.h \
	tests/proto/client.c tests/proto/sec_procs.c tests/proto/sec_malformed.c \
	tests/proto/sec_streams.c tests/proto/sec_access.c \
	$(PROBE_COMMON_SOURCES)

PROTO_SYSTEM_TESTS = \
	tests/t20-proto.sh \
	tests/t21-kernel.sh \
	tests/t65-resets.sh
TESTS += $(PROTO_SYSTEM_TESTS)
EXTRA_DIST += $(PROTO_SYSTEM_TESTS)
