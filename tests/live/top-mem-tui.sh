#!/bin/sh
# Live view in a real terminal (tmux 80x24): header, sort keys, help, resize, q and Ctrl-C
# restore the terminal.
set -u
OOMTOOL=$1
command -v tmux >/dev/null 2>&1 || { echo "skip: needs tmux"; exit 77; }
S=oomt-tui-$$
# A private tmux server (-L): other tmux users on the machine (a parallel test run, a
# developer's session) can neither see nor kill it.
tmux() { command tmux -L "$S" "$@"; }
tmp=$(mktemp -d)
trap 'tmux kill-server 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
fail=0
cap() { tmux capture-pane -p -t $S; }
expect() { # name grep-pattern [absent]
	n=0
	while [ $n -lt 30 ]; do
		if cap | grep -q -- "$2"; then [ "${3:-}" = absent ] || { echo "ok - $1"; return; }
		else [ "${3:-}" = absent ] && { echo "ok - $1"; return; }; fi
		sleep 0.1; n=$((n + 1))
	done
	echo "FAIL - $1"; cap | sed 's/^/    | /'; fail=1
}
# A second session keeps the server up between views: killing the view's only session would
# end the server, and a new-session racing that exit fails ("server exited unexpectedly").
tmux new-session -d -s keep cat
start() {
	tmux kill-session -t $S 2>/dev/null
	tmux new-session -d -s $S -x 80 -y 24 "TERM=xterm $OOMTOOL top-mem -w -d 0.5 $*; echo EXITED rc=\$?; sleep 30"
}
start
expect "header" "oomtool top-mem  sort"
expect "system line" "^mem .* avail"
expect "columns" "PID USER"
tmux send-keys -t $S M; expect "M sorts by rss" "sort rss"
tmux send-keys -t $S O; expect "O sorts by oom" "sort oom"
tmux send-keys -t $S P; expect "P sorts by pss" "sort pss"
tmux send-keys -t $S '?'; expect "? shows help" "live view keys"
expect "help names K" "K           show or hide kernel threads"
tmux send-keys -t $S x; expect "help closes" "live view keys" absent
# kernel threads: hidden at start, K shows them (the title says so), K again hides them
expect "kernel threads hidden at start" "kthreads" absent
tmux send-keys -t $S K; expect "K shows kernel threads" "group none  kthreads  delay"
expect "K says so" "kernel threads shown (K hides them)"
tmux send-keys -t $S K; expect "K hides them again" "kernel threads hidden (K shows them)"
expect "title without kthreads" "group none  kthreads" absent
tmux send-keys -t $S g; expect "g groups by user" "group user"
tmux send-keys -t $S g; expect "g groups by cgroup" "group cgroup"
tmux send-keys -t $S g g g; expect "g cycles back" "group none"
tmux resize-window -t $S -x 120 -y 30 2>/dev/null || tmux resize-pane -t $S -x 120 -y 30
expect "resize keeps drawing" "oomtool top-mem  sort"
[ "$(cap | wc -l)" -ge 30 ] && echo "ok - resized to 30 lines" || { echo "FAIL - resize"; fail=1; }
tmux resize-window -t $S -x 80 -y 24 2>/dev/null || true
tmux send-keys -t $S k; expect "k asks first" "send SIGTERM"
tmux send-keys -t $S Escape; expect "escape cancels" "send SIGTERM" absent
tmux send-keys -t $S q; expect "q exits 0" "EXITED rc=0"
expect "q restores the screen" "oomtool top-mem  sort" absent
# sort keys change the order: on the fixture tree, by PSS 300 (PSS unknown, RSS 469M) ranks
# before 101 (PSS 293M); by RSS 101 (586M) comes before 300
F=$2/tests/fixtures/proc-basic
start --sysroot "$F" -o PID,RSS,PSS,COMMAND
expect "fixture view" "sort pss"
order() { cap | awk 'NR > 4 && $1 ~ /^[0-9]+$/ { printf "%s ", $1 }'; }
o=$(order)
case "$o" in "100 300 101 "*) echo "ok - P order: $o" ;; *) echo "FAIL - P order: $o"; fail=1 ;; esac
tmux send-keys -t $S M; expect "M on fixture" "sort rss"
o=$(order)
case "$o" in "100 101 300 "*) echo "ok - M order: $o" ;; *) echo "FAIL - M order: $o"; fail=1 ;; esac
tmux send-keys -t $S /; tmux send-keys -t $S -l nginx; tmux send-keys -t $S Enter
expect "filter applied" "filter 'nginx'"
o=$(order)
case "$o" in "200 201 ") echo "ok - filter by cgroup/name: $o" ;; *) echo "FAIL - filter: $o"; fail=1 ;; esac
tmux send-keys -t $S q; expect "q on fixture" "EXITED rc=0"
# the fixture's kernel thread (2) shows with K, and -K starts with it shown
start --sysroot "$F" -o PID,RSS,COMMAND
expect "fixture: kthreadd hidden" "kthreadd" absent
tmux send-keys -t $S K; expect "fixture: K shows kthreadd" "\[kthreadd\]"
tmux send-keys -t $S q; expect "q after K" "EXITED rc=0"
start --sysroot "$F" -K -o PID,RSS,COMMAND
expect "-K starts with kthreadd" "\[kthreadd\]"
tmux send-keys -t $S q; expect "q after -K" "EXITED rc=0"
# a long cgroup path keeps its leaf in the last column (cut from the left, not the right)
start --sysroot "$2/tests/fixtures/proc-workloads" -o PID,RSS,CGROUP
expect "cgroup leaf visible" "d368fe\.scope"
expect "cgroup not cut from the right" "/kubepods.slice/kubepods-burstable.slice/kube" absent
tmux send-keys -t $S q; expect "q on workloads" "EXITED rc=0"
start
expect "restart" "oomtool top-mem  sort"
tmux send-keys -t $S C-c; expect "Ctrl-C exits" "EXITED rc="
expect "Ctrl-C restores the screen" "oomtool top-mem  sort" absent
exit $fail
