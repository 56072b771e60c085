#!/usr/bin/env bash
# slurm-local.sh: a private single-node Slurm (munged, slurmctld, slurmd) in a scratch directory,
# for trying cluster/nexus.sbatch on one machine and for the e2e test. Needs root and Debian's
# slurmctld slurmd slurm-client munge (cluster/install-deps.sh). See docs/cluster.md.
#   cluster/slurm-local.sh start DIR   # daemons up, node idle; then: export SLURM_CONF=DIR/slurm.conf
#   cluster/slurm-local.sh stop DIR    # cancels its jobs, stops exactly the daemons it started
set -euo pipefail
export PATH=$PATH:/usr/sbin:/sbin  # the daemons live in sbin, which a non-login PATH may lack

STARTING=0
die() {
  echo "slurm-local: $*" >&2
  if [ "$STARTING" = 1 ]; then STARTING=0; stop; fi  # a failed start leaves nothing running
  exit 1
}
usage() { die "usage: $0 start|stop DIR"; }
[ $# -eq 2 ] || usage
action=$1
mkdir -p "$2" 2>/dev/null || die "cannot create $2"
S=$(cd "$2" && pwd)
CONF=$S/slurm.conf
WAIT=${NEXUS_SLURM_WAIT:-60}  # seconds to wait for each daemon and for the idle node

# A free TCP port pair: NEXUS_SLURM_PORT, else one derived from DIR in 20000-29998 (so two scratch
# directories rarely meet), moved on while either port is bound or in use on this machine.
port_busy() {
  local hex
  hex=$(printf ':%04X ' "$1")
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '{print $2" "}' | grep -q -- "$hex"
}
choose_ports() {
  local p
  p=${NEXUS_SLURM_PORT:-$((20000 + ($(printf '%s' "$S" | cksum | cut -d' ' -f1) % 5000) * 2))}
  for _ in $(seq 1 50); do
    if ! port_busy "$p" && ! port_busy $((p + 1)); then echo "$p"; return; fi
    p=$((p + 2))
  done
  die "no free port pair found from ${NEXUS_SLURM_PORT:-the derived port}"
}

# Our own record of a daemon's pid (the daemons delete their PID files when they exit).
record_pid() { # NAME PIDFILE
  for _ in $(seq 1 $((WAIT * 5))); do
    if [ -s "$2" ]; then cp "$2" "$S/run/$1.started"; return; fi
    sleep 0.2
  done
  die "$1 did not start within ${WAIT}s (no $2); see $S/log/$1.log"
}

# A batch job with one srun step proves credentials, launch and PMIx work. It also waits out the
# controller's first scheduling pass (about 3 s after it starts): batch jobs submitted before that
# stay pending until then, and `sbatch --wait`, which polls after 2 s and then rarely, returns late.
warm_up() {
  local job state=""
  job=$(timeout 10 sbatch --parsable -n1 -t 1 -o "$S/log/warm-up.out" -D "$S" \
    --wrap 'srun -n1 true' 2>>"$S/log/start.log") || die "sbatch failed; see $S/log/start.log"
  for _ in $(seq 1 $((WAIT * 5))); do
    state=$(timeout 10 scontrol show job "$job" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
    case $state in
      COMPLETED) return ;;
      PENDING | CONFIGURING | RUNNING | COMPLETING | "") sleep 0.2 ;;
      *) die "the warm-up job (sbatch --wrap 'srun -n1 true') ended $state; see $S/log" ;;
    esac
  done
  die "the warm-up job did not finish within ${WAIT}s (state '$state'); see $S/log"
}

start() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (SlurmUser=root, munged as the munge user)"
  local b
  for b in munged slurmctld slurmd sinfo sbatch srun scontrol runuser; do
    command -v "$b" >/dev/null || die "$b not found: run cluster/install-deps.sh"
  done
  id munge >/dev/null 2>&1 || die "no munge user: install the munge package"
  [ -r /etc/munge/munge.key ] || die "no /etc/munge/munge.key (the munge package creates it)"
  for b in slurmctld slurmd munged; do
    [ ! -e "$S/run/$b.started" ] || die "$S already has a running Slurm ($b); stop it first"
  done
  STARTING=1
  mkdir -p "$S/munge" "$S/run" "$S/log" "$S/state" "$S/spool"
  chmod 0711 "$S"
  chown munge:munge "$S/munge"
  chmod 0711 "$S/munge"
  runuser -u munge -- test -w "$S/munge" ||
    die "the munge user cannot reach $S/munge: use a directory whose parents are world-searchable"

  local port host cpus node
  port=$(choose_ports)
  host=$(hostname -s)
  node=$(slurmd -C | head -n 1)  # NodeName=<host> CPUs=... Boards=... RealMemory=...
  case $node in NodeName=*) ;; *) die "slurmd -C gave no NodeName line: $node" ;; esac
  cpus=$(sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' <<<"$node")
  # slurm.conf expands no variables: every path is written literally.
  cat >"$CONF" <<EOF
# Written by cluster/slurm-local.sh for a private single-node Slurm in $S
ClusterName=nexuslocal
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$S/munge/munge.socket.2
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/run/slurmctld.pid
SlurmdPidFile=$S/run/slurmd.pid
SlurmctldLogFile=$S/log/slurmctld.log
SlurmdLogFile=$S/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=pmix
ReturnToService=2
MailProg=/bin/true
KillWait=5
MinJobAge=600
SchedulerParameters=batch_sched_delay=0
SchedulerType=sched/builtin
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  echo "slurm-local: $S: node $host ($cpus CPUs), ports $port/$((port + 1))" >&2

  runuser -u munge -- munged --socket="$S/munge/munge.socket.2" --pid-file="$S/munge/munged.pid" \
    --log-file="$S/munge/munged.log" --seed-file="$S/munge/munged.seed" </dev/null \
    >>"$S/log/start.log" 2>&1 || die "munged failed; see $S/munge/munged.log and $S/log/start.log"
  record_pid munged "$S/munge/munged.pid"
  # slurmstepd inherits SLURM_CONF from slurmd: `stop` finds leftover steps by it.
  export SLURM_CONF=$CONF
  slurmctld -f "$CONF" </dev/null >>"$S/log/start.log" 2>&1 ||
    die "slurmctld failed; see $S/log/slurmctld.log"
  record_pid slurmctld "$S/run/slurmctld.pid"
  slurmd -f "$CONF" </dev/null >>"$S/log/start.log" 2>&1 || die "slurmd failed; see $S/log/slurmd.log"
  record_pid slurmd "$S/run/slurmd.pid"

  local state=""
  for _ in $(seq 1 $((WAIT * 2))); do
    state=$(timeout 10 sinfo -h -N -n "$host" -o '%T' 2>/dev/null || true)
    if [ "$state" = idle ]; then
      warm_up
      echo "slurm-local: ready; export SLURM_CONF=$CONF" >&2
      STARTING=0
      return
    fi
    sleep 0.5
  done
  die "node $host not idle within ${WAIT}s (state '${state:-none}'); see $S/log"
}

# Kills the daemon recorded as NAME if that pid still runs with DIR on its command line.
stop_daemon() {
  local name=$1 pid
  [ -s "$S/run/$name.started" ] || return 0
  pid=$(tr -dc '0-9' <"$S/run/$name.started")
  if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$S/"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "slurm-local: $name ($pid) ignored TERM for 10s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$S/run/$name.started"
}

stop() {
  if [ -e "$S/run/slurmctld.started" ] && [ -e "$CONF" ]; then
    export SLURM_CONF=$CONF
    timeout 10 scancel --full --user=root 2>/dev/null || true
    for _ in $(seq 1 50); do
      [ -z "$(timeout 10 squeue -h -t running,completing -o %i 2>/dev/null || true)" ] && break
      sleep 0.2
    done
  fi
  stop_daemon slurmd
  # Leftover step daemons of this Slurm (a step slurmd could not end): they carry our SLURM_CONF.
  local d p
  for d in /proc/[0-9]*; do
    [ "$(cat "$d/comm" 2>/dev/null)" = slurmstepd ] || continue
    p=${d#/proc/}
    if tr '\0' '\n' <"$d/environ" 2>/dev/null | grep -qxF "SLURM_CONF=$CONF"; then
      echo "slurm-local: killing leftover slurmstepd $p" >&2
      kill -KILL "$p" 2>/dev/null || true
    fi
  done
  stop_daemon slurmctld
  stop_daemon munged
  echo "slurm-local: stopped $S" >&2
}

case $action in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
