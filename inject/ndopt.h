/* ND options and other structured parts of a message body, from send's
 * options (inject/ndopt.c). */
#ifndef ICMPKIT_INJECT_NDOPT_H
#define ICMPKIT_INJECT_NDOPT_H

#include <stddef.h>
#include <stdint.h>

struct inj_body {
	uint8_t b[4096];
	size_t len;
	unsigned n; /* entries of a list */
};

int inj_opt_prefix(struct inj_body *b, const char *arg, char *errbuf);
int inj_opt_lla(struct inj_body *b, int type, const char *arg, char *errbuf);
int inj_opt_mtu(struct inj_body *b, uint32_t mtu, char *errbuf);
int inj_opt_rdnss(struct inj_body *b, const char *arg, char *errbuf);
int inj_opt_dnssl(struct inj_body *b, const char *arg, char *errbuf);
int inj_opt_route(struct inj_body *b, const char *arg, char *errbuf);
int inj_opt_pref64(struct inj_body *b, const char *arg, char *errbuf);

/* RFC 4620 node information data (a query's subject, a reply's
 * addresses or names), each with an optional TTL before it. */
int inj_ni_addr(struct inj_body *b, const char *arg, char *errbuf);
int inj_ni_name(struct inj_body *b, const char *arg, char *errbuf);

/* RFC 2894 prefix-control operations of a router renumbering command. */
int inj_rr_match(struct inj_body *b, const char *arg, char *errbuf);
int inj_rr_use(struct inj_body *b, const char *arg, char *errbuf);

/* Lists: a v4 RA's entries, an MLDv2 query's sources, an MLDv2 report's
 * group records. */
int inj_lst_entry(struct inj_body *b, const char *arg, char *errbuf);
int inj_lst_source(struct inj_body *b, const char *arg, char *errbuf);
int inj_lst_record(struct inj_body *b, const char *arg, char *errbuf);

/* RFC 4884 extension objects (inject/ext.c), gathered in a body; ctype
 * of inj_ext_ifid: 1 name, 2 index, 3 address.  inj_ext_finish writes the
 * structure (header, checksum, objects) to out: 4 + e->len bytes. */
int inj_ext_mpls(struct inj_body *e, const char *arg, char *errbuf);
int inj_ext_ifinfo(struct inj_body *e, const char *arg, char *errbuf);
int inj_ext_ifid(struct inj_body *e, int ctype, const char *arg, char *errbuf);
size_t inj_ext_finish(const struct inj_body *e, uint8_t *out);

#endif
