# Sourced (not run) by the tests that run oomtool as another user, usually nobody.
#
# The build-tree binary and its liboomtool.so.0 live in the checkout, which that user may not
# be able to enter: a clone under a 0700 directory (mktemp -d, /root, a CI workspace) gives
# "liboomtool.so.0: cannot open shared object file". So copy both into a fresh directory
# the user can reach and read, and run the copy: the build tree's RUNPATH is $ORIGIN, so the
# copied binary loads the copied library.
#
#   run_as_prepare UID OOMTOOL
#       copies OOMTOOL (and the liboomtool it loads) into a new directory, mode 0755, under
#       $TMPDIR, else /tmp, /var/tmp or /dev/shm: the first one from which UID can run it.
#       Sets RUN_AS_OOMTOOL (the copy) and RUN_AS_DIR (its directory: put there the files
#       the test hands to UID). Returns 1, having said why on stderr, when that is impossible
#       (not root, no setpriv, no directory UID can execute from): the caller skips, loudly.
#   run_as COMMAND [ARG...]
#       runs COMMAND as UID (group UID, no supplementary groups), from /.
#   run_as_cleanup
#       removes RUN_AS_DIR; call it from the test's EXIT trap. Safe to call twice.
RUN_AS_UID=
RUN_AS_DIR=
RUN_AS_OOMTOOL=

run_as() {
	(cd / && setpriv --reuid="$RUN_AS_UID" --regid="$RUN_AS_UID" --clear-groups "$@")
}

run_as_cleanup() {
	[ -n "$RUN_AS_DIR" ] && rm -rf "$RUN_AS_DIR"
	RUN_AS_DIR=
	RUN_AS_OOMTOOL=
}

run_as_prepare() {
	RUN_AS_UID=$1
	if [ "$(id -u)" -ne 0 ]; then
		echo "skip: running as uid $1 needs root" >&2
		return 1
	fi
	if ! command -v setpriv >/dev/null 2>&1; then
		echo "skip: no setpriv(1) to run as uid $1" >&2
		return 1
	fi
	# the liboomtool the binary loads (glibc's loader trace; none when linked statically)
	_run_as_lib=$(LD_TRACE_LOADED_OBJECTS=1 "$2" 2>/dev/null |
		sed -n 's/^[[:space:]]*liboomtool\.so\.[0-9]* => \(\/[^ ]*\) .*/\1/p')
	for _run_as_base in "${TMPDIR:-/tmp}" /tmp /var/tmp /dev/shm; do
		[ -d "$_run_as_base" ] || continue
		RUN_AS_DIR=$(mktemp -d "$_run_as_base/oomtool-run-as.XXXXXX" 2>/dev/null) || continue
		if chmod 755 "$RUN_AS_DIR" && cp "$2" "$RUN_AS_DIR/oomtool" &&
			{ [ -z "$_run_as_lib" ] || cp "$_run_as_lib" "$RUN_AS_DIR/"; } &&
			chmod -R a+rX "$RUN_AS_DIR" &&
			run_as "$RUN_AS_DIR/oomtool" --version >/dev/null 2>&1; then
			RUN_AS_OOMTOOL=$RUN_AS_DIR/oomtool
			return 0
		fi
		run_as_cleanup
	done
	echo "skip: uid $1 can run oomtool from none of \$TMPDIR (${TMPDIR:-unset}), /tmp, /var/tmp, /dev/shm" >&2
	return 1
}
