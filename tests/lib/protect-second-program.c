/* SPDX-License-Identifier: MIT */
/*
 * A second program on liboomtool's public API alone (oomtool/protect.h), for
 * tests/live/protect-systemd-fake.sh: it lists the live processes asking systemd over the
 * system bus even though PID 1 is not systemd (OOMT_SYSTEMD_ALWAYS), prints what it learned
 * for PID, then, with ADJ, plans and applies "set UNIT ADJ --persist" (a drop-in and a
 * reload), and with "reset" the reset.
 *   protect-second-program PID                     -> "source=S configured=N from=F flags=..."
 *   protect-second-program PID UNIT set ADJ        -> "steps=K,K,... error=E"
 *   protect-second-program PID UNIT reset          -> "steps=... error=E"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/protect.h>

static struct oomt_protect_list *list(void)
{
	struct oomt_protect_opts o = { .struct_size = sizeof(o), .systemd = OOMT_SYSTEMD_ALWAYS };
	struct oomt_protect_list *l = NULL;
	int r = oomt_protect_list_new(&o, NULL, &l);

	if (r < 0) {
		fprintf(stderr, "list: %s\n", strerror(-r));
		exit(1);
	}
	return l;
}

static const char *const kinds[] = { "record", "dropin", "dropin-remove", "reload", "adj" };

int main(int argc, char **argv)
{
	struct oomt_protect_list *l;
	const struct oomt_protect_process *p;

	if (argc != 2 && argc != 4 && argc != 5)
		return 2;
	l = list();
	if (argc == 2) {
		if (!(p = oomt_protect_list_find(l, atoi(argv[1])))) {
			fprintf(stderr, "no process %s\n", argv[1]);
			return 1;
		}
		printf("source=%s configured=%lld from=%s policy=%s flags=", oomt_adj_source_name(p->source),
		       (long long)p->configured_adj, p->configured_from, p->oom_policy);
		for (unsigned b = 0; b < OOMT_PROTECT_FLAG_BITS; b++)
			if (p->flags & (1u << b))
				printf("%s,", oomt_protect_flag_name(1u << b));
		printf("\n");
	} else {
		struct oomt_protect_request req = {
			.struct_size = sizeof(req), .target = argv[2], .persist = true,
			.action = strcmp(argv[3], "set") == 0 ? OOMT_PROTECT_SET : OOMT_PROTECT_RESET,
			.adj = argc == 5 ? atoi(argv[4]) : 0, .systemd = OOMT_SYSTEMD_ALWAYS,
		};
		struct oomt_protect_plan *plan = NULL;
		struct oomt_protect_result *res = NULL;
		int r = oomt_protect_plan_compute(l, &req, &plan);

		if (r < 0 || plan->verdict != OOMT_PROTECT_READY) {
			fprintf(stderr, "plan: %s %s\n", strerror(r < 0 ? -r : 0),
			        plan ? plan->reason : "");
			return 1;
		}
		if ((r = oomt_protect_apply(plan, &res)) < 0)
			return 1;
		printf("steps=");
		for (size_t i = 0; i < plan->nsteps; i++)
			printf("%s%s", i ? "," : "", kinds[plan->steps[i].kind]);
		printf(" error=%d\n", res->err);
		oomt_protect_result_free(res);
		oomt_protect_plan_free(plan);
	}
	oomt_protect_list_free(l);
	return 0;
}
