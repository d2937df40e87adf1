/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_FORMAT_H
#define OOMTOOL_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <oomtool/common.h>

/*
 * The one output layer: a streaming JSON writer, one size formatter and one time formatter.
 * Tables go through libsmartcols (see cmd/output.h). These write only to the FILE* the
 * caller hands them.
 */

/* ---- sizes and times ---- */

/* "512B", "4.0K", "1.5M", "2.0G" (lsblk style, 1024-based); unknown (OOMT_UNKNOWN) -> "-". */
char *oomt_format_size(int64_t bytes, char *buf, size_t bufsz);
/* The one size parser, the inverse of oomt_format_size: "4096", "512K", "2G", "1.5GiB",
 * "10MB". K, M, G, T, P, E and KiB.. are powers of 1024; KB, MB.. are powers of 1000 (as
 * util-linux reads them). Case-insensitive suffix; no sign, no spaces. Returns 0, -EINVAL
 * for malformed text, -ERANGE when it does not fit 63 bits. Fractions are rounded down to
 * a whole byte. */
int oomt_parse_size(const char *text, uint64_t *ret);
/* RFC 3339 in UTC with microseconds: 2024-09-08T12:00:00.123456Z; local=true uses the local
 * zone offset (+02:00). Unknown -> "-". */
char *oomt_format_time(int64_t usec, bool local, char *buf, size_t bufsz);

/* ---- JSON writer ----
 * Why not libsmartcols: its JSON is a table (rows of columns); -J output here has nested
 * objects (trigger, victim, memcg) and must stream event by event in --follow mode.
 * Why not json-c/jansson: they build the whole document in memory first. */
struct oomt_json;

/* A writer of one JSON document (or, one after another, JSON Lines) to OUT; pretty indents
 * it. Returns 0 or -ENOMEM. Nesting deeper than 32 levels is written flat. The writer uses
 * stdio's unlocked calls: no other thread may write to OUT while it writes. */
int oomt_json_new(FILE *out, bool pretty, struct oomt_json **ret);
void oomt_json_free(struct oomt_json *j);
void oomt_json_begin_object(struct oomt_json *j, const char *key);  /* key NULL in arrays */
void oomt_json_end_object(struct oomt_json *j);
void oomt_json_begin_array(struct oomt_json *j, const char *key);
void oomt_json_end_array(struct oomt_json *j);
void oomt_json_string(struct oomt_json *j, const char *key, const char *val); /* NULL -> null */
/* Empty string -> null (the event structs use "" for unknown). */
void oomt_json_string_or_null(struct oomt_json *j, const char *key, const char *val);
void oomt_json_int(struct oomt_json *j, const char *key, int64_t val);  /* OOMT_UNKNOWN -> null */
void oomt_json_uint(struct oomt_json *j, const char *key, uint64_t val);
void oomt_json_double(struct oomt_json *j, const char *key, double val, bool known);
void oomt_json_bool(struct oomt_json *j, const char *key, bool val);
void oomt_json_null(struct oomt_json *j, const char *key);
/* Time as RFC 3339 string, or null when unknown. */
void oomt_json_time(struct oomt_json *j, const char *key, int64_t usec);
/* Ends the document with a newline. */
void oomt_json_finish(struct oomt_json *j);

/* ---- Prometheus text exposition ----
 * The text format 0.0.4 that node_exporter's textfile collector and a Prometheus scrape
 * read: per family a "# HELP" and a "# TYPE" line, then its samples, without time stamps
 * (the textfile collector refuses them). Names are checked ([a-zA-Z_:][a-zA-Z0-9_:]*; label
 * names [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__"), label values and help texts
 * escaped. The caller keeps each family's label sets unique. */
struct oomt_prom;

enum oomt_prom_type {
	OOMT_PROM_COUNTER,
	OOMT_PROM_GAUGE,
};

/* A writer to OUT. 0 or -ENOMEM. */
int oomt_prom_new(FILE *out, struct oomt_prom **ret);
/* Ends the family and frees the writer; returns the first error of any call (-EINVAL for a
 * bad name, a sample before its family or a family twice; -EIO for a write error), or 0. */
int oomt_prom_free(struct oomt_prom *p);
/* The HELP and TYPE lines of a new family; its samples follow. */
int oomt_prom_family(struct oomt_prom *p, const char *name, enum oomt_prom_type type,
                     const char *help);
/* A sample of the current family: n_labels name/value pairs (labels[2 * i], labels[2 * i +
 * 1]), its value. NaN and infinities are written as Prometheus spells them; integers of
 * any size exactly with _int. */
int oomt_prom_sample(struct oomt_prom *p, const char *const *labels, size_t n_labels,
                     double value);
int oomt_prom_sample_int(struct oomt_prom *p, const char *const *labels, size_t n_labels,
                         int64_t value);

#endif
