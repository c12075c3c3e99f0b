#define _GNU_SOURCE /* setresuid, getresuid */
#include "priv.h"

#include <linux/capability.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli.h"

/* The process's capability sets, read or written with the raw system
 * calls (version 3: two words per set); libc has no wrapper, and
 * libcap-ng read /proc/self/status five times per drop. */
static int
caps_get(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};

	return (int)syscall(SYS_capget, &h, d);
}

static int
caps_clear(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	return (int)syscall(SYS_capset, &h, d);
}

/* Empty the capability bounding set, so that not even an exec of a
 * file-capability binary can give a capability back.  That takes
 * CAP_SETPCAP, so it is done before the switch of user; a process
 * started through file capabilities lacks it and relies on
 * no_new_privs instead.  The kernel answers EINVAL past its last
 * capability. */
static int
priv_bounds(char *errbuf)
{
	struct __user_cap_data_struct d[2];
	int c;

	if (caps_get(d) < 0) {
		cli_err(errbuf, "cannot read the capabilities: %s",
			strerror(errno));
		return -1;
	}
	if (!(d[0].effective & (1u << CAP_SETPCAP)))
		return 0;
	for (c = 0; c < 64; c++)
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0) {
			if (errno == EINVAL)
				break;
			cli_err(errbuf,
				"cannot clear the capability bounding set: %s",
				strerror(errno));
			return -1;
		}
	return 0;
}

int
priv_drop(const char *user, char *errbuf)
{
	struct passwd *pw;
	uid_t r, e, s;

	if (priv_bounds(errbuf) < 0)
		return -1;
	if (geteuid() == 0 && strcmp(user, "root") != 0) {
		errno = 0;
		pw = getpwnam(user);
		if (!pw) {
			cli_err(errbuf, "-Z %s: %s", user,
				errno ? strerror(errno) : "no such user");
			return -1;
		}
		if (setgroups(1, &pw->pw_gid) < 0) {
			cli_err(errbuf, "setgroups: %s", strerror(errno));
			return -1;
		}
		if (setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) < 0) {
			cli_err(errbuf, "setresgid %u: %s",
				(unsigned)pw->pw_gid, strerror(errno));
			return -1;
		}
		if (setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) < 0) {
			cli_err(errbuf, "setresuid %u: %s",
				(unsigned)pw->pw_uid, strerror(errno));
			return -1;
		}
		/* Belt and braces: the kernel must agree it is done. */
		if (getresuid(&r, &e, &s) < 0 || r != pw->pw_uid ||
		    e != pw->pw_uid || s != pw->pw_uid) {
			cli_err(errbuf, "setresuid %u: did not take",
				(unsigned)pw->pw_uid);
			return -1;
		}
	}
	/* Effective, permitted and inheritable sets: clearing them needs no
	 * privilege (the bounding set would). */
	if (caps_clear() < 0) {
		cli_err(errbuf, "cannot clear capabilities");
		return -1;
	}
	/* No exec from here on can gain privileges (setuid, file
	 * capabilities); also what a seccomp filter needs. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		cli_err(errbuf, "prctl(PR_SET_NO_NEW_PRIVS): %s",
			strerror(errno));
		return -1;
	}
	return 0;
}
