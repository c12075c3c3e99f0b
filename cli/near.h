/* "Did you mean": the candidate nearest to a mistyped word (a command, a
 * long option, a type or code name), if one is near enough to be what
 * was meant.  Candidates are fed one at a time, so callers walk their
 * own tables. */
#ifndef ICMPKIT_CLI_NEAR_H
#define ICMPKIT_CLI_NEAR_H

struct cli_near {
	const char *word;
	int best;      /* distance of the best so far (large: none) */
	char out[64];  /* what to suggest for it ("ping", "--stats", "-i") */
	char fix[160]; /* "did you mean ping?", made by cli_near_fix() */
};

void cli_near_init(struct cli_near *n, const char *word);
/* Offer cand, suggested as say (NULL: cand itself). */
void cli_near_try(struct cli_near *n, const char *cand, const char *say);
/* The suggestion, or NULL when nothing is near. */
const char *cli_near_best(const struct cli_near *n);
/* "did you mean X?" when something is near, else fallback. */
const char *cli_near_fix(struct cli_near *n, const char *fallback);
/* "did you mean X? tail" when something is near, else tail. */
const char *cli_near_hint(struct cli_near *n, const char *tail);

#endif
