/*
 * registry.c — the mappings. A fixed array in registration order; at most
 * RB_REG_MAX entries, RB_REG_PER_OWNER per non-root owner, a reserve for
 * root so unprivileged users cannot crowd out the kernel's nfsd/lockd, and
 * one cap for all the users that are neither root nor service users
 * (quota.h), so rpc.statd keeps its room however many uids register.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "quota.h"
#include "registry.h"
#include "uaddr.h"
#include "xdr.h"

static struct reg_entry	reg[RB_REG_MAX];
static size_t		nreg;
static uint32_t		generation;
/* Refusals are provoked by local users: rate-limited. */
static struct log_limit	full_limit;

void
reg_clear(void)
{
	nreg = 0;
	generation++;
}

const struct reg_entry *
reg_get(size_t i)
{
	return i < nreg ? &reg[i] : NULL;
}

uint32_t
reg_generation(void)
{
	return generation;
}

bool
reg_pmap_view(const struct reg_entry *e, uint32_t *prot)
{
	if (strcasecmp(e->netid, "udp") == 0)
		*prot = IPPROTO_UDP;
	else if (strcasecmp(e->netid, "tcp") == 0)
		*prot = IPPROTO_TCP;
	else
		return false;
	return true;
}

const struct reg_entry *
reg_find(uint32_t prog, uint32_t vers, const char *netid)
{
	const struct reg_entry *hit = NULL;
	size_t i;

	for (i = 0; i < nreg; i++) {
		if (reg[i].prog != prog || strcasecmp(reg[i].netid, netid) != 0)
			continue;
		hit = &reg[i];
		if (reg[i].vers == vers)
			break;
	}
	return hit;
}

const struct reg_entry *
reg_find_pmap(uint32_t prog, uint32_t vers, uint32_t prot)
{
	if (prot == IPPROTO_UDP)
		return reg_find(prog, vers, "udp");
	if (prot == IPPROTO_TCP)
		return reg_find(prog, vers, "tcp");
	return NULL;
}

static void
parse_addr(struct reg_entry *e)
{
	struct sockaddr_storage ss;
	socklen_t len;

	memset(e->addr, 0, sizeof(e->addr));
	e->family = 0;
	e->port = 0;
	e->wildcard = false;
	if (uaddr_to_sa(e->uaddr, &ss, &len) == -1)
		return;
	e->family = (uint8_t)ss.ss_family;
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)&ss;

		memcpy(e->addr, &sin->sin_addr, 4);
		e->port = ntohs(sin->sin_port);
		e->wildcard = sin->sin_addr.s_addr == INADDR_ANY;
	} else {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)&ss;

		memcpy(e->addr, &sin6->sin6_addr, 16);
		e->port = ntohs(sin6->sin6_port);
		e->wildcard = IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr);
	}
}

/* Entries of `owner`, of its class, and of every non-root owner. */
static void
count_owners(const char *owner, enum quota_class qc, size_t *mine,
    size_t *same_class, size_t *nonroot)
{
	enum quota_class ec;
	size_t i;

	*mine = *same_class = *nonroot = 0;
	for (i = 0; i < nreg; i++) {
		if (strcmp(reg[i].owner, owner) == 0) {
			(*mine)++;
			ec = qc;
		} else
			ec = quota_class_owner(reg[i].owner);
		if (ec == qc)
			(*same_class)++;
		if (ec != QUOTA_ROOT)
			(*nonroot)++;
	}
}

/* Whether `owner` may add an entry; NULL if so, else why not. */
static const char *
over_quota(const char *owner)
{
	enum quota_class qc = quota_class_owner(owner);
	size_t mine, same_class, nonroot;

	if (nreg >= RB_REG_MAX)
		return "the registry is full";
	if (qc == QUOTA_ROOT)
		return NULL;
	count_owners(owner, qc, &mine, &same_class, &nonroot);
	if (nonroot >= RB_REG_MAX - RB_REG_ROOT_RESERVE)
		return "the rest is root's";
	if (mine >= RB_REG_PER_OWNER)
		return "the most one user may have";
	if (qc == QUOTA_OTHER && same_class >= RB_REG_OTHERS_MAX)
		return "other users have all theirs";
	return NULL;
}

bool
reg_set(uint32_t prog, uint32_t vers, const char *netid, const char *uaddr,
    const char *owner)
{
	char enetid[LOG_ESCAPED(RB_NETID_MAX)];
	char eowner[LOG_ESCAPED(RB_OWNER_MAX)];
	const struct reg_entry *fnd;
	struct reg_entry *e;
	const char *why;

	if (strlen(netid) > RB_NETID_MAX || strlen(uaddr) > RB_UADDR_MAX ||
	    strlen(owner) > RB_OWNER_MAX || netid[0] == '\0')
		return false;
	fnd = reg_find(prog, vers, netid);
	if (fnd != NULL && fnd->vers == vers)
		return strcmp(fnd->uaddr, uaddr) == 0;
	if ((why = over_quota(owner)) != NULL) {
		log_ratelimited(&full_limit, "registration of %u/%u/%s by %s "
		    "refused: %s (%zu entries; per user %d, other users %d, "
		    "root's reserve %d)", prog, vers,
		    log_escape(enetid, sizeof(enetid), netid, strlen(netid)),
		    log_escape(eowner, sizeof(eowner), owner, strlen(owner)),
		    why, nreg, RB_REG_PER_OWNER, RB_REG_OTHERS_MAX,
		    RB_REG_ROOT_RESERVE);
		return false;
	}
	e = &reg[nreg++];
	e->prog = prog;
	e->vers = vers;
	strcpy(e->netid, netid);
	strcpy(e->uaddr, uaddr);
	strcpy(e->owner, owner);
	parse_addr(e);
	generation++;
	return true;
}

static bool
unset_match(const struct reg_entry *e, uint32_t prog, uint32_t vers,
    const char *netid)
{
	return e->prog == prog && e->vers == vers &&
	    (netid[0] == '\0' || strcasecmp(e->netid, netid) == 0);
}

bool
reg_unset(uint32_t prog, uint32_t vers, const char *netid, const char *owner)
{
	size_t i, j;
	bool root = strcmp(owner, OWNER_SUPERUSER) == 0;

	/* Check every match first: rpcbind removes the entries before the
	 * first foreign one and then fails; we remove all or nothing. */
	for (i = 0; i < nreg; i++)
		if (unset_match(&reg[i], prog, vers, netid) && !root &&
		    strcmp(reg[i].owner, owner) != 0)
			return false;
	for (i = j = 0; i < nreg; i++) {
		if (unset_match(&reg[i], prog, vers, netid))
			continue;
		if (i != j)
			reg[j] = reg[i];
		j++;
	}
	if (j != nreg) {
		nreg = j;
		generation++;
	}
	return true;
}

void
reg_encode_rpcblist(struct xdr_out *o)
{
	size_t i;

	for (i = 0; i < nreg; i++) {
		xout_u32(o, 1);
		xout_u32(o, reg[i].prog);
		xout_u32(o, reg[i].vers);
		xout_string(o, reg[i].netid);
		xout_string(o, reg[i].uaddr);
		xout_string(o, reg[i].owner);
	}
	xout_u32(o, 0);
}
