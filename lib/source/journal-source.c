/* SPDX-License-Identifier: MIT */
/*
 * The systemd journal through sd-journal: this host's journals (all boots) or a directory
 * copied from another machine. libsystemd is loaded on the first open, not linked
 * (sd-journal-dl.h): -ELIBACC when it cannot be. Only entries that can belong to an OOM
 * story are read:
 *   _TRANSPORT=kernel
 *   SYSLOG_IDENTIFIER=earlyoom|systemd-oomd|nohang|nohang-desktop|systemd
 *   _COMM=earlyoom|nohang
 *   MESSAGE_ID=SD_MESSAGE_UNIT_OUT_OF_MEMORY|SD_MESSAGE_UNIT_OOMD_KILL
 * sd-journal cannot match substrings, so all of systemd's own messages are read and the
 * prefilter/parser decide ("Failed with result 'oom-kill'" has no OOM-specific id).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <systemd/sd-messages.h>
#include "source/sd-journal-dl.h"
#include "source/source-internal.h"

#define JOURNAL_MSG_MAX (64 * 1024)

struct journal_state {
	const struct oomt_sd_journal *sd;   /* libsystemd, loaded on first open */
	sd_journal *j;
	bool follow;
	int timeout_ms;
	struct oomt_journal_entry entry;
	char msgbuf[JOURNAL_MSG_MAX + 1];
};

static int add_matches(const struct oomt_sd_journal *sd, sd_journal *j)
{
	static const char *const groups[][7] = {
		{ "_TRANSPORT=kernel", NULL },
		{ "SYSLOG_IDENTIFIER=earlyoom", "SYSLOG_IDENTIFIER=systemd-oomd",
		  "SYSLOG_IDENTIFIER=nohang", "SYSLOG_IDENTIFIER=nohang-desktop",
		  "SYSLOG_IDENTIFIER=systemd", NULL },
		{ "_COMM=earlyoom", "_COMM=nohang", NULL },
		{ "MESSAGE_ID=" SD_MESSAGE_UNIT_OUT_OF_MEMORY_STR,
		  "MESSAGE_ID=" SD_MESSAGE_UNIT_OOMD_KILL_STR, NULL },
	};
	int r;

	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		if (g > 0 && (r = sd->journal_add_disjunction(j)) < 0)
			return r;
		for (size_t k = 0; groups[g][k]; k++)
			if ((r = sd->journal_add_match(j, groups[g][k], 0)) < 0)
				return r;
	}
	return 0;
}

/* Without root, systemd-journal or adm, sd-journal silently shows only the user's own
 * journal. Detect it: the system journal exists but cannot be read. The one check of
 * journal access: the permissions of the files themselves (group membership, ACLs, the
 * effective ids), not a guess by group name. */
int oomt_journal_check_access(const char *root, const char *machine_id)
{
	static const char *const dirs[] = { "/var/log/journal", "/run/log/journal" };
	char path[PATH_MAX];
	bool exists = false;

	if (geteuid() == 0)
		return 0;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s%s/%s/system.journal", root, dirs[i],
		                     machine_id) >= sizeof(path))
			return -ENAMETOOLONG;
		if (faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) == 0)
			return 0;
		if (faccessat(AT_FDCWD, path, F_OK, AT_EACCESS) == 0)
			exists = true;
	}
	return exists ? -EACCES : 0;
}

/* Without libsystemd, a host (or directory) that has no journal at all is told apart
 * from one whose journal cannot be read: only the second is worth an error. */
static bool no_journal_here(const char *dir)
{
	struct stat st;

	if (dir)
		return stat(dir, &st) < 0 && errno == ENOENT;
	return stat("/run/log/journal", &st) < 0 && stat("/var/log/journal", &st) < 0;
}

static int check_system_journal_access(const struct oomt_sd_journal *sd)
{
	char mid[SD_ID128_STRING_MAX];
	sd_id128_t id;

	if (sd->id128_get_machine(&id) < 0)
		return 0;
	return oomt_journal_check_access("", sd->id128_to_string(id, mid));
}

static void read_entry(struct journal_state *s)
{
	struct oomt_journal_entry *e = &s->entry;
	const void *data;
	size_t len;
	uint64_t rt;

	oomt_journal_entry_reset(e);
	s->sd->journal_restart_data(s->j);
	while (s->sd->journal_enumerate_available_data(s->j, &data, &len) > 0) {
		const char *eq = memchr(data, '=', len);

		if (eq)
			oomt_journal_entry_set(e, data, (size_t)(eq - (const char *)data), eq + 1,
			                       len - (size_t)(eq - (const char *)data) - 1);
	}
	if (s->sd->journal_get_realtime_usec(s->j, &rt) >= 0)
		e->realtime_usec = (int64_t)rt;
	oomt_journal_entry_finish(e);
}

static int journal_fill(struct oomt_source *src)
{
	struct journal_state *s = src->priv;

	unsigned bad = 0;

	for (;;) {
		int r = s->sd->journal_next(s->j);

		if (r < 0) {
			/* a corrupt region: count it and try to go on, but not forever */
			src->lost++;
			if ((r == -EBADMSG || r == -ENODATA) && ++bad < 1000)
				continue;
			return r;
		}
		if (r == 0) {
			if (!s->follow)
				return 1;
			r = s->sd->journal_wait(s->j, (uint64_t)s->timeout_ms * 1000);
			if (r < 0)
				return r;
			if (r == SD_JOURNAL_NOP)
				return 1;
			continue;
		}
		read_entry(s);
		if (!s->entry.has_msg)
			continue;
		if (src->filter_on && !oomt_needles_find(src->needles, s->entry.msg, s->entry.msg_len))
			continue;
		oomt_source_queue_journal(src, &s->entry);
		return 0;
	}
}

static void journal_free(struct oomt_source *src)
{
	struct journal_state *s = src->priv;

	if (!s)
		return;
	s->sd->journal_close(s->j);
	free(s);
}

static const struct oomt_source_ops journal_ops = {
	.fill = journal_fill,
	.free = journal_free,
};

int oomt_source_journal_span(struct oomt_source *src, int64_t *ret_first_usec,
                             int64_t *ret_last_usec, uint64_t *ret_boots)
{
	struct journal_state *s;
	uint64_t from, to, boots = 0;
	const void *data;
	size_t len;
	int r;

	if (!src || src->ops != &journal_ops)
		return -EINVAL;
	s = src->priv;
	/* both ignore the matches: the whole journal's span and boots */
	r = s->sd->journal_get_cutoff_realtime_usec(s->j, &from, &to);
	if (r < 0)
		return r;
	if (r == 0)
		from = to = 0;          /* no entries */
	r = s->sd->journal_query_unique(s->j, "_BOOT_ID");
	if (r < 0)
		return r;
	while (s->sd->journal_enumerate_available_unique(s->j, &data, &len) > 0)
		boots++;
	*ret_first_usec = from ? (int64_t)from : OOMT_UNKNOWN;
	*ret_last_usec = to ? (int64_t)to : OOMT_UNKNOWN;
	*ret_boots = boots;
	return 0;
}

int oomt_source_open_journal(const char *dir, const struct oomt_source_opts *opts,
                             struct oomt_source **ret)
{
	const char *root = opts && opts->sysroot && opts->sysroot[0] ? opts->sysroot : NULL;
	const struct oomt_sd_journal *sd;
	char path[PATH_MAX];
	struct oomt_source *src;
	struct journal_state *s;
	int r;

	if (!dir && root) {
		snprintf(path, sizeof(path), "%s/var/log/journal", root);
		dir = path;
	}
	if ((r = oomt_sd_journal_get(&sd)) < 0)
		return no_journal_here(dir) ? -ENOENT : r;
	if (!dir && (r = check_system_journal_access(sd)) < 0)
		return r;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->sd = sd;
	s->entry.msg = s->msgbuf;
	s->entry.msg_cap = JOURNAL_MSG_MAX;
	s->follow = opts && opts->follow;
	s->timeout_ms = opts ? opts->follow_timeout_ms : 0;
	r = dir ? sd->journal_open_directory(&s->j, dir, 0)
	        : sd->journal_open(&s->j, SD_JOURNAL_LOCAL_ONLY);
	if (r < 0) {
		free(s);
		return r;
	}
	sd->journal_set_data_threshold(s->j, JOURNAL_MSG_MAX);
	r = add_matches(sd, s->j);
	/* follow reports what happens from now on: start after the last entry (from_start:
	 * at the first, where a new journal handle is) */
	if (r >= 0 && s->follow && !opts->follow_from_start &&
	    (r = sd->journal_seek_tail(s->j)) >= 0)
		r = sd->journal_previous(s->j);
	if (r >= 0)
		r = oomt_source_alloc(&journal_ops, dir ? dir : "journal", opts, &src);
	if (r < 0) {
		sd->journal_close(s->j);
		free(s);
		return r;
	}
	src->priv = s;
	*ret = src;
	return 0;
}
