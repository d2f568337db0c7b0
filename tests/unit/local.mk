# tests/unit/local.mk — unit tests without sockets, one program per daemon
# module (tests/unit/test_<module>.c), each printing TAP; the tap driver in
# LOG_DRIVER reads them as it reads the shell tests. Every program links the
# internal library (librpcbindd.a: all daemon objects but main.o); test_uaddr
# and test_state also libtirpc, which they compare our encodings against.
# Each program's source is automake's default, tests/unit/test_<module>.c;
# the LDADD lines stay per program, since a global LDADD would link the
# library into every probe of the suite too.
UNIT_TESTS = \
	tests/unit/test_xdr \
	tests/unit/test_rpc \
	tests/unit/test_uaddr \
	tests/unit/test_registry \
	tests/unit/test_proc \
	tests/unit/test_config \
	tests/unit/test_ratelimit \
	tests/unit/test_record \
	tests/unit/test_quota \
	tests/unit/test_log \
	tests/unit/test_stats \
	tests/unit/test_state \
	tests/unit/test_hostsaccess \
	tests/unit/test_stream \
	tests/unit/test_policy \
	tests/unit/test_origin \
	tests/unit/test_forward \
	tests/unit/test_statefile \
	tests/unit/test_bounds

check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
EXTRA_DIST += tests/unit/tap.h tests/unit/wire.h tests/unit/unit.h \
	tests/unit/regrows.h tests/common/tapline.h

# test_bounds reads the manual pages (man/ under top_srcdir) and compares
# their numbers with bounds.h: headers only, it links nothing.
tests_unit_test_xdr_LDADD = $(LIBRPCBINDD)
tests_unit_test_rpc_LDADD = $(LIBRPCBINDD)
tests_unit_test_registry_LDADD = $(LIBRPCBINDD)
tests_unit_test_proc_LDADD = $(LIBRPCBINDD)
tests_unit_test_config_LDADD = $(LIBRPCBINDD)
tests_unit_test_ratelimit_LDADD = $(LIBRPCBINDD)
tests_unit_test_record_LDADD = $(LIBRPCBINDD)
tests_unit_test_quota_LDADD = $(LIBRPCBINDD)
tests_unit_test_log_LDADD = $(LIBRPCBINDD)
tests_unit_test_stats_LDADD = $(LIBRPCBINDD)
tests_unit_test_hostsaccess_LDADD = $(LIBRPCBINDD)
tests_unit_test_policy_LDADD = $(LIBRPCBINDD)
tests_unit_test_origin_LDADD = $(LIBRPCBINDD)
tests_unit_test_forward_LDADD = $(LIBRPCBINDD)
tests_unit_test_statefile_LDADD = $(LIBRPCBINDD)
tests_unit_test_stream_LDADD = $(LIBRPCBINDD)
# Allocation failures on demand (the test defines the wrappers).
tests_unit_test_stream_LDFLAGS = $(AM_LDFLAGS) \
	-Wl,--wrap=malloc -Wl,--wrap=realloc
tests_unit_test_uaddr_CFLAGS = $(AM_CFLAGS) $(TIRPC_CFLAGS)
tests_unit_test_uaddr_LDADD = $(LIBRPCBINDD) $(TIRPC_LIBS)
tests_unit_test_state_CFLAGS = $(AM_CFLAGS) $(TIRPC_CFLAGS)
tests_unit_test_state_LDADD = $(LIBRPCBINDD) $(TIRPC_LIBS)
