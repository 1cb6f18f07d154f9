/*
 * priv: the extra group of a setgid install (secure mode). Installed
 * setgid to the database's group, baton starts with that group as its
 * effective group; priv_start() puts it aside at once (it stays the saved
 * set-group-ID), so that every file is opened with the real user's rights.
 * The store takes it back with priv_raise() only while it opens or closes
 * the database and its -wal and -shm files, and gives it up again with
 * priv_lower(). A forgotten path therefore fails closed: it is refused,
 * never given the group's rights.
 *
 * The state is the process's own credentials (getresgid), so this module
 * keeps no variable of its own. Outside secure mode every call is a no-op.
 */
#ifndef BATON_PRIV_H
#define BATON_PRIV_H

#include <stdbool.h>

#include "baton/err.h"

/* Call first thing in main. In a setgid run: makes sure descriptors 0-2
 * are open (so that no file baton opens lands on one) and lowers the
 * effective group to the real one. A setuid install is refused
 * (ERR_DENIED): baton is meant to be setgid only. */
int priv_start(struct err *e);
/* True when this process runs setgid to a group other than its real one. */
bool priv_secure(void);
/* The extra group's name ("" outside secure mode, or when it has no name). */
const char *priv_group_name(char *buf, unsigned long n);
/* Takes the extra group as effective group / gives it up again. Both
 * abort the process if the kernel refuses: carrying on with the wrong
 * rights is never an option. */
void priv_raise(void);
void priv_lower(void);

#endif
