/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_OOMTOOL_H
#define OOMTOOL_OOMTOOL_H

#include <oomtool/common.h>
#include <oomtool/event.h>
#include <oomtool/format.h>
#include <oomtool/timeparse.h>
#include <oomtool/event-json.h>
#include <oomtool/scan.h>
#include <oomtool/proc.h>
#include <oomtool/cgroup.h>
#include <oomtool/limits.h>
#include <oomtool/limits-json.h>
#include <oomtool/model.h>
#include <oomtool/model-json.h>
#include <oomtool/live.h>
#include <oomtool/topmem.h>
#include <oomtool/topmem-json.h>
#include <oomtool/system-memory.h>
#include <oomtool/swap.h>
#include <oomtool/swap-json.h>
#include <oomtool/sysctl.h>
#include <oomtool/protect.h>
#include <oomtool/protect-json.h>
#include <oomtool/tune.h>
#include <oomtool/tune-json.h>
#include <oomtool/system.h>
#include <oomtool/run.h>
#include <oomtool/run-json.h>
#include <oomtool/watch.h>
#include <oomtool/watch-json.h>
#include <oomtool/metrics.h>

#endif
