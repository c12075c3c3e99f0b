/* The nearest candidate of cli/near.h, by edit distance. */
#include "near.h"

#include <stdio.h>
#include <string.h>

#define NEAR_MAX  48 /* longer words are not compared */
#define NEAR_NONE 1000

/* Optimal string alignment distance: insertions, deletions,
 * substitutions and swaps of two neighbours ("pnig" is one from
 * "ping"), each costing one. */
static int
near_dist(const char *a, const char *b)
{
	int d[NEAR_MAX + 1][NEAR_MAX + 1];
	int la = (int)strlen(a), lb = (int)strlen(b), i, j;

	if (la > NEAR_MAX || lb > NEAR_MAX)
		return NEAR_NONE;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
		}
	return d[la][lb];
}

/* How far a word may be from what was meant: one slip in a short word,
 * up to three in a long one. */
static int
near_limit(const char *word)
{
	int n = (int)strlen(word);

	return n <= 4 ? 1 : n <= 8 ? 2 : 3;
}

void
cli_near_init(struct cli_near *n, const char *word)
{
	n->word = word;
	n->best = NEAR_NONE;
	n->out[0] = 0;
	n->fix[0] = 0;
}

void
cli_near_try(struct cli_near *n, const char *cand, const char *say)
{
	int d;

	if (!cand || !*cand)
		return;
	d = near_dist(n->word, cand);
	/* A word cut short ("port-unreach") is as near as one slip. */
	if (strlen(n->word) >= 3 && !strncmp(cand, n->word, strlen(n->word)))
		d = d < 1 ? d : 1;
	if (d < n->best && d <= near_limit(n->word)) {
		n->best = d;
		snprintf(n->out, sizeof(n->out), "%s", say ? say : cand);
	}
}

const char *
cli_near_best(const struct cli_near *n)
{
	return n->best == NEAR_NONE ? NULL : n->out;
}

const char *
cli_near_fix(struct cli_near *n, const char *fallback)
{
	if (n->best == NEAR_NONE)
		return fallback;
	snprintf(n->fix, sizeof(n->fix), "did you mean %s?", n->out);
	return n->fix;
}

const char *
cli_near_hint(struct cli_near *n, const char *tail)
{
	if (n->best == NEAR_NONE)
		return tail;
	snprintf(n->fix, sizeof(n->fix), "did you mean %s? %s", n->out, tail);
	return n->fix;
}
