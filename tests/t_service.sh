# Stopping a real service: the signal map, the grace period's line, tmpfs
# mounts for a read-only root, and PostgreSQL from Debian run by the
# launcher with a veth.

# service_config NAME [C FIELDS]: a container of $ROOTFS running the shell
# command in $SERVICE_CMD, with the given fields added; sets INIT.
service_config() {
	config_build "service_$1" <<-EOF
	static const char *const argv_[] = { "/bin/sh", "-c", "$SERVICE_CMD", NULL };
	static const char *const env_[] = { "PATH=/usr/bin:/bin", NULL };
	static const struct config config = {
		.rootfs = "$ROOTFS",
		.namespaces = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC,
		.argv = argv_, .envp = env_,
		.grace_ms = ${SERVICE_GRACE:-5000},
		${2:-}
	};
	EOF
}

# The appliance says which of SIGINT and SIGTERM it got, and ends with 3
# or 4; "ready" once its traps are set.
TRAPS='trap \"echo got INT; exit 3\" INT; trap \"echo got TERM; exit 4\" TERM'

test_sigterm_to_the_launcher_reaches_the_appliance_as_sigint_with_a_signal_map() {
	SERVICE_CMD="$TRAPS; echo ready; while :; do sleep 1 & wait; done"
	service_config map '.signal_map = (const struct signal_map[]){ { SIGTERM, SIGINT } }, .nsignal_map = 1,'
	talk_to "$INIT"
	read -r -t 20 -u 4 line || fail "no ready line: $(cat "$TEST_DIR/err")"
	expect_eq "$line" ready "first line"
	kill -TERM "$LAUNCHER"
	read -r -t 20 -u 4 line || fail "no line after SIGTERM: $(cat "$TEST_DIR/err")"
	expect_eq "$line" "got INT" "what the appliance got"
	STATUS=0
	wait "$LAUNCHER" || STATUS=$?
	expect_eq "$STATUS" 3 "the launcher's status"
}

test_sigterm_to_init_itself_reaches_the_appliance_as_sigint_with_a_signal_map() {
	SERVICE_CMD="$TRAPS; kill -TERM 1; while :; do sleep 1 & wait; done"
	service_config map '.signal_map = (const struct signal_map[]){ { SIGTERM, SIGINT } }, .nsignal_map = 1,'
	run_init "$INIT"
	expect_eq "$OUT" "got INT" "what the appliance got"
	expect_eq "$STATUS" 3 "status"
}

test_without_a_signal_map_sigterm_reaches_the_appliance_as_sigterm() {
	SERVICE_CMD="$TRAPS; kill -TERM 1; while :; do sleep 1 & wait; done"
	service_config nomap
	run_init "$INIT"
	expect_eq "$OUT" "got TERM" "what the appliance got"
	expect_eq "$STATUS" 4 "status"
}

test_the_end_of_the_grace_period_is_one_line_before_sigkill() {
	SERVICE_CMD='trap \"\" TERM; echo ready; exec sleep 600'
	SERVICE_GRACE=300 service_config grace
	talk_to "$INIT"
	read -r -t 20 -u 4 line || fail "no ready line: $(cat "$TEST_DIR/err")"
	kill -TERM "$LAUNCHER"
	STATUS=0
	wait "$LAUNCHER" || STATUS=$?
	expect_eq "$STATUS" 137 "status"
	expect_eq "$(cat "$TEST_DIR/err")" \
		"init: init: grace period (300 ms) over: SIGKILL to the appliance and every process left" \
		"stderr"
}

test_tmpfs_mounts_give_a_read_only_root_its_writable_directories() {
	SERVICE_CMD='touch /x 2>/dev/null && echo root writable; stat -c %a /run/app; touch /run/app/f /tmp/f && echo written; grep -E \" /(run/app|tmp) \" /proc/mounts | cut -d\" \" -f2-4'
	service_config tmpfs '.readonly_root = true,
		.mounts = (const struct bind_mount[]){
			{ .tmpfs = "size=1M,mode=1777", .target = "/run/app", .nosuid = true },
			{ .tmpfs = "", .target = "/tmp", .noexec = true },
		}, .nmounts = 2,'
	run_init "$INIT"
	expect_eq "$STATUS" 0 "status"
	expect_eq "$OUT" $'1777\nwritten\n/run/app tmpfs rw,nosuid,nodev,relatime,size=1024k\n/tmp tmpfs rw,nodev,noexec,relatime' \
		"the appliance's view"
}

# attack: the image leads a tmpfs target out of itself with a symlink;
# the directory made on the way, and the mount, stay inside the image
test_a_tmpfs_target_through_a_symlink_out_of_the_image_stays_inside_it() {
	local root=$TEST_DIR/root victim=$TEST_DIR/victim
	mkdir -p "$victim"
	cp -a "$ROOTFS" "$root"
	mkdir -p "$root$victim"	# where the link leads inside the image
	ln -s "$victim" "$root/escape"
	SERVICE_CMD='touch /escape/made/f && stat -f -c %T /escape/made'
	config_build service_attack <<-EOF
	static const char *const argv_[] = { "/bin/sh", "-c", "$SERVICE_CMD", NULL };
	static const struct config config = {
		.rootfs = "$root",
		.namespaces = CLONE_NEWNS | CLONE_NEWPID,
		.argv = argv_,
		.mounts = (const struct bind_mount[]){
			{ .tmpfs = "size=1M", .target = "/escape/made" },
		}, .nmounts = 1,
	};
	EOF
	run_init "$INIT"
	expect_eq "$STATUS" 0 "status"
	expect_eq "$OUT" tmpfs "/escape/made inside"
	expect_eq "$(ls -A "$victim")" "" "the host's directory"
	[ -d "$root$victim/made" ] || fail "not made inside the image"
	host_clean "$root"
}
