# rpcbindd-check/local.mk — rpcbindd-check, the "what does a scanner see"
# probe an admin runs from another host. Included from the top Makefile.am.
# Its sources are not part of librpcbindd.a (reply.c, the reply decoder, is
# linked by fuzz/fuzz_check too); it links the library for the bounded XDR
# cursors, the RPC call header encoder and universal addresses.
sbin_PROGRAMS += rpcbindd-check/rpcbindd-check
rpcbindd_check_rpcbindd_check_SOURCES = rpcbindd-check/main.c \
	rpcbindd-check/probe.c rpcbindd-check/probe.h \
	rpcbindd-check/reply.c rpcbindd-check/reply.h
rpcbindd_check_rpcbindd_check_LDADD = $(LIBRPCBINDD)
dist_man_MANS += man/rpcbindd-check.8

# System test (root: network namespaces and a veth pair).
TESTS += tests/t55-check.sh
EXTRA_DIST += tests/t55-check.sh

# A fake portmapper that amplifies in datagrams, for t55-check.
check_PROGRAMS += tests/check/fakepm
tests_check_fakepm_SOURCES = tests/check/fakepm.c \
	$(PROBE_COMMON_SOURCES)
