# tests/exposure/local.mk — what the daemon shows to hosts that are not
# local (what scanners send, and what they get): a three-host network of
# namespaces (tests/net.sh: server, LAN client, internet host) and the system
# tests that run expprobe and real clients (rpcinfo, nmap) from the other two
# hosts. Included from tests/local.mk.
#
# expprobe: sweep, call, flood, latency, storm, evict, spoof, listen
# (`tests/exposure/expprobe` without arguments lists them).
check_PROGRAMS += tests/exposure/expprobe
tests_exposure_expprobe_SOURCES = tests/exposure/expprobe.c \
	$(PROBE_COMMON_SOURCES)

EXPOSURE_SYSTEM_TESTS = \
	tests/t50-exposure.sh \
	tests/t51-lan.sh \
	tests/t52-listen.sh \
	tests/t53-flood.sh \
	tests/t54-nmap.sh \
	tests/t56-freebind.sh \
	tests/t57-pipeline.sh \
	tests/t58-connflood.sh \
	tests/t59-ratelimit-evict.sh \
	tests/t63-late.sh \
	tests/t64-hostsaccess.sh
TESTS += $(EXPOSURE_SYSTEM_TESTS)
EXTRA_DIST += $(EXPOSURE_SYSTEM_TESTS) tests/net.sh
