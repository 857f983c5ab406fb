# SPDX-License-Identifier: MIT
# run: alone
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

# pg_config NAME: the launcher for PostgreSQL 15 in $PG_ROOTFS (cached,
# read-only, as the postgres user), its data directory $PGDATA bound in
# as /data, /run/postgresql and /tmp tmpfs mounts, a veth 10.88.24.2/30
# whose host end 10.88.24.1 is in the test's own network namespace;
# SIGTERM reaches PostgreSQL as SIGINT (its fast shutdown). Sets INIT.
pg_config() {
	config_build "service_$1" <<-EOF
	static const char *const argv_[] = { "/usr/lib/postgresql/15/bin/postgres",
		"-D", "/data", "-c", "listen_addresses=10.88.24.2",
		"-c", "unix_socket_directories=/run/postgresql", NULL };
	static const char *const env_[] = { "PATH=/usr/bin:/bin", "LANG=C", NULL };
	static const char *const addrs_[] = { "10.88.24.2/30", NULL };
	static const char *const host_addrs_[] = { "10.88.24.1/30", NULL };
	static const struct net_if net_[] = {
		{ .kind = NET_VETH, .addrs = addrs_, .host_addrs = host_addrs_ },
	};
	static const struct config config = {
		.rootfs = "$PG_ROOTFS",
		.namespaces = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS |
			      CLONE_NEWIPC | CLONE_NEWNET,
		.hostname = "db",
		.argv = argv_, .envp = env_,
		.user = "postgres",
		.readonly_root = true,
		.mounts = (const struct bind_mount[]){
			{ .source = "$PGDATA", .target = "/data" },
			{ .tmpfs = "size=16M,mode=1777", .target = "/run/postgresql", .nosuid = true },
			{ .tmpfs = "size=16M,mode=1777", .target = "/tmp", .nosuid = true },
		}, .nmounts = 3,
		.net = net_, .nnet = LEN(net_),
		.grace_ms = 20000,
		.signal_map = (const struct signal_map[]){ { SIGTERM, SIGINT } },
		.nsignal_map = 1,
	};
	EOF
}

# pg_start LOG: the server in the background in the test's network
# namespace, its stderr in LOG; returns once it answers over the veth.
pg_start() {
	ip netns exec "$PG_NS" "$INIT" >/dev/null 2>"$1" &
	PG_LAUNCHER=$!
	local i
	for ((i = 0; i < 300; i++)); do
		psql_veth -c 'select 1' >/dev/null 2>&1 && return 0
		kill -0 "$PG_LAUNCHER" 2>/dev/null || fail "the server ended: $(cat "$1")"
		sleep 0.1
	done
	fail "the server does not answer: $(cat "$1")"
}

psql_veth() {
	ip netns exec "$PG_NS" psql -X -At -h 10.88.24.2 -U postgres -d postgres "$@"
}

test_postgresql_data_survives_sigterm_to_the_launcher_with_an_idle_client_and_no_recovery() {
	pg_rootfs
	command -v psql >/dev/null || skip "psql is not installed (make deps: postgresql-client)"
	local uid
	uid=$(awk -F: '$1 == "postgres" { print $3 }' "$PG_ROOTFS/etc/passwd")
	[ -n "$uid" ] || fail "no postgres user in $PG_ROOTFS"
	PGDATA=$TEST_DIR/pgdata
	mkdir -m 0700 "$PGDATA"
	chown "$uid:$uid" "$PGDATA"
	pg_config pg
	PG_NS=nsinit-pg-$$
	ip netns add "$PG_NS"
	trap '[ -z "${PG_LAUNCHER:-}" ] || kill -KILL "$PG_LAUNCHER" 2>/dev/null || :
		wait || :
		ip netns del "$PG_NS" 2>/dev/null || :' EXIT
	run_init "$INIT" -- /usr/lib/postgresql/15/bin/initdb -D /data \
		--auth=trust -U postgres
	expect_eq "$STATUS" 0 "initdb"
	echo "host all all 10.88.24.0/30 trust" >>"$PGDATA/pg_hba.conf"

	pg_start "$TEST_DIR/log1"
	psql_veth -c 'create table t (v text)' -c "insert into t values ('kept')"
	# an idle client, connected until the end
	mkfifo "$TEST_DIR/idle"
	psql_veth <"$TEST_DIR/idle" >/dev/null 2>&1 &
	exec 5>"$TEST_DIR/idle"
	local i n=0
	for ((i = 0; i < 200 && n < 2; i++)); do
		n=$(psql_veth -c "select count(*) from pg_stat_activity where backend_type = 'client backend'")
		[ "$n" -ge 2 ] || sleep 0.1
	done
	expect_eq "$n" 2 "clients connected"
	kill -TERM "$PG_LAUNCHER"
	STATUS=0
	wait "$PG_LAUNCHER" || STATUS=$?
	exec 5>&-
	cat "$TEST_DIR/log1" >&2
	expect_eq "$STATUS" 0 "the launcher's status after SIGTERM"
	grep -q 'received fast shutdown request' "$TEST_DIR/log1" ||
		fail "not a fast shutdown"
	grep -q 'database system is shut down' "$TEST_DIR/log1" ||
		fail "not shut down cleanly"
	! grep -q 'grace period' "$TEST_DIR/log1" || fail "the grace period ran out"

	pg_start "$TEST_DIR/log2"
	expect_eq "$(psql_veth -c 'select v from t')" kept "the data"
	kill -TERM "$PG_LAUNCHER"
	wait "$PG_LAUNCHER" || :
	cat "$TEST_DIR/log2" >&2
	! grep -Eq 'not properly shut down|automatic recovery' "$TEST_DIR/log2" ||
		fail "the second start recovered"
}
