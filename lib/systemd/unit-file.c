/* SPDX-License-Identifier: MIT */
/*
 * Unit names and the text of unit files, drop-ins and system.conf, on buffers (pure): see
 * unit-file.h for the syntax accepted and the settings read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "systemd/unit-file.h"

#define LINE_MAX_BYTES 4096   /* a longer logical line is cut (its value is not ours) */

static const char *const unit_suffixes[] = {
	".service", ".socket", ".device", ".mount", ".automount", ".swap", ".target",
	".path", ".timer", ".slice", ".scope",
};

bool oomt_unit_name_is_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	const char *dot;
	bool suffix_ok = false;

	if (n == 0 || n > 255 || name[0] == '.' || name[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == ':' || c == '_' || c == '.' || c == '\\' || c == '@' || c == '-'))
			return false;
	}
	dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(unit_suffixes) / sizeof(unit_suffixes[0]); i++)
		suffix_ok |= strcmp(dot, unit_suffixes[i]) == 0;
	/* a name before the suffix, and no "foo@.service" template as a unit of its own */
	return suffix_ok && dot > name && dot[-1] != '@';
}

bool oomt_unit_name_template(const char *name, char *buf, size_t bufsz)
{
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');
	int n;

	if (!at || !dot || dot < at || dot == at + 1)
		return false;
	n = snprintf(buf, bufsz, "%.*s%s", (int)(at - name + 1), name, dot);
	return n > 0 && (size_t)n < bufsz;
}

/* ---- text ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

struct setting_rule {
	const char *key;
	const char *const *sections;
	size_t offset;
};

static const char *const exec_sections[] = { "Service", "Socket", "Mount", "Swap", NULL };
static const char *const policy_sections[] = { "Service", "Scope", NULL };
static const char *const cgroup_sections[] = {
	"Service", "Socket", "Mount", "Swap", "Slice", "Scope", NULL,
};
static const char *const manager_sections[] = { "Manager", NULL };

static const struct setting_rule unit_rules[] = {
	{ "OOMScoreAdjust", exec_sections, offsetof(struct oomt_unit_oom, oom_score_adjust) },
	{ "OOMPolicy", policy_sections, offsetof(struct oomt_unit_oom, oom_policy) },
	{ "ManagedOOMPreference", cgroup_sections,
	  offsetof(struct oomt_unit_oom, managed_oom_preference) },
	{ "Delegate", cgroup_sections, offsetof(struct oomt_unit_oom, delegate) },
};
static const struct setting_rule manager_rules[] = {
	{ "DefaultOOMPolicy", manager_sections, offsetof(struct oomt_unit_oom, default_oom_policy) },
	{ "DefaultOOMScoreAdjust", manager_sections,
	  offsetof(struct oomt_unit_oom, default_oom_score_adjust) },
};

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* One logical line "KEY=VALUE" in SECTION: record it when it is a setting we follow. */
static void apply_assignment(char *line, const char *section, const char *file, unsigned lineno,
                             bool manager, struct oomt_unit_oom *u)
{
	const struct setting_rule *rules = manager ? manager_rules : unit_rules;
	size_t nrules = manager ? sizeof(manager_rules) / sizeof(manager_rules[0])
	                        : sizeof(unit_rules) / sizeof(unit_rules[0]);
	char *eq = strchr(line, '='), *ke, *v, *ve;

	if (!eq)
		return;
	ke = eq;
	while (ke > line && is_blank(ke[-1]))
		ke--;
	*ke = '\0';
	v = eq + 1;
	while (*v && is_blank(*v))
		v++;
	ve = v + strlen(v);
	while (ve > v && is_blank(ve[-1]))
		*--ve = '\0';
	for (size_t i = 0; i < nrules; i++) {
		struct oomt_unit_value *val;

		if (strcmp(line, rules[i].key) != 0 || !in_list(rules[i].sections, section))
			continue;
		val = (struct oomt_unit_value *)((char *)u + rules[i].offset);
		if (!*v) {          /* "Key=": back to unset */
			memset(val, 0, sizeof(*val));
			return;
		}
		val->set = true;
		snprintf(val->value, sizeof(val->value), "%s", v);
		snprintf(val->file, sizeof(val->file), "%s", file);
		val->line = lineno;
		return;
	}
}

void oomt_unit_text_apply(const char *buf, size_t len, const char *file, bool manager,
                          struct oomt_unit_oom *u)
{
	char section[64] = "", logical[LINE_MAX_BYTES];
	size_t ll = 0;
	unsigned lineno = 0, first = 0;
	const char *p = buf, *end = buf + len;
	bool continued = false;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end, *s = p;

		lineno++;
		p = nl ? nl + 1 : end;
		while (s < le && is_blank(*s))
			s++;
		while (le > s && is_blank(le[-1]))
			le--;
		if (s < le && (*s == '#' || *s == ';'))
			continue;            /* comments are skipped, also inside a continuation */
		if (!continued) {
			if (s == le)
				continue;
			if (*s == '[') {
				const char *close = memchr(s, ']', (size_t)(le - s));

				if (close && (size_t)(close - s - 1) < sizeof(section))
					snprintf(section, sizeof(section), "%.*s", (int)(close - s - 1),
					         s + 1);
				else
					section[0] = '\0';
				continue;
			}
			ll = 0;
			first = lineno;
		}
		continued = le > s && le[-1] == '\\';
		if (continued)
			le--;
		for (; s < le && ll + 1 < sizeof(logical); s++)
			logical[ll++] = *s;
		if (continued) {
			if (ll + 1 < sizeof(logical))
				logical[ll++] = ' ';
			continue;
		}
		logical[ll] = '\0';
		apply_assignment(logical, section, file, first, manager, u);
	}
	if (continued) {             /* the file ended inside a continuation */
		logical[ll] = '\0';
		apply_assignment(logical, section, file, first, manager, u);
	}
}

static bool parse_adj(const char *s, int *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < -1000 || v > 1000)
		return false;
	*ret = (int)v;
	return true;
}

bool oomt_unit_adjust(const struct oomt_unit_oom *u, int *ret, const char **ret_file)
{
	const struct oomt_unit_value *v = u->oom_score_adjust.set ? &u->oom_score_adjust
	                                                          : &u->default_oom_score_adjust;
	int adj;

	if (!v->set || !parse_adj(v->value, &adj))
		return false;
	*ret = adj;
	if (ret_file)
		*ret_file = v->file;
	return true;
}

static bool is_no(const char *s)
{
	return strcmp(s, "no") == 0 || strcmp(s, "false") == 0 || strcmp(s, "off") == 0 ||
	       strcmp(s, "0") == 0;
}

static const char *policy_name(const char *s)
{
	if (strcmp(s, "continue") == 0)
		return "continue";
	if (strcmp(s, "stop") == 0)
		return "stop";
	if (strcmp(s, "kill") == 0)
		return "kill";
	return NULL;
}

const char *oomt_unit_oom_policy(const struct oomt_unit_oom *u, bool *ret_explicit)
{
	const char *p = u->oom_policy.set ? policy_name(u->oom_policy.value) : NULL;

	if (ret_explicit)
		*ret_explicit = p != NULL;
	if (p)
		return p;
	/* Delegate=yes or a controller list: systemd.service(5) */
	if (u->delegate.set && !is_no(u->delegate.value))
		return "continue";
	if (u->default_oom_policy.set && (p = policy_name(u->default_oom_policy.value)))
		return p;
	return "stop";
}
