/* ND options and other structured parts of a message body, from send's
 * options (inject/ndopt.c). */
#ifndef ICMPKIT_INJECT_NDOPT_H
#define ICMPKIT_INJECT_NDOPT_H

#include <stddef.h>
#include <stdint.h>

struct inj_body {
	uint8_t b[4096];
	size_t len;
};

int inj_opt_prefix(struct inj_body *b, const char *arg, char *errbuf);
int inj_opt_mtu(struct inj_body *b, uint32_t mtu, char *errbuf);
int inj_opt_rdnss(struct inj_body *b, const char *arg, char *errbuf);
int inj_opt_dnssl(struct inj_body *b, const char *arg, char *errbuf);
int inj_opt_route(struct inj_body *b, const char *arg, char *errbuf);
int inj_opt_pref64(struct inj_body *b, const char *arg, char *errbuf);

#endif
