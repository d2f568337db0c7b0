# tests/clients/local.mk — the libtirpc client program used by the system
# tests, and those tests (tests/t1*-*.sh). Included from tests/local.mk.
#
# rpcbtool: one multi-call program (set, unset, pmap_set, getaddr, getport,
# getmaps, gettime, rmtcall, broadcast, server, call, raw v2/v3/v4 calls...);
# `tests/clients/rpcbtool` without arguments prints the list.
check_PROGRAMS += tests/clients/rpcbtool
tests_clients_rpcbtool_SOURCES = tests/clients/rpcbtool.c
tests_clients_rpcbtool_CFLAGS = $(AM_CFLAGS) $(TIRPC_CFLAGS)
tests_clients_rpcbtool_LDADD = $(TIRPC_LIBS)

# System tests driven by rpcinfo and rpcbtool (root: network namespaces).
CLIENT_SYSTEM_TESTS = \
	tests/t10-rpcinfo.sh \
	tests/t11-libtirpc.sh \
	tests/t12-compare.sh \
	tests/t13-rmtcall.sh \
	tests/t14-rmtcall-target.sh \
	tests/t44-squat.sh
TESTS += $(CLIENT_SYSTEM_TESTS)
EXTRA_DIST += $(CLIENT_SYSTEM_TESTS)
