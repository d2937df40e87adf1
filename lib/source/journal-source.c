/* SPDX-License-Identifier: MIT */
/*
 * The systemd journal through sd-journal: this host's journals (all boots) or a directory
 * copied from another machine. libsystemd is loaded on the first open, not linked
 * (sd-journal-dl.h): -ELIBACC when it cannot be.
 *
 * Only entries that can belong to an OOM story are read, chosen by the journal's own field
 * index (sd_journal_add_match: the entry arrays of these field values, nothing else):
 *   _TRANSPORT=kernel                                   the kernel's reports
 *   SYSLOG_IDENTIFIER=earlyoom|systemd-oomd|nohang|nohang-desktop, _COMM=earlyoom|nohang
 *   MESSAGE_ID=SD_MESSAGE_UNIT_OUT_OF_MEMORY            "<unit>: A process of this unit has
 *                                                        been killed by the OOM killer." (258:
 *                                                        "...: The kernel OOM killer killed
 *                                                        some processes in this unit.")
 *   MESSAGE_ID=SD_MESSAGE_UNIT_OOMD_KILL                "<unit>: systemd-oomd killed N
 *                                                        process(es) in this unit."
 *   UNIT_RESULT=oom-kill                                "<unit>: Failed with result 'oom-kill'."
 * systemd's other messages (a quarter of a busy journal) are not read: its OOM messages are
 * the ones above, which carry their message id and UNIT_RESULT field. A journal written by
 * an older systemd, which shows none of the ids of its unit results and exits (246 and
 * later), gets SYSLOG_IDENTIFIER=systemd as well, and the prefilter and the parser decide.
 *
 * A scan reads two streams of the same files, merged in time order: the kernel's entries
 * (one match: sd-journal walks that field's entry arrays, as `journalctl _TRANSPORT=kernel`
 * does) and the few others (all the other matches). One handle with every match costs four
 * times as much per kernel entry: sd-journal looks for the next entry of each term in each
 * file at every step. Following (new entries as they come) reads one handle with every
 * match: there the cost is per new entry and one wait covers it.
 *
 * The two streams of a batch read share the kernel's handle all the same. The others lie
 * one in a hundred entries, and a handle of their own maps the journal in windows of its
 * own, the kernel mapping 64 KiB of page cache around each entry touched (fault-around): a
 * page fault for nearly every one of them, 120 MiB mapped for 3000 entries (14-25 us a
 * fault on a virtual machine: a fifth of a scan). Through the kernel's handle they lie on
 * the pages the kernel's entries around them lie on, mapped once. A handle has one set of
 * matches, so the others are read ahead, up to READ_AHEAD_ENTRIES at a time, into a
 * bounded spool (whole: the prefilter may be off when they are delivered), between two
 * stretches of the kernel's entries; the handle then goes back to the kernel's matches and
 * entry, and the spool is merged as the second stream was.
 *
 * Per entry, while the prefilter is on, MESSAGE alone is fetched and the prefilter runs on
 * it; the other fields are read only for an entry that passes. While the parser wants every
 * line, the fields are read in one walk of the entry.
 *
 * A batch read resumed where both streams stopped at the same entry (a run every minute:
 * the entries after it are few and at the end of the files) reads one handle without
 * matches from there and tests each entry's fields against the same terms itself. Placing
 * a handle with matches at a cursor bisects each term's entry arrays, which lie all over a
 * file: with the others' terms, a journal of 40k entries per file put 3 MiB of it in our
 * resident set for 2000 new entries; one handle without matches reads the entries, which
 * lie together at the end, and one bisection of the file's own entry array. A batch read
 * that ends with both streams at their ends says so by telling the later stream's cursor
 * for both (the other stream saw nothing of its own after its last entry), so the next
 * run starts that way.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <systemd/sd-messages.h>
#include <oomtool/system.h>
#include "proc/meminfo-direct.h"
#include "source/sd-journal-dl.h"
#include "source/source-internal.h"

#define JOURNAL_MSG_MAX (64 * 1024)
/* Entries visited between two looks at our resident set. The size above which the journal
 * files' pages are dropped from our mappings, for each source open: a share of the memory
 * available (oomt_journal_trim_budget), between a floor and a ceiling. */
#define TRIM_CHECK_EVERY 2048
#define TRIM_RSS_MIN_BYTES (16u << 20)
#define TRIM_RSS_MAX_BYTES (64u << 20)
#define TRIM_RSS_SHARE 32
/* Entries between two chances a reader gives a waiting trim (maps_lock) */
#define TRIM_YIELD_EVERY 256
/* Resumed on one handle (a run every minute, whose whole footprint counts): every entry
 * is visited; the journal's pages are dropped when our resident set has grown by this much
 * since they were dropped last, looked at every this many entries (and at the first: the
 * seek to the cursor). Each drop costs a read of /proc/self/maps and faults back the few
 * pages still in use, so not at every entry. */
#define RESUMED_TRIM_CHECK_EVERY 32
#define RESUMED_TRIM_REGROW_BYTES (512u << 10)
/* The others' entries read ahead at a time, and the bytes of their messages */
#define READ_AHEAD_ENTRIES 128
#define READ_AHEAD_BYTES (128u << 10)
/* After reading ahead, what the resident set may grow by before a trim */
#define READ_AHEAD_REGROW_BYTES (4u << 20)

enum match_set {
	MATCH_KERNEL = 1 << 0,
	MATCH_OTHERS = 1 << 1,
	MATCH_OLD_SYSTEMD = 1 << 2,
	MATCH_PRESENT = 1 << 3,     /* only the terms whose value is in the journal */
	MATCH_NONE = 1 << 4,        /* no matches: the entries are tested by the caller */
};

#define TERMS_MAX 5
static const struct {
	unsigned set;
	const char *terms[TERMS_MAX];
} match_groups[] = {
	{ MATCH_KERNEL, { "_TRANSPORT=kernel" } },
	{ MATCH_OTHERS, { "SYSLOG_IDENTIFIER=earlyoom", "SYSLOG_IDENTIFIER=systemd-oomd",
	                  "SYSLOG_IDENTIFIER=nohang", "SYSLOG_IDENTIFIER=nohang-desktop" } },
	{ MATCH_OTHERS, { "_COMM=earlyoom", "_COMM=nohang" } },
	{ MATCH_OTHERS, { "MESSAGE_ID=" SD_MESSAGE_UNIT_OUT_OF_MEMORY_STR,
	                  "MESSAGE_ID=" SD_MESSAGE_UNIT_OOMD_KILL_STR } },
	{ MATCH_OTHERS, { "UNIT_RESULT=oom-kill" } },
	{ MATCH_OLD_SYSTEMD, { "SYSLOG_IDENTIFIER=systemd" } },
};
#define GROUPS (sizeof(match_groups) / sizeof(match_groups[0]))

struct journal_stream {
	sd_journal *j;
	bool pending;           /* positioned on an entry not yet delivered or skipped */
	bool at_end;
	uint64_t realtime_usec, mono_usec;
	bool realtime_known;    /* realtime_usec asked for (stream_realtime): only entries of
	                           different boots are compared by it */
	sd_id128_t boot_id;
	bool seen;              /* has been on an entry (its cursor can be asked) */
	bool skip_start;        /* opened after start: skip the start entry itself */
	char start[OOMT_SOURCE_CURSOR_MAX];   /* opts.start's cursor, "" = none */
	bool start_inclusive;
};

/* An entry of the others read ahead: where it is, and what it says. */
struct ahead_entry {
	uint64_t realtime_usec, mono_usec;
	sd_id128_t boot_id;
	char cursor[OOMT_SOURCE_CURSOR_MAX];
	struct oomt_journal_entry entry;    /* .msg in the arena */
};

/* The others' stream when it shares the kernel's handle: its entries read ahead, the one
 * at head the stream's entry (pending, or delivered last). */
struct ahead {
	size_t head, count, max, arena_used;
	char resume[OOMT_SOURCE_CURSOR_MAX];    /* the next read starts at this entry ("": at
	                                           the stream's start) ... */
	bool resume_after;                      /* ... or after it (it was read) */
	bool exhausted;                         /* read to its end */
	char last[OOMT_SOURCE_CURSOR_MAX];      /* the stream's entry once all were taken */
	char arena[READ_AHEAD_BYTES];
	struct ahead_entry ent[];
};

struct journal_state {
	const struct oomt_sd_journal *sd;   /* libsystemd, loaded on first open */
	struct journal_stream st[2];        /* kernel, the rest; following: st[0] only */
	size_t nstreams;
	bool follow;
	int timeout_ms;
	/* the journal's pages dropped (maybe_trim): every trim_every entries, when our resident
	 * set is above both trim_above (what was left at the last trim + trim_regrow) and
	 * trim_floor for each journal source open */
	unsigned visited, trim_every;
	uint64_t trim_above, trim_floor, trim_regrow;
	int statm_fd;                       /* /proc/self/statm, or -1 */
	bool resumed_one;                   /* resumed on one handle without matches: the
	                                       entries are tested here (match_set) */
	unsigned match_set;                 /* resumed_one: the terms an entry must have */
	bool start_given[2];                /* each stream's start was a cursor */
	bool have_stop;                     /* the first half of a cut read: */
	sd_id128_t stop_boot;               /* each stream ends where this boot begins */
	int cur;                            /* the stream of the entry delivered last, or -1 */
	/* a batch read whose others share the kernel's handle (st[1].j NULL but to read ahead): */
	struct ahead *ahead;
	int active;                         /* the stream whose matches the handle has */
	char kernel_at[OOMT_SOURCE_CURSOR_MAX];   /* the kernel's entry while it has not */
	unsigned others_set;
	bool others_present[GROUPS][TERMS_MAX];
	struct oomt_journal_entry entry;
	char msgbuf[JOURNAL_MSG_MAX + 1];
};

/* Message ids of systemd's unit messages that only a systemd new enough to give its OOM
 * messages their ids and UNIT_RESULT writes (the unit result and process exit records,
 * 246; "Deactivated successfully", 248), and those OOM messages themselves. */
static const char *const modern_systemd_ids[] = {
	"MESSAGE_ID=d9b373ed55a64feb8242e02dbe79a49c",   /* SD_MESSAGE_UNIT_FAILURE_RESULT */
	"MESSAGE_ID=98e322203f7a4ed290d09fe03c09fe15",   /* SD_MESSAGE_UNIT_PROCESS_EXIT */
	"MESSAGE_ID=7ad2d189f7e94e70a38c781354912448",   /* SD_MESSAGE_UNIT_SUCCESS */
	"MESSAGE_ID=" SD_MESSAGE_UNIT_OUT_OF_MEMORY_STR,
	"MESSAGE_ID=" SD_MESSAGE_UNIT_OOMD_KILL_STR,
};

/* Whether the journal holds any of those ids: its systemd's OOM messages can be matched by
 * field. The unique values of MESSAGE_ID (the field's data objects, some hundreds) are
 * walked, not the entries. */
static bool journal_has_modern_systemd(const struct oomt_sd_journal *sd, sd_journal *j)
{
	const void *data;
	size_t len;

	if (sd->journal_query_unique(j, "MESSAGE_ID") < 0)
		return false;
	sd->journal_restart_unique(j);
	while (sd->journal_enumerate_available_unique(j, &data, &len) > 0)
		for (size_t i = 0; i < sizeof(modern_systemd_ids) / sizeof(modern_systemd_ids[0]); i++)
			if (len == strlen(modern_systemd_ids[i]) &&
			    memcmp(data, modern_systemd_ids[i], len) == 0)
				return true;
	return false;
}


/* Which terms of set have their value in the journal (present[g][k]): the unique values
 * of each field named (some hundreds of data objects) are walked once. A term whose value
 * is nowhere matches nothing, and every term a handle has costs at each step: sd-journal
 * looks for each term's next entry in each file (with all the others' terms, a tenth of a
 * scan of a journal of 310k entries went to 3k entries). */
static void present_terms(const struct oomt_sd_journal *sd, sd_journal *j, unsigned set,
                          bool present[GROUPS][TERMS_MAX])
{
	for (size_t g = 0; g < GROUPS; g++)
		for (size_t k = 0; k < TERMS_MAX && match_groups[g].terms[k]; k++) {
			const char *t = match_groups[g].terms[k], *eq = strchr(t, '=');
			char field[64];
			const void *data;
			size_t len, flen = (size_t)(eq - t);

			if (!(match_groups[g].set & set) || present[g][k] || flen >= sizeof(field))
				continue;
			/* one walk of this field marks every term of it (a field looked at
			 * before left this term unmarked: its value is not there) */
			if (k > 0 && strncmp(match_groups[g].terms[k - 1], t, flen + 1) == 0)
				continue;
			memcpy(field, t, flen);
			field[flen] = '\0';
			if (sd->journal_query_unique(j, field) < 0) {
				for (size_t k2 = 0; k2 < TERMS_MAX && match_groups[g].terms[k2]; k2++)
					present[g][k2] = true;   /* unknown: keep them */
				continue;
			}
			sd->journal_restart_unique(j);
			while (sd->journal_enumerate_available_unique(j, &data, &len) > 0)
				for (size_t k2 = 0; k2 < TERMS_MAX && match_groups[g].terms[k2]; k2++)
					if (strlen(match_groups[g].terms[k2]) == len &&
					    memcmp(match_groups[g].terms[k2], data, len) == 0)
						present[g][k2] = true;
		}
}

/* The terms of set (with MATCH_PRESENT, those present[] says are in the journal); 0, or
 * 1 when there is none to add. */
static int add_matches(const struct oomt_sd_journal *sd, sd_journal *j, unsigned set,
                       bool present[GROUPS][TERMS_MAX])
{
	bool first = true;
	int r;

	for (size_t g = 0; g < GROUPS; g++) {
		bool any = false;

		if (!(match_groups[g].set & set))
			continue;
		for (size_t k = 0; k < TERMS_MAX && match_groups[g].terms[k]; k++) {
			if ((set & MATCH_PRESENT) && !present[g][k])
				continue;
			if (!first && !any && (r = sd->journal_add_disjunction(j)) < 0)
				return r;
			if ((r = sd->journal_add_match(j, match_groups[g].terms[k], 0)) < 0)
				return r;
			any = true;
		}
		first = first && !any;
	}
	return first ? 1 : 0;
}

/* Whether the current entry has one of the terms of set: what the matches of set would
 * let through (a field's values are alternatives, and so are the groups). */
static bool entry_has_term(const struct oomt_sd_journal *sd, sd_journal *j, unsigned set)
{
	const void *data;
	size_t len;

	sd->journal_restart_data(j);
	while (sd->journal_enumerate_available_data(j, &data, &len) > 0) {
		const char *d = data;

		/* every term's field begins with '_', 'S', 'M' or 'U' */
		if (len < 8 || (d[0] != '_' && d[0] != 'S' && d[0] != 'M' && d[0] != 'U'))
			continue;
		for (size_t g = 0; g < GROUPS; g++) {
			if (!(match_groups[g].set & set))
				continue;
			for (size_t k = 0; k < TERMS_MAX && match_groups[g].terms[k]; k++)
				if (strlen(match_groups[g].terms[k]) == len &&
				    memcmp(match_groups[g].terms[k], d, len) == 0)
					return true;
		}
	}
	return false;
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

/*
 * sd-journal maps the journal files read-only in windows of several MiB, and the kernel
 * maps the cached pages around every fault (64 KiB): reading the kernel's entries, spread
 * over the whole journal, leaves nearly all of the journal in our resident set, as it does
 * journalctl's (a 300 MiB journal, 170 MiB). On a host short of memory that is what this
 * tool must not do. When our resident set passes a budget for each journal source open
 * (oomt_journal_trim_budget; looked at every TRIM_CHECK_EVERY entries) the pages of those
 * mappings are dropped from our page tables (MADV_DONTNEED on a read-only shared file mapping: the page cache
 * keeps them, a later access faults them back in, unchanged); the resident set stays under
 * that, and a small journal is never trimmed. The mappings are found in /proc/self/maps:
 * shared, read-only, of a file named *.journal or *.journal~.
 */
static bool is_journal_file(const char *path, size_t len)
{
	while (len > 0 && (path[len - 1] == '\n' || path[len - 1] == ' '))
		len--;
	if (len > 1 && path[len - 1] == '~')
		len--;
	return len >= 8 && memcmp(path + len - 8, ".journal", 8) == 0;
}

/*
 * Each trim costs more than its own work: what the readers still use (the files' headers
 * and hash tables, the entry arrays, the entries read ahead, and the other half's) faults
 * back, 16 pages at a fault. With 32 MiB for each of two halves a scan of a 200 MiB
 * journal took 4 trims and 900 more faults than none, a fifth of its time on two CPUs; 64
 * MiB took 2 and a peak RSS of 132 MiB, under journalctl's 170. So what the trims keep
 * follows the memory there is: a thirty-second of MemAvailable, at least TRIM_RSS_MIN_BYTES
 * (out of memory, the least; also where the kernel does not say, before 3.14) and at most
 * TRIM_RSS_MAX_BYTES (a host with 2 GiB to spare).
 */
uint64_t oomt_journal_trim_budget(int64_t mem_available_bytes)
{
	uint64_t share;

	if (mem_available_bytes < 0)
		return TRIM_RSS_MIN_BYTES;
	share = (uint64_t)mem_available_bytes / TRIM_RSS_SHARE;
	return share < TRIM_RSS_MIN_BYTES ? TRIM_RSS_MIN_BYTES
	       : share > TRIM_RSS_MAX_BYTES ? TRIM_RSS_MAX_BYTES : share;
}

/* The budget for this host's memory now (this process's, whatever journal it reads). */
static uint64_t live_trim_budget(void)
{
	struct oomt_system_memory m;

	if (oomt_system_memory_read_direct(NULL, &m) < 0)
		return oomt_journal_trim_budget(OOMT_UNKNOWN);
	return oomt_journal_trim_budget(m.mem_available_bytes);
}

/* Our resident set now (its high-water mark is what a host short of memory feels), or
 * UINT64_MAX when it cannot be read: then every look trims. */
static uint64_t resident_bytes(struct journal_state *s)
{
	char buf[128];
	unsigned long long size, resident;
	ssize_t k;

	if (s->statm_fd < 0)
		return UINT64_MAX;
	k = pread(s->statm_fd, buf, sizeof(buf) - 1, 0);
	if (k <= 0)
		return UINT64_MAX;
	buf[k] = '\0';
	if (sscanf(buf, "%llu %llu", &size, &resident) != 2)
		return UINT64_MAX;
	return (uint64_t)resident * (uint64_t)oomt_page_size();
}

/* Journal windows that lie end to end are dropped in one call: a call is a flush of the
 * other CPUs' TLBs while a second reader runs there, which costs more than the pages. */
static void drop_range(unsigned long *start, unsigned long *end)
{
	if (*end > *start)
		madvise((void *)*start, *end - *start, MADV_DONTNEED);
	*start = *end = 0;
}

/* Called with maps_lock held exclusive. */
static void trim_journal_maps(void)
{
	char buf[8192];
	size_t have = 0;
	unsigned long run_start = 0, run_end = 0;
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	for (;;) {
		ssize_t k = read(fd, buf + have, sizeof(buf) - have);
		char *line = buf, *nl;

		if (k <= 0)
			break;
		have += (size_t)k;
		while ((nl = memchr(line, '\n', have - (size_t)(line - buf)))) {
			unsigned long start, end;
			char perms[5];
			int path_at = 0;

			*nl = '\0';
			if (sscanf(line, "%lx-%lx %4s %*s %*s %*s %n", &start, &end, perms, &path_at) >= 3 &&
			    path_at > 0 && strcmp(perms, "r--s") == 0 &&
			    is_journal_file(line + path_at, (size_t)(nl - line) - (size_t)path_at)) {
				if (start != run_end)
					drop_range(&run_start, &run_end);
				if (!run_end)
					run_start = start;
				run_end = end;
			} else {
				drop_range(&run_start, &run_end);
			}
			line = nl + 1;
		}
		/* keep a partial last line for the next read */
		have -= (size_t)(line - buf);
		memmove(buf, line, have);
		if (have == sizeof(buf))
			have = 0;   /* a line longer than the buffer: not a mapping of ours */
	}
	drop_range(&run_start, &run_end);
	close(fd);
}

/*
 * A trim drops pages by the address ranges /proc/self/maps gave a moment before, so those
 * ranges must stay journal windows until the madvise: a window that sd-journal unmapped
 * in between, its addresses then given to anonymous memory (a large malloc), would be
 * zeroed. Every sd-journal call of these sources runs with maps_lock held shared (a cut
 * read has two sources, one per thread) and a trim with it held exclusive; a reader lets a
 * waiting trim in every TRIM_YIELD_EVERY entries. (A program that links liboomtool and
 * reads journals with sd-journal on threads of its own is not covered: its windows are
 * not ours to lock.)
 *
 * The budget is per source open: two halves read at once keep twice as much, or
 * each would drop the other's working set (the entry arrays and field values in use) at
 * every trim of its own, and fault it back.
 *
 * Reading the others ahead maps the pages the kernel's entries up to the last of them lie
 * on: a trim before those are read would fault them back. So a trim comes before each read
 * ahead (what the kernel's entries read since then lie on is behind), and after it the
 * resident set may grow by READ_AHEAD_REGROW_BYTES before the next.
 */
static pthread_rwlock_t maps_lock = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
static unsigned sources_open;   /* atomic: journal sources open at once */

void oomt_journal_maps_hold(void)
{
	pthread_rwlock_rdlock(&maps_lock);
}

void oomt_journal_maps_release(void)
{
	pthread_rwlock_unlock(&maps_lock);
}

/* The caller holds maps_lock shared. */
static void trim_journal_maps_now(void)
{
	pthread_rwlock_unlock(&maps_lock);
	pthread_rwlock_wrlock(&maps_lock);
	trim_journal_maps();
	pthread_rwlock_unlock(&maps_lock);
	pthread_rwlock_rdlock(&maps_lock);
}

/* What the sources open may keep resident. */
static uint64_t trim_budget(const struct journal_state *s)
{
	return s->trim_floor * __atomic_load_n(&sources_open, __ATOMIC_RELAXED);
}

/* Every trim_every entries: the journal's pages dropped when our resident set is above
 * trim_above and the budget of the sources open (an unreadable one: at every look). */
static void maybe_trim(struct journal_state *s)
{
	uint64_t left, above;

	if (++s->visited % TRIM_YIELD_EVERY == 0) {
		pthread_rwlock_unlock(&maps_lock);
		pthread_rwlock_rdlock(&maps_lock);
	}
	if (s->visited < s->trim_every)
		return;
	s->visited = 0;
	above = trim_budget(s);
	if (s->trim_above > above)
		above = s->trim_above;
	if (resident_bytes(s) <= above)
		return;
	trim_journal_maps_now();
	left = resident_bytes(s);
	s->trim_above = left == UINT64_MAX ? 0 : left + s->trim_regrow;
}

/* The current entry's MESSAGE (borrowed from sd-journal until its next data call), or
 * false when it has none. */
static bool entry_message(struct journal_state *s, sd_journal *j, const char **msg, size_t *len)
{
	const void *data;
	size_t n;

	if (s->sd->journal_get_data(j, "MESSAGE", &data, &n) < 0 || n < 8)
		return false;
	*msg = (const char *)data + 8;
	*len = n - 8;
	return true;
}

/* Every field the record needs, into s->entry, in one walk of the entry's fields; a MESSAGE
 * fetched before (msg != NULL, copied first: the walk reuses sd-journal's buffer) is not
 * copied again. */
static void read_entry(struct journal_state *s, sd_journal *j, const char *msg, size_t msg_len)
{
	struct oomt_journal_entry *e = &s->entry;
	const void *data;
	size_t len;
	uint64_t rt;

	oomt_journal_entry_reset(e);
	if (msg)
		oomt_journal_entry_set(e, "MESSAGE", 7, msg, msg_len);
	s->sd->journal_restart_data(j);
	while (s->sd->journal_enumerate_available_data(j, &data, &len) > 0) {
		const char *eq = memchr(data, '=', len);
		size_t name_len = eq ? (size_t)(eq - (const char *)data) : 0;

		if (eq && !(msg && name_len == 7 && memcmp(data, "MESSAGE", 7) == 0))
			oomt_journal_entry_set(e, data, name_len, eq + 1, len - name_len - 1);
	}
	if (s->sd->journal_get_realtime_usec(j, &rt) >= 0)
		e->realtime_usec = (int64_t)rt;
	oomt_journal_entry_finish(e);
}

/* The wall time of the entry st is on (its handle must be on it, unless asked before). */
static uint64_t stream_realtime(struct journal_state *s, struct journal_stream *st)
{
	if (!st->realtime_known && st->j &&
	    s->sd->journal_get_realtime_usec(st->j, &st->realtime_usec) < 0)
		st->realtime_usec = 0;
	st->realtime_known = true;
	return st->realtime_usec;
}

/* Position st on its next entry. 0, or 1 at its end; corrupt regions are counted as lost
 * and skipped, but not forever. */
static int stream_next(struct oomt_source *src, struct journal_state *s, struct journal_stream *st)
{
	for (unsigned bad = 0;;) {
		int r = s->sd->journal_next(st->j);

		if (r < 0) {
			src->lost++;
			if ((r == -EBADMSG || r == -ENODATA) && ++bad < 1000)
				continue;
			return r;
		}
		if (r == 0) {
			st->at_end = true;
			return 1;
		}
		st->seen = true;
		st->at_end = false;
		/* the entry's time, also of a start entry skipped: which stream was last
		 * (later_stream) compares the entries the streams were on; the wall clock
		 * when asked (every call of sd-journal's is an atomic operation on a word
		 * that two threads reading halves share) */
		st->realtime_known = false;
		if (s->sd->journal_get_monotonic_usec(st->j, &st->mono_usec, &st->boot_id) < 0) {
			st->mono_usec = 0;
			memset(&st->boot_id, 0, sizeof(st->boot_id));
		}
		if (s->have_stop && sd_id128_equal(st->boot_id, s->stop_boot)) {
			st->at_end = true;
			return 1;
		}
		if (st->skip_start) {
			/* the entry at the start cursor was read before (when it still exists) */
			st->skip_start = false;
			if (s->sd->journal_test_cursor(st->j, st->start) > 0)
				continue;
		}
		st->pending = true;
		return 0;
	}
}

/* The shared handle given the matches of set and placed before the entry at cursor ("":
 * the head), which the next sd_journal_next() returns when it matches. */
static int handle_place(struct journal_state *s, unsigned set, bool present[GROUPS][TERMS_MAX],
                        const char *cursor)
{
	sd_journal *j = s->st[0].j;
	int r;

	s->sd->journal_flush_matches(j);
	if ((r = add_matches(s->sd, j, set, present)) < 0)
		return r;
	return cursor[0] ? s->sd->journal_seek_cursor(j, cursor)
	                 : s->sd->journal_seek_head(j);
}

/* The cursor of the entry sd-journal's handle j is on, into buf ("" on failure). */
static int handle_cursor(const struct oomt_sd_journal *sd, sd_journal *j,
                         char buf[OOMT_SOURCE_CURSOR_MAX])
{
	char *c = NULL;
	int r = sd->journal_get_cursor(j, &c);

	buf[0] = '\0';
	if (r >= 0 && (!c || strlen(c) >= OOMT_SOURCE_CURSOR_MAX))
		r = -ENAMETOOLONG;
	if (r >= 0)
		strcpy(buf, c);
	free(c);
	return r < 0 ? r : 0;
}

/* The handle back on the kernel's matches and entry, after reading ahead: its pending
 * entry, or the one it delivered last (the next step leaves it). */
static int kernel_back(struct oomt_source *src, struct journal_state *s)
{
	struct journal_stream *k = &s->st[0];
	int r;

	if (k->at_end && !k->pending)
		return 0;               /* the handle stays on the others */
	if ((r = handle_place(s, MATCH_KERNEL, NULL, s->kernel_at)) < 0)
		return r;
	s->active = 0;
	r = s->sd->journal_next(k->j);
	if (r < 0)
		return r;
	if (r == 0 || s->sd->journal_test_cursor(k->j, s->kernel_at) <= 0) {
		/* its entry is gone (a file rotated away): on from where it was */
		src->lost++;
		k->pending = false;
		k->at_end = r == 0;
	}
	return 0;
}

/* Whether e's message fits in the arena of a, which holds others already */
static bool ahead_fits(const struct ahead *a, const struct oomt_journal_entry *e)
{
	return a->count == 0 || a->arena_used + e->msg_len + 1 <= READ_AHEAD_BYTES;
}

/* The entry the handle is on (in s->entry, read by read_entry) appended to a. */
static int ahead_push(struct journal_state *s, struct ahead *a)
{
	struct journal_stream *o = &s->st[1];
	struct ahead_entry *e = &a->ent[a->count];
	int r = handle_cursor(s->sd, s->st[0].j, e->cursor);

	if (r < 0)
		return r;
	e->realtime_usec = stream_realtime(s, &s->st[1]);
	e->mono_usec = o->mono_usec;
	e->boot_id = o->boot_id;
	e->entry = s->entry;
	e->entry.msg = a->arena + a->arena_used;
	e->entry.msg_cap = s->entry.msg_len;
	memcpy(e->entry.msg, s->entry.msg, s->entry.msg_len);
	e->entry.msg[s->entry.msg_len] = '\0';
	a->arena_used += s->entry.msg_len + 1;
	a->count++;
	return 0;
}

/* The others' next entries read ahead on the shared handle, from where the last read
 * stopped, until the spool is full or the stream at its end; the handle then goes back to
 * the kernel's. */
static int ahead_fill(struct oomt_source *src, struct journal_state *s)
{
	struct ahead *a = s->ahead;
	struct journal_stream *o = &s->st[1];
	uint64_t realtime_usec = o->realtime_usec, mono_usec = o->mono_usec;
	bool realtime_known = o->realtime_known;
	sd_id128_t boot_id = o->boot_id;
	uint64_t left;
	int r;

	a->head = a->count = a->arena_used = 0;
	if (a->exhausted)
		return 0;
	if (s->active == 0 && s->st[0].seen) {
		/* what is asked of the kernel's entry while the handle is away */
		stream_realtime(s, &s->st[0]);
		if ((r = handle_cursor(s->sd, s->st[0].j, s->kernel_at)) < 0)
			return r;
	}
	/* the kernel's entries read since the last read ahead lie behind */
	if (resident_bytes(s) > trim_budget(s))
		trim_journal_maps_now();
	r = handle_place(s, s->others_set, s->others_present, a->resume[0] ? a->resume : o->start);
	if (r < 0)
		return r;
	s->active = 1;
	o->j = s->st[0].j;
	while (a->count < a->max) {
		const char *msg;
		size_t len;

		if ((r = stream_next(src, s, o)) != 0) {
			a->exhausted = r == 1;
			break;
		}
		if (a->resume_after) {
			a->resume_after = false;
			if (s->sd->journal_test_cursor(o->j, a->resume) > 0)
				continue;
		}
		if (!entry_message(s, o->j, &msg, &len))
			continue;       /* no MESSAGE: never delivered */
		read_entry(s, o->j, msg, len);
		if (!s->entry.has_msg)
			continue;
		if (!ahead_fits(a, &s->entry)) {
			/* the next read begins with it */
			r = handle_cursor(s->sd, o->j, a->resume);
			break;
		}
		if ((r = ahead_push(s, a)) < 0)
			break;
		strcpy(a->resume, a->ent[a->count - 1].cursor);
		a->resume_after = true;
	}
	o->j = NULL;
	if (r < 0)
		return r;
	/* the stream is where it was until ahead_next puts it on the first entry read */
	o->realtime_usec = realtime_usec;
	o->realtime_known = realtime_known;
	o->mono_usec = mono_usec;
	o->boot_id = boot_id;
	/* the kernel's entries up to the last one read ahead lie on the pages just mapped: no
	 * trim drops them before those are read, unless the resident set grows on */
	left = resident_bytes(s);
	s->trim_above = left == UINT64_MAX ? 0 : left + READ_AHEAD_REGROW_BYTES;
	return kernel_back(src, s);
}

/* Step the others' stream that shares the kernel's handle: the next entry read ahead, read
 * ahead again when all were taken. 0, or 1 at its end. */
static int ahead_next(struct oomt_source *src, struct journal_state *s)
{
	struct ahead *a = s->ahead;
	struct journal_stream *o = &s->st[1];
	int r;

	if (a->head < a->count) {       /* its entry was delivered or skipped */
		if (a->head + 1 == a->count)
			strcpy(a->last, a->ent[a->head].cursor);
		a->head++;
	}
	if (a->head == a->count && (r = ahead_fill(src, s)) < 0)
		return r;
	if (a->head == a->count) {
		o->pending = false;
		o->at_end = true;
		return 1;
	}
	o->realtime_usec = a->ent[a->head].realtime_usec;
	o->realtime_known = true;
	o->mono_usec = a->ent[a->head].mono_usec;
	o->boot_id = a->ent[a->head].boot_id;
	o->seen = true;
	o->at_end = false;
	o->pending = true;
	return 0;
}

/* Which of two pending entries came first: within a boot by the monotonic clock (the wall
 * clock may be set back), across boots by the wall clock. */
static bool stream_before(struct journal_state *s, struct journal_stream *a,
                          struct journal_stream *b)
{
	if (memcmp(&a->boot_id, &b->boot_id, sizeof(a->boot_id)) == 0)
		return a->mono_usec <= b->mono_usec;
	return stream_realtime(s, a) <= stream_realtime(s, b);
}

/* The next pending entry in time order (NULL when every stream is at its end). */
static int next_pending(struct oomt_source *src, struct journal_state *s,
                        struct journal_stream **ret)
{
	struct journal_stream *best = NULL;

	for (size_t i = 0; i < s->nstreams; i++) {
		struct journal_stream *st = &s->st[i];
		int r;

		if (!st->pending && !st->at_end &&
		    (r = s->ahead && i == 1 ? ahead_next(src, s) : stream_next(src, s, st)) < 0)
			return r;
		if (st->pending && (!best || !stream_before(s, best, st)))
			best = st;
	}
	*ret = best;
	return 0;
}

static int journal_fill_locked(struct oomt_source *src, struct journal_state *s)
{
	for (;;) {
		struct journal_stream *st;
		const char *msg = NULL;
		size_t len = 0;
		int r = next_pending(src, s, &st);

		if (r < 0)
			return r;
		if (!st) {
			if (!s->follow)
				return 1;
			/* following: one stream, which saw no new entry yet */
			r = s->sd->journal_wait(s->st[0].j, (uint64_t)s->timeout_ms * 1000);
			if (r < 0)
				return r;
			if (r == SD_JOURNAL_NOP)
				return 1;
			s->st[0].at_end = false;
			continue;
		}
		st->pending = false;
		s->cur = (int)(st - s->st);
		maybe_trim(s);
		if (s->resumed_one && !entry_has_term(s->sd, st->j, s->match_set))
			continue;
		if (s->ahead && s->cur == 1) {
			const struct oomt_journal_entry *e = &s->ahead->ent[s->ahead->head].entry;

			if (src->filter_on && !oomt_needles_find(src->needles, e->msg, e->msg_len))
				continue;
			s->entry = *e;
			s->entry.msg = s->msgbuf;
			s->entry.msg_cap = JOURNAL_MSG_MAX;
			memcpy(s->msgbuf, e->msg, e->msg_len);
			s->msgbuf[e->msg_len] = '\0';
		} else {
			/* the prefilter on MESSAGE alone: most entries end here */
			if (src->filter_on && (!entry_message(s, st->j, &msg, &len) ||
			                       !oomt_needles_find(src->needles, msg, len)))
				continue;
			read_entry(s, st->j, msg, len);
		}
		if (!s->entry.has_msg)
			continue;
		src->pend_no_needle = src->needles && !src->filter_on &&
		                      !oomt_needles_find(src->needles, s->entry.msg, s->entry.msg_len);
		oomt_source_queue_journal(src, &s->entry);
		return 0;
	}
}

static int journal_fill(struct oomt_source *src)
{
	int r;

	oomt_journal_maps_hold();
	r = journal_fill_locked(src, src->priv);
	oomt_journal_maps_release();
	return r;
}

static void journal_free(struct oomt_source *src)
{
	struct journal_state *s = src->priv;

	if (!s)
		return;
	oomt_journal_maps_hold();
	for (size_t i = 0; i < s->nstreams; i++)
		if (s->st[i].j)
			s->sd->journal_close(s->st[i].j);
	oomt_journal_maps_release();
	__atomic_sub_fetch(&sources_open, 1, __ATOMIC_RELAXED);
	if (s->statm_fd >= 0)
		close(s->statm_fd);
	free(s->ahead);
	/* resumed: libsystemd's pages are of no more use to the rest of a short run */
	if (s->resumed_one)
		oomt_process_trim_mapped_files();
	free(s);
}

/* One stream's cursor into pos, or its start position when it has not been on an entry. */
static void stream_tell(struct journal_state *s, struct journal_stream *st, bool inclusive,
                        char *cursor, bool *ret_inclusive)
{
	const struct ahead *a = s->ahead;
	char at[OOMT_SOURCE_CURSOR_MAX] = "";

	if (st->seen && a && st == &s->st[1])
		strcpy(at, a->head < a->count ? a->ent[a->head].cursor : a->last);
	else if (st->seen && a && s->active != 0)
		strcpy(at, s->kernel_at);       /* the handle reads the others */
	else if (st->seen)
		handle_cursor(s->sd, st->j, at);
	if (at[0]) {
		strcpy(cursor, at);
		*ret_inclusive = inclusive;
	} else {
		strcpy(cursor, st->start);
		*ret_inclusive = st->start_inclusive;
	}
}

/* Every stream read to its end (a batch read that ran out), one of them at least having
 * been on an entry, and none that started at a cursor without having been on an entry
 * since (its cursor's entry is in a file not opened: it may lie after the others'). */
static bool ends_together(const struct journal_state *s)
{
	bool seen = false;

	for (size_t i = 0; i < 2; i++) {
		const struct journal_stream *st = &s->st[i];

		if (i >= s->nstreams) {
			if (s->start_given[i])
				return false;
			continue;
		}
		if (st->pending || !st->at_end || (!st->seen && s->start_given[i]))
			return false;
		seen = seen || st->seen;
	}
	return seen;
}

/* Of the streams that have been on an entry, the one whose last entry came last. */
static struct journal_stream *later_stream(struct journal_state *s)
{
	struct journal_stream *last = NULL;

	for (size_t i = 0; i < s->nstreams; i++)
		if (s->st[i].seen && (!last || stream_before(s, last, &s->st[i])))
			last = &s->st[i];
	return last;
}

/* before: every stream at its entry not yet delivered, the one of the entry delivered last
 * at that entry; after: each after its last entry delivered. A stream that has read ahead
 * (pending) is at that entry either way. */
static int tell_locked(struct journal_state *s, bool after, struct oomt_source_pos *ret)
{
	struct journal_stream *both = NULL;
	bool inclusive = false;

	if (s->follow)
		return -EOPNOTSUPP;
	if (s->resumed_one && s->nstreams == 1) {
		/* one handle for both: before the entry delivered last, or after the last
		 * entry looked at (every one before it was tested) */
		both = &s->st[0];
		inclusive = !after;
	} else if (after && ends_together(s)) {
		/* each stream at its end: nothing of the others' came after the later one's
		 * last entry, so both can start after it */
		both = later_stream(s);
	}
	if (both) {
		stream_tell(s, both, inclusive, ret->cursor[0], &ret->cursor_inclusive[0]);
		strcpy(ret->cursor[1], ret->cursor[0]);
		ret->cursor_inclusive[1] = ret->cursor_inclusive[0];
		return 0;
	}
	for (size_t i = 0; i < s->nstreams && i < 2; i++) {
		struct journal_stream *st = &s->st[i];

		inclusive = (int)i == s->cur ? !after : st->pending;
		stream_tell(s, st, inclusive, ret->cursor[i], &ret->cursor_inclusive[i]);
	}
	return 0;
}

static int journal_tell(struct oomt_source *src, bool after, struct oomt_source_pos *ret)
{
	int r;

	oomt_journal_maps_hold();
	r = tell_locked(src->priv, after, ret);
	oomt_journal_maps_release();
	return r;
}

static const struct oomt_source_ops journal_ops = {
	.fill = journal_fill,
	.free = journal_free,
	.tell = journal_tell,
};

/* The terms of set for the journal j has open: systemd's by field or, for an older one,
 * by identifier; with MATCH_PRESENT, which are in the journal (present). */
static void stream_terms(const struct oomt_sd_journal *sd, sd_journal *j, unsigned *set,
                         bool present[GROUPS][TERMS_MAX])
{
	if (*set & MATCH_OTHERS && !journal_has_modern_systemd(sd, j))
		*set |= MATCH_OLD_SYSTEMD;
	if ((*set & MATCH_PRESENT) && !(*set & MATCH_NONE))
		present_terms(sd, j, *set, present);
}

/* Whether set has a term to match (with MATCH_PRESENT, one present[] says is there). */
static bool terms_any(unsigned set, bool present[GROUPS][TERMS_MAX])
{
	for (size_t g = 0; g < GROUPS; g++)
		for (size_t k = 0; k < TERMS_MAX && match_groups[g].terms[k]; k++)
			if ((match_groups[g].set & set) && (!(set & MATCH_PRESENT) || present[g][k]))
				return true;
	return false;
}

/* The others' stream on the kernel's handle (st[0].j open), reading ahead max entries at
 * a time; nothing when none of its terms is in the journal. 0 or -errno. */
static int share_handle(struct journal_state *s, size_t max)
{
	s->others_set = MATCH_OTHERS | MATCH_PRESENT;
	stream_terms(s->sd, s->st[0].j, &s->others_set, s->others_present);
	if (!terms_any(s->others_set, s->others_present))
		return 0;
	s->ahead = calloc(1, sizeof(*s->ahead) + max * sizeof(s->ahead->ent[0]));
	if (!s->ahead)
		return -ENOMEM;
	s->ahead->max = max;
	s->nstreams = 2;
	return 0;
}

/* sd-journal opens a directory's files one by one and leaves out, without a word, each one
 * it cannot open (sd_journal_open_files() fails instead). Out of descriptors, that is
 * every file after the first it could not open: a scan of half the journal that says it
 * read it all. Two more descriptors asked for right after tell (it closes each directory
 * after its files: one is free again even when it ran out): none, and some files may
 * have been left out, or none, when its last files took all but one descriptor: too
 * close to the limit to read on either way. */
int oomt_journal_open(const struct oomt_sd_journal *sd, const char *dir,
                      const char *const *files, sd_journal **ret)
{
	sd_journal *j;
	int r, fd[2];

	if (files)
		r = sd->journal_open_files(&j, (const char **)files, 0);
	else
		r = dir ? sd->journal_open_directory(&j, dir, 0)
		        : sd->journal_open(&j, SD_JOURNAL_LOCAL_ONLY);
	if (r < 0)
		return r;
	r = 0;
	for (size_t i = 0; i < 2; i++)
		if ((fd[i] = eventfd(0, EFD_CLOEXEC)) < 0 && (errno == EMFILE || errno == ENFILE) &&
		    r == 0)
			r = -errno;
	for (size_t i = 0; i < 2; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	if (r < 0) {
		sd->journal_close(j);
		return r;
	}
	*ret = j;
	return 0;
}

/* One handle on dir (NULL: this host's journals; files: only those) with the matches of
 * set; 1 (and no handle) when set has MATCH_PRESENT and none of its values is in the
 * journal. With MATCH_NONE, no matches: ret_set says which terms they would have been.
 * given: a handle of dir already open, taken (closed on failure) instead of opening one. */
static int open_stream(const struct oomt_sd_journal *sd, const char *dir,
                       const char *const *files, sd_journal *given, unsigned set,
                       sd_journal **ret, unsigned *ret_set)
{
	bool present[GROUPS][TERMS_MAX] = { { false } };
	sd_journal *j = given;
	int r;

	if (!j && (r = oomt_journal_open(sd, dir, files, &j)) < 0)
		return r;
	sd->journal_set_data_threshold(j, JOURNAL_MSG_MAX);
	stream_terms(sd, j, &set, present);
	if (set & MATCH_NONE) {
		*ret_set = set & ~(unsigned)MATCH_NONE;
		*ret = j;
		return 0;
	}
	r = add_matches(sd, j, set, present);
	if (r != 0) {
		sd->journal_close(j);
		return r;
	}
	*ret = j;
	return 0;
}

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
	if (s->nstreams == 0)
		return -EINVAL;
	oomt_journal_maps_hold();
	/* both ignore the matches: the whole journal's span and boots */
	r = s->sd->journal_get_cutoff_realtime_usec(s->st[0].j, &from, &to);
	if (r == 0)
		from = to = 0;          /* no entries */
	if (r >= 0)
		r = s->sd->journal_query_unique(s->st[0].j, "_BOOT_ID");
	if (r >= 0) {
		s->sd->journal_restart_unique(s->st[0].j);
		while (s->sd->journal_enumerate_available_unique(s->st[0].j, &data, &len) > 0)
			boots++;
	}
	oomt_journal_maps_release();
	if (r < 0)
		return r;
	*ret_first_usec = from ? (int64_t)from : OOMT_UNKNOWN;
	*ret_last_usec = to ? (int64_t)to : OOMT_UNKNOWN;
	*ret_boots = boots;
	return 0;
}

/* A batch read resumed with both streams at the same entry: one handle will do. */
static bool resumed_together(const struct oomt_source_opts *opts)
{
	const struct oomt_source_pos *p = opts ? opts->start : NULL;

	return p && !opts->follow && !opts->journal_second_half && p->cursor[0][0] &&
	       strnlen(p->cursor[0], OOMT_SOURCE_CURSOR_MAX) < OOMT_SOURCE_CURSOR_MAX &&
	       strncmp(p->cursor[0], p->cursor[1], OOMT_SOURCE_CURSOR_MAX) == 0 &&
	       p->cursor_inclusive[0] == p->cursor_inclusive[1];
}

const char *oomt_journal_dir(const char *dir, const struct oomt_source_opts *opts, char *buf,
                             size_t size)
{
	const char *root = opts && opts->sysroot && opts->sysroot[0] ? opts->sysroot : NULL;

	if (dir || !root)
		return dir;
	snprintf(buf, size, "%s/var/log/journal", root);
	return buf;
}

int oomt_source_open_journal(const char *dir, const struct oomt_source_opts *opts,
                             struct oomt_source **ret)
{
	const char *const *files = opts && !opts->follow ? opts->journal_files : NULL;
	sd_journal *given = opts ? opts->journal_handle : NULL;
	const struct oomt_sd_journal *sd;
	char path[PATH_MAX];
	struct oomt_source *src;
	struct journal_state *s;
	int r;

	dir = oomt_journal_dir(dir, opts, path, sizeof(path));
	/* resumed: what ran before (a program's start-up) leaves pages of its libraries in
	 * our resident set that loading libsystemd would add to */
	if (resumed_together(opts))
		oomt_process_trim_mapped_files();
	/* a given handle was opened with sd-journal loaded: this cannot fail then */
	if ((r = oomt_sd_journal_get(&sd)) < 0)
		return no_journal_here(dir) ? -ENOENT : r;
	s = calloc(1, sizeof(*s));
	if (!s || (!dir && !files && (r = check_system_journal_access(sd)) < 0)) {
		free(s);
		if (given) {
			oomt_journal_maps_hold();
			sd->journal_close(given);
			oomt_journal_maps_release();
		}
		return s ? r : -ENOMEM;
	}
	oomt_journal_maps_hold();
	s->sd = sd;
	s->statm_fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	s->cur = -1;
	s->entry.msg = s->msgbuf;
	s->entry.msg_cap = JOURNAL_MSG_MAX;
	s->follow = opts && opts->follow;
	s->timeout_ms = opts ? opts->follow_timeout_ms : 0;
	s->trim_every = TRIM_CHECK_EVERY;
	s->trim_floor = opts && opts->journal_trim_bytes ? opts->journal_trim_bytes
	                                                 : live_trim_budget();
	for (size_t i = 0; i < 2 && opts && opts->start; i++)
		s->start_given[i] = opts->start->cursor[i][0] != '\0';
	s->have_stop = opts && opts->journal_stop_boot[0] && !opts->follow;
	r = s->have_stop ? sd->id128_from_string(opts->journal_stop_boot, &s->stop_boot) : 0;
	if (r < 0) {
		s->nstreams = 0;    /* a boot ID that does not parse: failed, below */
	} else if (s->follow) {
		r = open_stream(sd, dir, files, NULL, MATCH_KERNEL | MATCH_OTHERS, &s->st[0].j, NULL);
		s->nstreams = r < 0 ? 0 : 1;
	} else if (resumed_together(opts)) {
		r = open_stream(sd, dir, files, NULL, MATCH_KERNEL | MATCH_OTHERS | MATCH_NONE,
		                &s->st[0].j, &s->match_set);
		s->nstreams = r < 0 ? 0 : 1;
		s->resumed_one = r >= 0;
	} else {
		/* a batch read: the others' terms whose values are nowhere are left out (a
		 * follower keeps them all: those values may come) */
		int ahead = opts ? opts->journal_read_ahead : 0;

		r = open_stream(sd, dir, files, given, MATCH_KERNEL, &s->st[0].j, NULL);
		given = NULL;
		s->nstreams = r < 0 ? 0 : 1;
		if (r >= 0 && ahead >= 0)
			r = share_handle(s, ahead > 0 ? (size_t)ahead : READ_AHEAD_ENTRIES);
		else if (r >= 0 && (r = open_stream(sd, dir, files, NULL,
		                                    MATCH_OTHERS | MATCH_PRESENT,
		                                    &s->st[1].j, NULL)) >= 0)
			s->nstreams = r == 0 ? 2 : 1;
		if (r > 0)
			r = 0;
	}
	if (given)      /* not read on: a follower, a resumed read, a bad boot ID */
		sd->journal_close(given);
	/* follow reports what happens from now on: start after the last entry (from_start:
	 * at the first, where a new journal handle is) */
	if (r >= 0 && s->follow && !opts->follow_from_start &&
	    (r = sd->journal_seek_tail(s->st[0].j)) >= 0)
		r = sd->journal_previous(s->st[0].j);
	/* a batch scan resumed where an earlier one stopped: each stream at its cursor */
	for (size_t i = 0; r >= 0 && !s->follow && opts && opts->start && i < s->nstreams; i++) {
		struct journal_stream *st = &s->st[i];

		if (i >= 2 || !opts->start->cursor[i][0] ||
		    strlen(opts->start->cursor[i]) >= OOMT_SOURCE_CURSOR_MAX)
			continue;
		strcpy(st->start, opts->start->cursor[i]);
		st->start_inclusive = opts->start->cursor_inclusive[i];
		st->skip_start = !st->start_inclusive;
		if (st->j)      /* read ahead on the kernel's handle: placed there then */
			r = sd->journal_seek_cursor(st->j, st->start);
	}
	if (r >= 0 && s->resumed_one) {
		/* what opening touched is dropped: the journal's headers and the field values
		 * looked at, and the pages of libsystemd and its libraries that loading them
		 * touched (and ours that ran before); the first entry read (the seek to the
		 * cursor) is followed by a look at the resident set */
		trim_journal_maps_now();
		oomt_process_trim_mapped_files();
		s->trim_every = RESUMED_TRIM_CHECK_EVERY;
		s->visited = RESUMED_TRIM_CHECK_EVERY - 1;
		s->trim_above = s->trim_floor = 0;
		s->trim_regrow = RESUMED_TRIM_REGROW_BYTES;
	}
	if (r >= 0)
		r = oomt_source_alloc(&journal_ops, dir ? dir : "journal", opts, &src);
	if (r < 0) {
		for (size_t i = 0; i < s->nstreams; i++)
			if (s->st[i].j)
				sd->journal_close(s->st[i].j);
		oomt_journal_maps_release();
		if (s->statm_fd >= 0)
			close(s->statm_fd);
		free(s->ahead);
		free(s);
		return r;
	}
	oomt_journal_maps_release();
	__atomic_add_fetch(&sources_open, 1, __ATOMIC_RELAXED);
	src->priv = s;
	*ret = src;
	return 0;
}
