# Sourced by the live tests that start a private D-Bus daemon (run-systemd-fake.sh,
# protect-systemd-fake.sh).

# dbus_unix_address PATH: the D-Bus address of the socket at PATH. The D-Bus specification
# asks for every byte of a value outside [-0-9A-Za-z_/.*] as %xx: a $TMPDIR may hold a
# space, which would end the address.
dbus_unix_address() {
	printf 'unix:path='
	printf '%s' "$1" | od -An -v -tx1 | tr -s ' ' '\n' | while read -r h; do
		[ -n "$h" ] || continue
		case $h in
		2a | 2d | 2e | 2f | 3[0-9] | 4[1-9a-f] | 5[0-9a] | 5f | 6[1-9a-f] | 7[0-9a])
			# shellcheck disable=SC2059
			printf "\\$(printf '%03o' "0x$h")" ;;
		*) printf '%%%s' "$h" ;;
		esac
	done
	printf '\n'
}
