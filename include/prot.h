/*
 * prot.h — the portmapper's numbers on the wire (RFC 1833): its program
 * number and the procedures of PMAP v2 and RPCBIND v3 and v4. A procedure
 * has the same number in every version that has it; the names are v3's,
 * with v2's and v4's where they differ.
 */
#ifndef RPCBINDD_PROT_H
#define RPCBINDD_PROT_H

#define PMAP_PROG	100000

#define P_NULL		0
#define P_SET		1
#define P_UNSET		2
#define P_GETADDR	3	/* GETPORT in v2 */
#define P_DUMP		4
#define P_CALLIT	5	/* BCAST in v4 */
#define P_GETTIME	6
#define P_UADDR2TADDR	7
#define P_TADDR2UADDR	8
#define P_GETVERSADDR	9
#define P_INDIRECT	10
#define P_GETADDRLIST	11
#define P_GETSTAT	12

/* The highest procedure number of each version. */
#define PMAP_HIGHPROC	5
#define RPCB3_HIGHPROC	8
#define RPCB4_HIGHPROC	12

#endif
