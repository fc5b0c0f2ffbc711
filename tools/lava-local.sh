#!/bin/sh
# tools/lava-local.sh start|stop|status: a LAVA lab on this machine, from
# Debian's packages, for the project's tests and for trying "run.sh lava".
#
# start: PostgreSQL (when it is not running), the LAVA server (gunicorn on
# 127.0.0.1:$LAVA_PORT), publisher, scheduler, one dispatcher (lava-worker)
# with $LAVA_DEVICES qemu devices (no KVM), and an HTTP server on loopback
# that serves the jobs' artifacts from $STATE/artifacts. It prints the
# lavacli identity and the artifact directory and URL. Nothing is started
# twice; stop kills, by process id, exactly what start started.
set -eu
# Debian's LAVA runs on Debian's python3, whatever python3 PATH finds first.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH

TOP=$(cd "$(dirname "$0")/.." && pwd)
STATE=${PMEMFI_CACHE:-$HOME/.cache/pmemfi}/lava-local
LAVA_PORT=${LAVA_PORT:-8311}
HTTP_PORT=${LAVA_HTTP_PORT:-8312}
EVENT_PORT=${LAVA_EVENT_PORT:-8313}
LAVA_DEVICES=${LAVA_DEVICES:-2}
IDENTITY=pmemfi-local
WORKER=pmemfi-worker
SETTINGS=/etc/lava-server/settings.d/50-pmemfi-local.yaml
RUNDIR=/run/pmemfi-lava-local
WS_PORT=${LAVA_WS_PORT:-8314}

die() { echo "lava-local: $*" >&2; exit "${rc:-3}"; }
say() { echo "lava-local: $*"; }

alive() { [ -s "$STATE/$1.pid" ] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

# spawn NAME CMD...: start CMD in the background, its pid in NAME.pid.
spawn() {
	name=$1; shift
	alive "$name" && return 0
	setsid "$@" >"$STATE/$name.log" 2>&1 </dev/null &
	echo $! >"$STATE/$name.pid"
}

wait_for() {
	what=$1 tries=$2; shift 2
	i=0
	until "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -ge "$tries" ] && die "$what did not come up (logs in $STATE)"
		sleep 1
	done
}

install() {
	command -v lava-server >/dev/null && command -v lavacli >/dev/null && command -v lava-worker >/dev/null && return 0
	say "installing lava-server, lava-dispatcher, lavacli (Debian packages)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		postgresql lava-server lava-dispatcher lavacli >"$STATE/apt.log" 2>&1 ||
		die "apt-get install of the LAVA packages failed (see $STATE/apt.log)"
}

postgres() {
	ver=$(pg_lsclusters -h 2>/dev/null | awk 'NR == 1 { print $1 }')
	[ -n "$ver" ] || die "no PostgreSQL cluster (pg_lsclusters shows none)"
	if ! pg_lsclusters -h | awk 'NR == 1 { exit $4 != "online" }'; then
		pg_ctlcluster "$ver" main start || die "pg_ctlcluster $ver main start failed"
		echo "$ver" >"$STATE/postgres.started"
	fi
	# The package creates its database only when PostgreSQL answered at install time.
	if ! su postgres -c "psql -Atc 'select 1' lavaserver" >/dev/null 2>&1 ||
	   ! lava-server manage showmigrations lava_scheduler_app 2>/dev/null | grep -q '\[X\]'; then
		say "creating LAVA's database"
		# Job logs of an earlier database would answer for the new one's job ids.
		rm -rf /var/lib/lava-server/default/media/job-output
		# A role left by an earlier install keeps its old password: give it this install's.
		# (A fresh install has no such file yet: no role, nothing to change.)
		pw=$(sed -n 's/^ *PASSWORD: *"\(.*\)"/\1/p' /etc/lava-server/settings.d/00-database.yaml 2>/dev/null || :)
		[ -n "$pw" ] && su postgres -c "psql -qc \"ALTER ROLE lavaserver PASSWORD '$pw'\"" >/dev/null 2>&1
		/var/lib/dpkg/info/lava-server.postinst configure >"$STATE/db.log" 2>&1 ||
			grep -q "Applying\|No migrations" "$STATE/db.log" ||
			die "LAVA database set-up failed (see $STATE/db.log)"
	fi
}

settings() {
	# Events over loopback, so the scheduler and the dispatcher hear of a
	# job at once instead of on their 20 s poll.
	cat >"$SETTINGS" <<EOF
ALLOWED_HOSTS: ["127.0.0.1", "localhost"]
EVENT_NOTIFICATION: true
EVENT_SOCKET: "tcp://127.0.0.1:$EVENT_PORT"
INTERNAL_EVENT_SOCKET: "ipc://$RUNDIR/internal.ipc"
EOF
	# The daemons drop to lavaserver, which cannot enter /root.
	mkdir -p "$RUNDIR"
	chown lavaserver:lavaserver "$RUNDIR"
}

objects() {
	m="lava-server manage"
	$m users details pmemfi >/dev/null 2>&1 || $m users add --staff --superuser pmemfi >/dev/null
	# A token saved for an earlier database is no token of this one.
	if [ ! -s "$STATE/token" ] || ! $m tokens list --user pmemfi | grep -qF "$(cat "$STATE/token")"; then
		$m tokens add --user pmemfi --description pmemfi-local >"$STATE/token"
	fi
	$m workers details "$WORKER" >/dev/null 2>&1 || $m workers add "$WORKER" >/dev/null
	$m workers details "$WORKER" | sed -n 's/.*token *: *//p' | head -1 >"$STATE/worker-token"
	[ -s "$STATE/worker-token" ] || die "worker $WORKER has no token (lava-server manage workers details)"
	$m device-types details qemu >/dev/null 2>&1 || $m device-types add qemu >/dev/null
	i=1
	while [ $i -le "$LAVA_DEVICES" ]; do
		dev=pmemfi-qemu-$(printf %02d $i)
		# The dictionary a lab would use, and a MAC address per device.
		{
			cat "$TOP/lava/qemu-nvdimm.jinja2"
			echo "{% set mac_addr = '52:54:00:12:35:$(printf %02x $i)' %}"
		} >"/etc/lava-server/dispatcher-config/devices/$dev.jinja2"
		$m devices details "$dev" >/dev/null 2>&1 ||
			$m devices add --device-type qemu --worker "$WORKER" "$dev" >/dev/null
		$m devices update --health GOOD "$dev" >/dev/null
		i=$((i + 1))
	done
	lavacli identities add --uri "http://127.0.0.1:$LAVA_PORT/RPC2" --username pmemfi \
		--token "$(cat "$STATE/token")" "$IDENTITY" >/dev/null
}

start() {
	mkdir -p "$STATE/artifacts" "$STATE/worker"
	rc=2
	[ "$(id -u)" = 0 ] || die "must run as root (it installs packages and starts PostgreSQL)"
	rc=3
	install
	postgres
	settings
	objects
	chmod 755 "$STATE/artifacts"
	spawn gunicorn gunicorn3 lava_server.wsgi --bind "127.0.0.1:$LAVA_PORT" -u lavaserver \
		-g lavaserver --workers 2 --timeout 120 --log-file "$STATE/gunicorn-access.log"
	spawn publisher lava-server manage lava-publisher --host 127.0.0.1 --port "$WS_PORT"
	spawn scheduler lava-server manage lava-scheduler --event-url "tcp://127.0.0.1:$EVENT_PORT"
	spawn http python3 -m http.server --bind 127.0.0.1 --directory "$STATE/artifacts" "$HTTP_PORT"
	wait_for "the LAVA server on 127.0.0.1:$LAVA_PORT" 60 lavacli -i "$IDENTITY" system version
	spawn worker lava-worker --name "$WORKER" --url "http://127.0.0.1:$LAVA_PORT/" \
		--ws-url "http://127.0.0.1:$WS_PORT/ws/" \
		--token "$(cat "$STATE/worker-token")" --ping-interval 2 --job-log-interval 1 \
		--worker-dir "$STATE/worker" --level INFO --log-file "$STATE/worker-daemon.log"
	wait_for "the dispatcher $WORKER" 60 sh -c \
		"lavacli -i $IDENTITY workers show $WORKER | grep -q 'state *: *Online'"
	status
}

stop() {
	pids=
	for n in worker http scheduler publisher gunicorn; do
		if alive "$n"; then
			pid=$(cat "$STATE/$n.pid")
			# dash's kill takes no process group: procps' does.
			/bin/kill -s TERM -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null
			pids="$pids $pid"
		fi
		rm -f "$STATE/$n.pid"
	done
	# Each is its own session (setsid): gone when its group has no live
	# process (a zombie whose parent is gone may never be reaped here).
	i=0
	for pid in $pids; do
		while ps -eo pgid=,stat= | awk -v g="$pid" '$1 == g && $2 !~ /^Z/ { f = 1 } END { exit !f }'; do
			i=$((i + 1))
			[ $i -ge 100 ] && { /bin/kill -s KILL -- "-$pid" 2>/dev/null; break; }
			sleep 0.2
		done
	done
	if [ -s "$STATE/postgres.started" ]; then
		pg_ctlcluster "$(cat "$STATE/postgres.started")" main stop || true
		rm -f "$STATE/postgres.started"
	fi
	say "stopped"
}

status() {
	down=0
	for n in gunicorn publisher scheduler worker http; do
		alive "$n" || { say "$n: not running"; down=1; }
	done
	[ $down = 0 ] || exit 1
	say "running: identity $IDENTITY (http://127.0.0.1:$LAVA_PORT/RPC2), $LAVA_DEVICES qemu devices"
	say "artifacts: $STATE/artifacts served at http://127.0.0.1:$HTTP_PORT/"
}

mkdir -p "$STATE"
case ${1:-} in
start) start ;;
stop) stop ;;
status) status ;;
*) echo "usage: tools/lava-local.sh start|stop|status" >&2; exit 2 ;;
esac
