/* Commands of the capture side.  Each returns the exit status and fills
 * errbuf when it is 2 (main prints it). */
#ifndef ICMPKIT_CAPTURE_CAP_H
#define ICMPKIT_CAPTURE_CAP_H

int cmd_read(int argc, char **argv, char *errbuf);
void usage_read(void);
int cmd_sniff(int argc, char **argv, char *errbuf);
void usage_sniff(void);

#endif
