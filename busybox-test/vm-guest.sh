# SPDX-License-Identifier: MIT
# vm-guest.sh -- sourced in the machine by the command file nsinit-vm
# (busybox-test/vm) writes, /run/nsinit-vm/cmd, which sets the command's
# environment, its words ("$@") and _nsvm_uid, _nsvm_gid, _nsvm_tty (1 for
# a command on the machine's terminal, hvc0 as fds 0-2), _nsvm_rows and
# _nsvm_cols (the terminal's size), then sources this. Run by the root's
# /bin/sh (any POSIX sh), as root of the machine when the runner can have
# the user switched here (setpriv), else already as the caller
# (nsinit.user=), with less: no streamed stdin, no control port, no disk
# names.

# /dev/vportNpM of the virtio port QEMU names $1 (no udev here)
_nsvm_port() {
	for _nsvm_p in /sys/class/virtio-ports/*; do
		[ "$(cat "$_nsvm_p/name" 2>/dev/null)" = "$1" ] || continue
		echo "/dev/${_nsvm_p##*/}"
		return 0
	done
	return 1
}

exec 3<&0	# the terminal, for the listener's stty
if [ "$(id -u)" = 0 ]; then
	# --disk FILE:NAME: virtio-blk with serial NAME, as udev would
	# name it, and /dev/NAME (never over what /dev already has)
	for _nsvm_d in /sys/block/vd*; do
		[ -r "$_nsvm_d/serial" ] || continue
		_nsvm_s=$(cat "$_nsvm_d/serial")
		[ -n "$_nsvm_s" ] || continue
		mkdir -p /dev/disk/by-id
		ln -s "../../${_nsvm_d##*/}" "/dev/disk/by-id/virtio-$_nsvm_s"
		ln -s "${_nsvm_d##*/}" "/dev/$_nsvm_s"
	done
	# --net on a host whose resolv.conf names a local stub: QEMU's
	[ -z "$_nsvm_resolv" ] ||
		mount --bind /run/nsinit-vm/resolv.conf /etc/resolv.conf
	# stdin streamed from the runner's (EOF when it ends)
	if _nsvm_in=$(_nsvm_port nsinit-vm.stdin); then
		exec 0<"$_nsvm_in"
	fi
	# the runner's control lines: "sig NAME" (Ctrl-C without a terminal:
	# to this process group, the command's) and "winch ROWS COLS"
	if _nsvm_ctl=$(_nsvm_port nsinit-vm.ctl); then
		# (an asynchronous list ignores SIGINT and SIGQUIT)
		while read -r _nsvm_w _nsvm_a _nsvm_b; do
			case $_nsvm_w in
			sig) kill -s "$_nsvm_a" -- "-$$" ;;
			winch) stty rows "$_nsvm_a" cols "$_nsvm_b" <&3 ;;
			esac
		done <"$_nsvm_ctl" >/dev/null 2>&1 &
	fi
	if [ "$_nsvm_uid" != 0 ]; then
		set -- setpriv --reuid="$_nsvm_uid" --regid="$_nsvm_gid" \
			--clear-groups -- "$@"
	fi
fi
if [ -n "$_nsvm_tty" ]; then
	# a session of its own with the terminal as its controlling tty:
	# job control, Ctrl-C from the terminal to its foreground job
	stty sane rows "$_nsvm_rows" cols "$_nsvm_cols" 2>/dev/null
	set -- setsid -c "$@"
fi
# this shell stays to give the command's status: a signal it is sent
# with the command's process group does not end it first
trap : INT TERM QUIT HUP
unset _nsvm_resolv _nsvm_uid _nsvm_gid _nsvm_tty _nsvm_rows _nsvm_cols _nsvm_p _nsvm_d \
	_nsvm_s _nsvm_in _nsvm_ctl
"$@" 3<&-
exit $?
