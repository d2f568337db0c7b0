/*
 * tests/proto/rpcprobe.h — what the files of rpcprobe share: the options,
 * the transports, one call and its reply, the expected outcomes and the
 * checks that print TAP (client.c), and the sections (sec_*.c), which
 * rpcprobe.c runs. See the comment at the top of rpcprobe.c.
 */
#ifndef RPCPROBE_H
#define RPCPROBE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define T_REPLY		2000	/* ms to wait for an expected reply */
#define T_SILENT	500	/* ms of silence that count as "no reply" */
#define WB_MAX		4096	/* largest request we build */
#define REPLY_MAX	65536	/* largest reply we accept */
#define MAX_ENTRIES	512	/* DUMP / GETADDRLIST entries we decode */
#define MAX_STALE	16	/* replies with another xid skipped per wait */

#include "../common/probe.h"

/* Test programs, in the user-defined range 0x20000000-0x3fffffff. */
#define TPROG(n)	(0x3a5e0000u + (n))

/* ------------------------------------------------------------ options */

enum target { TGT_RPCBINDD, TGT_RPCBIND };
extern enum target target;
extern const char *sock_path;
extern uint16_t server_port;
extern unsigned idle_secs;

#define REF (target == TGT_RPCBIND)

/* --------------------------------------------------------- transports */

enum tr { TR_UDP4, TR_UDP6, TR_TCP4, TR_TCP6, TR_PATH, TR_ABSTRACT, TR_COUNT };
extern const char *const tr_name[TR_COUNT];

bool tr_stream(enum tr t);
bool tr_missing(enum tr t);

struct conn {
	int fd;
	enum tr tr;
};

#define SRC_ANY		0	/* kernel-chosen (unprivileged) source port */
#define SRC_RESERVED	(-1)	/* a source port below 1024 */

extern uid_t connect_uid;	/* != 0: connect() with this euid (SO_PEERCRED) */

int conn_open(struct conn *c, enum tr tr, int src);
void conn_close(struct conn *c);
void open_or_bail(struct conn *c, enum tr tr, int src);
int conn_send(struct conn *c, const uint8_t *p, size_t n);
long conn_recv(struct conn *c, uint8_t *buf, size_t max, int tmo);

/* ----------------------------------------------------- calls, replies */

/* Outcome of waiting for a reply (struct rpc_reply's got). */
#define GOT_REPLY	1
#define GOT_NONE	0	/* deadline passed in silence */
#define GOT_CLOSED	(-1)	/* EOF or reset on a stream, refused on UDP */
#define GOT_ERR		(-2)	/* could not send */
#define GOT_BAD		(-3)	/* a reply that does not decode */

struct reply {
	struct rpc_reply m;
	uint8_t buf[REPLY_MAX];
};

void parse_reply(struct reply *rp);
void await_reply(struct conn *c, uint32_t xid, struct reply *rp, int tmo);
void send_call(struct conn *c, const struct call_hdr *h, uint32_t prog, uint32_t vers,
    uint32_t proc, const struct wb *args, struct reply *rp, int tmo);
void pm(struct conn *c, uint32_t vers, uint32_t proc, const struct wb *args, struct reply *rp);
const char *describe(const struct reply *rp, char *buf, size_t n);

/* ---------------------------------------------------- expected outcomes */

enum xk {
	X_NONE, X_SUCCESS, X_SILENT, X_CLOSED, X_PROG_UNAVAIL, X_PROG_MISMATCH,
	X_PROC_UNAVAIL, X_GARBAGE, X_SYSERR, X_RPC_MISMATCH, X_AUTH,
};
struct ex {
	enum xk k;
	uint32_t a, b;		/* lo/hi, or the auth_stat (0: any) */
};
#define EX(k)		((struct ex){ (k), 0, 0 })
#define EX_AUTH(s)	((struct ex){ X_AUTH, (s), 0 })
#define EX_PROGMIS	((struct ex){ X_PROG_MISMATCH, 2, 4 })
#define EX_RPCMIS	((struct ex){ X_RPC_MISMATCH, 2, 2 })
#define NOALT		EX(X_NONE)
/* A second outcome accepted from the reference rpcbind only: rpcbindd's
 * behaviour is fixed, so it must give the first. */
#define REFALT(x)	(REF ? (x) : NOALT)

bool matches(const struct reply *rp, struct ex e);
bool check(const char *desc, const struct reply *rp, struct ex e, struct ex alt);
bool expect_on(enum tr tr, int src, const struct call_hdr *h, uint32_t prog, uint32_t vers,
    uint32_t proc, const struct wb *args, struct ex e, struct ex alt, const char *desc);
bool alive(enum tr tr);
void check_alive(const char *after);

/* One call of a table: arguments as words and strings (see w_spec()), the
 * answer rpcbindd must give and, when it differs, what the reference may
 * give and say. */
struct argcase {
	enum tr tr;
	uint32_t vers, proc;
	const char *args;
	struct ex e;
	const char *desc;
	struct ex ref, ref_alt;	/* ref.k == X_NONE: as rpcbindd */
	const char *ref_desc;	/* NULL: desc */
};
#define XK(k)	{ (k), 0, 0 }

void w_spec(struct wb *w, const char *spec, uint32_t prog);
void run_argcases(const struct argcase *cs, size_t n, uint32_t prog);

/* ----------------------------------------------------- result decoders */

bool call_ok(struct conn *c, uint32_t vers, uint32_t proc, const struct wb *args,
    struct reply *rp, const char *desc);
bool set_rpcb(struct conn *c, uint32_t vers, uint32_t proc, uint32_t prog, uint32_t pvers,
    const char *netid, const char *addr, const char *owner, uint32_t want, const char *desc);
bool set_pmap(struct conn *c, uint32_t proc, uint32_t prog, uint32_t vers, uint32_t prot,
    uint32_t port, uint32_t want, const char *desc);
long getport(struct conn *c, uint32_t prog, uint32_t vers, uint32_t prot, const char *desc);
bool expect_port(struct conn *c, uint32_t prog, uint32_t vers, uint32_t prot, long want,
    const char *desc);
bool get_string(struct conn *c, uint32_t vers, uint32_t proc, const struct wb *args,
    char *out, size_t max, const char *desc);
bool expect_addr(struct conn *c, uint32_t vers, uint32_t proc, uint32_t prog, uint32_t pvers,
    const char *netid, const char *hint, const char *want, const char *alt, const char *desc);

struct pmap_ent {
	uint32_t prog, vers, prot, port;
};

struct rpcb_ent {
	uint32_t prog, vers;
	char netid[320], addr[1200], owner[1200];
};

int dump_pmap(struct conn *c, const char *desc);
int dump_rpcb(struct conn *c, uint32_t vers, const char *desc);
const struct pmap_ent *find_pmap(int n, uint32_t prog, uint32_t vers, uint32_t prot);
const struct rpcb_ent *find_rpcb(int n, uint32_t prog, uint32_t vers, const char *netid);
int count_prog(int n, uint32_t prog, uint32_t vers);
void diag_rpcb(int n);
bool expect_entry(int n, uint32_t prog, uint32_t vers, const char *netid, const char *addr,
    const char *owner, const char *desc);
bool ends_with(const char *s, const char *suffix);

/* ----------------------------------------------------------- sections */

void sec_basic(void);
void sec_pmap(void);
void sec_rpcb(void);
void sec_errors(void);
void sec_rpcvers(void);
void sec_garbage(void);
void sec_auth(void);
void sec_junk(void);
void sec_remote(void);
void sec_tcp(void);
void sec_access(void);
void sec_kernel(void);
void sec_resets(void);
void sec_burst(void);

#endif
