/*
 * tests/common/wire.h — the protocol numbers of ONC RPC (RFC 5531) and the
 * portmapper (RFC 1833) that the wire probes build and check by hand.
 *
 * Kept apart from <rpc/rpc.h> on purpose: the probes must not depend on
 * libtirpc, whose decoders are one of the things under test.
 */
#ifndef TESTS_COMMON_WIRE_H
#define TESTS_COMMON_WIRE_H

#define PMAP_PROG	100000u
#define PMAP_PORT	111u
#define NFS_PROG	100003u
#define NLM_PROG	100021u

/* msg_type, reply_stat, accept_stat, reject_stat, auth_stat */
#define MT_CALL		0u
#define MT_REPLY	1u
#define RS_ACCEPTED	0u
#define RS_DENIED	1u
#define AS_SUCCESS	0u
#define AS_PROG_UNAVAIL	1u
#define AS_PROG_MISMATCH 2u
#define AS_PROC_UNAVAIL	3u
#define AS_GARBAGE_ARGS	4u
#define AS_SYSTEM_ERR	5u
#define RJ_RPC_MISMATCH	0u
#define RJ_AUTH_ERROR	1u
#define AU_BADCRED	1u
#define AU_REJECTEDCRED	2u
#define AU_BADVERF	3u
#define AU_REJECTEDVERF	4u
#define AU_TOOWEAK	5u

#define AUTH_NONE_F	0u
#define AUTH_SYS_F	1u
#define MAX_AUTH_BYTES	400u

/* PMAP v2 procedures */
#define PMAPPROC_NULL		0u
#define PMAPPROC_SET		1u
#define PMAPPROC_UNSET		2u
#define PMAPPROC_GETPORT	3u
#define PMAPPROC_DUMP		4u
#define PMAPPROC_CALLIT		5u

/* RPCBIND v3/v4 procedures */
#define RPCBPROC_NULL		0u
#define RPCBPROC_SET		1u
#define RPCBPROC_UNSET		2u
#define RPCBPROC_GETADDR	3u
#define RPCBPROC_DUMP		4u
#define RPCBPROC_CALLIT		5u	/* v3; v4 calls it BCAST */
#define RPCBPROC_GETTIME	6u
#define RPCBPROC_UADDR2TADDR	7u
#define RPCBPROC_TADDR2UADDR	8u
#define RPCBPROC_GETVERSADDR	9u
#define RPCBPROC_INDIRECT	10u
#define RPCBPROC_GETADDRLIST	11u
#define RPCBPROC_GETSTAT	12u

#define IPPROTO_TCP_N	6u
#define IPPROTO_UDP_N	17u

/* rpcb_stat: info[RPCBSTAT_HIGHPROC], one block per version 2, 3, 4 */
#define RPCBSTAT_HIGHPROC	13
#define RPCBVERS_STAT		3

#endif
