/*
 * seccomp_mode.h — what the syscall filter does with a forbidden call: the
 * value of --seccomp (config) and what sb_seccomp_install applies
 * (sandbox). A header of its own so that neither module's header has to
 * include the other's for it.
 */
#ifndef RPCBINDD_SECCOMP_MODE_H
#define RPCBINDD_SECCOMP_MODE_H

enum sb_seccomp {
	SB_SECCOMP_KILL,	/* default: a forbidden call kills the process */
	SB_SECCOMP_LOG,		/* debugging: the kernel logs it, the call runs */
	SB_SECCOMP_OFF,		/* no filter (warned about at startup) */
};

#endif
