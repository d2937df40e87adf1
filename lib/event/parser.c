/* SPDX-License-Identifier: MIT */
/* The incident parser's life cycle and output (parser.h); the reading is in machine.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "event/machine.h"

int oomt_parser_new(struct oomt_parser **ret)
{
	struct oomt_parser *p = calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	*ret = p;
	return 0;
}

void oomt_parser_free(struct oomt_parser *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nctx; i++) {
		struct context *c = p->ctx[i];

		oomt_event_done(&c->cur.ev);
		oomt_event_done(&c->us.ev);
		for (size_t k = 0; k < c->ndone; k++)
			oomt_event_free(c->done[k].ev);
		free(c);
	}
	for (size_t i = 0; i < p->out_len; i++)
		oomt_event_free(p->out[p->out_head + i]);
	free(p->out);
	free(p);
}

int oomt_parser_finish(struct oomt_parser *p)
{
	int err;

	if (!p)
		return -EINVAL;
	for (size_t i = 0; i < p->nctx; i++)
		ctx_close(p, p->ctx[i]);
	err = p->err;
	p->err = 0;
	return err;
}

int oomt_parser_flush(struct oomt_parser *p)
{
	int err;

	if (!p)
		return -EINVAL;
	for (size_t i = 0; i < p->nctx; i++) {
		struct context *c = p->ctx[i];

		if (c->cur.open && c->cur.killed)
			ctx_retire(p, c, &c->cur);
		if (c->us.open && c->us.killed)
			ctx_retire(p, c, &c->us);
		ctx_release_all(p, c);
	}
	err = p->err;
	p->err = 0;
	return err;
}

int oomt_parser_next(struct oomt_parser *p, struct oomt_event **ret)
{
	if (!p || p->out_len == 0)
		return 1;
	*ret = p->out[p->out_head++];
	if (--p->out_len == 0)
		p->out_head = 0;
	return 0;
}

bool oomt_parser_busy(const struct oomt_parser *p)
{
	if (!p)
		return false;
	for (size_t i = 0; i < p->nctx; i++) {
		const struct context *c = p->ctx[i];

		if ((c->cur.open && !c->cur.killed) || (c->us.open && !c->us.killed) ||
		    c->oomd_count > 0)
			return true;
	}
	return false;
}
