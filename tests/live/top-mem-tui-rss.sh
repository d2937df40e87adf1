#!/bin/sh
# The live view keeps the snapshot's small footprint: libproc2 (which brings libsystemd and
# six more libraries) is loaded for the first counters only, before ncurses, and is not
# mapped while the view runs; the peak RSS stays under 4 MiB (not checked under ASan, whose
# shadow memory dwarfs it).
set -u
OOMTOOL=$1
command -v tmux >/dev/null 2>&1 || { echo "skip: needs tmux"; exit 77; }
ldconfig -p 2>/dev/null | grep -q 'libproc2\.so' || { echo "skip: needs libproc2"; exit 77; }
S=oomt-rss-$$
tmux() { command tmux -L "$S" "$@"; }
trap 'tmux kill-server 2>/dev/null' EXIT INT TERM
fail=0
tmux new-session -d -s $S -x 80 -y 24 "TERM=xterm exec $OOMTOOL top-mem -w -d 0.3"
pid=$(tmux list-panes -t $S -F '#{pane_pid}')
sleep 2    # several refreshes
if [ ! -r /proc/$pid/maps ]; then echo "FAIL - the live view is not running"; exit 1; fi
if grep -q libncursesw /proc/$pid/maps; then echo "ok - ncurses loaded"
else echo "FAIL - ncurses not mapped: the view did not start"; fail=1; fi
if grep -q libproc2 /proc/$pid/maps; then echo "FAIL - libproc2 still mapped"; fail=1
else echo "ok - libproc2 unloaded"; fi
hwm=$(awk '/^VmHWM:/ { print $2 }' /proc/$pid/status)
if grep -q libasan /proc/$pid/maps; then echo "ok - # skip peak RSS under ASan ($hwm kB)"
elif [ "$hwm" -lt 4096 ]; then echo "ok - peak RSS $hwm kB < 4 MiB"
else echo "FAIL - peak RSS $hwm kB >= 4 MiB"; fail=1; fi
tmux send-keys -t $S q
exit $fail
