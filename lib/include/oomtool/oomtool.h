/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_OOMTOOL_H
#define OOMTOOL_OOMTOOL_H

#include <oomtool/record.h>
#include <oomtool/source.h>
#include <oomtool/event.h>
#include <oomtool/parser.h>
#include <oomtool/format.h>
#include <oomtool/timeparse.h>

#endif
