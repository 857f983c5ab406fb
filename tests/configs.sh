# SPDX-License-Identifier: MIT
# configs.sh: config builders for the test appliances, sourced (after
# lib.sh) by the tests/t_*.sh that use them. Helpers that run and check an
# appliance are in lib.sh.
#
# use_config NAME [FIELD=VALUE...] builds build/tests/NAME/init (INIT) from
# a full config.h: the base appliance of config_text, with the FIELDs given
# replaced by their C text. Tests that share a NAME must pass the same
# fields: then the config is unchanged and make has nothing to do.
#
# The base appliance: root, in all namespaces but the user one, a busybox
# rootfs of these tests' own ($CROOT, so that no other test's container
# shows up in host_clean) read-only, two capabilities kept, a umask and a
# workdir that are not the defaults, and an environment without HOME.

BASE_CAPS_HEX=0000000000000420	# CAP_KILL (5) and CAP_NET_BIND_SERVICE (10)
CROOT=${CROOT:-$TOP/build/tests/container-rootfs}	# overridable: a private copy

# container_rootfs: builds $CROOT when it is missing or its probe is stale.
# The base appliance never writes to it.
container_rootfs() {
	cmp -s "$PROBE" "$CROOT/usr/bin/probe" || build_rootfs "$CROOT"
}

use_config() {
	local text
	container_rootfs
	text=$(config_text "$@")
	config_build "$1" <<<"$text"
}

# config_text NAME [FIELD=VALUE...]: prints the config.h of use_config.
config_text() {
	local name=$1
	shift
	local rootfs=\"$CROOT\"
	local namespaces='CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC |
		      CLONE_NEWNET | CLONE_NEWCGROUP'
	local propagation_slave=false
	local hostname='"nsinit-test"' domainname='"example.test"'
	local path='PATH=/usr/sbin:/usr/bin:/sbin:/bin'
	local user=NULL workdir='"/etc"' umask=027
	local argv='"/usr/bin/probe", "hostname",'
	local mounts='' tty=false ambient_caps=false readonly_root=true
	local field
	for field in "$@"; do
		case ${field%%=*} in
		rootfs | namespaces | propagation_slave | hostname | domainname | \
		path | user | workdir | umask | argv | mounts | tty | \
		ambient_caps | readonly_root) local "$field" ;;
		*) fail "config_text $name: no field ${field%%=*}" ;;
		esac
	done
	local mounts_decl='' mounts_field='NULL' nmounts=0
	if [ -n "$mounts" ]; then
		mounts_decl="static const struct bind_mount appliance_mounts[] = {
$mounts
};
"
		mounts_field=appliance_mounts nmounts='LEN(appliance_mounts)'
	fi
	cat <<EOF
/* Test appliance "$name", written by tests/configs.sh. */

static const char *const appliance_argv[] = {
	$argv
	NULL,
};

static const char *const appliance_env[] = {
	"$path",
	NULL,
};

${mounts_decl}static const int appliance_caps[] = {
	CAP_NET_BIND_SERVICE,
	CAP_KILL,
};

static const struct config config = {
	.rootfs = $rootfs,
	.namespaces = $namespaces,
	.propagation_slave = $propagation_slave,
	.hostname = $hostname,
	.domainname = $domainname,
	.argv = appliance_argv,
	.envp = appliance_env,
	.user = $user,
	.workdir = $workdir,
	.umask = $umask,
	.mounts = $mounts_field,
	.nmounts = $nmounts,
	.tty = $tty,
	.caps = appliance_caps,
	.ncaps = LEN(appliance_caps),
	.ambient_caps = $ambient_caps,
	.readonly_root = $readonly_root,
	.grace_ms = 1000,
};
EOF
}

# appliance_config NAME [C TEXT]: builds build/tests/NAME/init (INIT): the
# probe with the arguments $APP_PROBE (C strings, default "pid"), or the
# array named $APP_ARGV, as root on $APP_ROOT (default $CROOT) in new
# mount, pid, uts, ipc and net namespaces (or $APP_NS), read-only. Lines of
# the C text starting "static" are declarations before the config, the
# rest are fields of it. The attack tests' appliance.
appliance_config() {
	local name=$1 text=${2:-} decls='' fields='' line
	local probe=${APP_PROBE:-'"pid"'}
	while read -r line; do
		case $line in
		static*) decls+=$line$'\n' ;;
		*) fields+=$line$'\n' ;;
		esac
	done <<<"$text"
	config_build "$name" <<-EOF
	static const char *const argv_[] = { "/usr/bin/probe", $probe, NULL };
	static const char *const env_[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	$decls
	static const struct config config = {
		.rootfs = "${APP_ROOT:-$CROOT}",
		.namespaces = ${APP_NS:-CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS |
			      CLONE_NEWIPC | CLONE_NEWNET},
		.argv = ${APP_ARGV:-argv_}, .envp = env_,
		.readonly_root = true,
		.grace_ms = 1000,
		$fields
	};
	EOF
}

# true_config NAME [C FIELDS]: builds build/tests/NAME/init (INIT): /bin/true
# as root on $ROOTFS in new mount, pid, uts, ipc, net and cgroup namespaces,
# the given fields added. The launcher and cgroup tests' appliance.
true_config() {
	local name=$1 extra=${2:-}
	config_build "$name" <<-EOF
	static const char *const argv_[] = { "/bin/true", NULL };
	static const char *const env_[] = { "PATH=/usr/bin:/bin", NULL };
	static const struct config config = {
		.rootfs = "$ROOTFS",
		.namespaces = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS |
			      CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP,
		.argv = argv_, .envp = env_,
		.grace_ms = 1000,
		$extra
	};
	EOF
}
