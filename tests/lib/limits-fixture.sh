# Sourced (not run) by the limits tests: builds sysroot trees that mimic a Kubernetes node,
# a Docker host and a systemd server, cgroup v2 (systemd and cgroupfs drivers) and v1, with
# the runtimes' own files (Docker's config.v2.json, the kubelet's /var/log/pods and
# /var/log/containers) present, absent or broken. Built at test time under a temporary
# directory, so that a test can also change or chmod them.
#
#   limits_fixture_v2_systemd DIR    a v2 node, systemd driver (Docker, Podman, pods)
#   limits_fixture_v2_cgroupfs DIR   a v2 node, cgroupfs driver, no /var/log/pods
#   limits_fixture_v1 DIR            a v1 memory hierarchy (systemd, Docker, pods)
#   limits_fixture_v2_hosts DIR      a v2 host of LXD and Proxmox containers and Slurm jobs
#
# The ids and uids are the LF_* variables below. Sizes are bytes.

LF_ID1=46b3e0a4df44b752b841aecca454e6e78995d567912a84950390bae6f6777a63
LF_ID2=0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9
LF_ID3=c7ebf4d756b2a3a1d3c5e7f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9
LF_ID4=9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0
LF_ID5=5555555555555555555555555555555555555555555555555555555555555555
LF_ID6=66666666666666666666666666666666666666666666666666666666666666aa
LF_ID7=7777777777777777777777777777777777777777777777777777777777777777
LF_ID8=88888888888888888888888888888888888888888888888888888888888888bb
LF_UID1=94eb36cd-29e1-478b-b365-4cb5dfc7d6fb
LF_UID2=1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b
LF_UID3=fe3f7a38-b3f7-48aa-8997-a697ae3d0741
LF_MiB=1048576
LF_V1_UNLIMITED=9223372036854771712

_lf_put() { # FILE CONTENT
	printf '%s\n' "$2" >"$1"
}

# lf_v2 ROOT PATH [key=value ...]: a v2 memory cgroup with every memory.* file.
lf_v2() {
	_r=$1 _p=$2
	shift 2
	current=0 min=0 low=0 high=max max=max peak=0 swap=0 swapmax=max events_oom=0 oom_kill=0
	group_kill=0 local_oom=0 local_kill=0 anon=0 file=0 shmem=0 inactive_file=0 some=0.00
	full=0.00 some_total=0 full_total=0 group=0 procs=0 ehigh=0 emax=0 nopeak=
	for _kv; do eval "${_kv%%=*}=\${_kv#*=}"; done
	_d=$_r/sys/fs/cgroup$_p
	mkdir -p "$_d"
	_lf_put "$_d/memory.current" "$current"
	_lf_put "$_d/memory.min" "$min"
	_lf_put "$_d/memory.low" "$low"
	_lf_put "$_d/memory.high" "$high"
	_lf_put "$_d/memory.max" "$max"
	[ -n "$nopeak" ] || _lf_put "$_d/memory.peak" "$peak"
	_lf_put "$_d/memory.swap.current" "$swap"
	_lf_put "$_d/memory.swap.max" "$swapmax"
	_lf_put "$_d/memory.oom.group" "$group"
	printf 'low 0\nhigh %s\nmax %s\noom %s\noom_kill %s\noom_group_kill %s\n' \
		"$ehigh" "$emax" "$events_oom" "$oom_kill" "$group_kill" >"$_d/memory.events"
	printf 'low 0\nhigh 0\nmax 0\noom %s\noom_kill %s\noom_group_kill 0\n' \
		"$local_oom" "$local_kill" >"$_d/memory.events.local"
	printf 'anon %s\nfile %s\nkernel 1048576\nshmem %s\nfile_mapped 0\ninactive_anon 0\nactive_anon %s\ninactive_file %s\nactive_file 0\n' \
		"$anon" "$file" "$shmem" "$anon" "$inactive_file" >"$_d/memory.stat"
	printf 'some avg10=%s avg60=0.00 avg300=0.00 total=%s\nfull avg10=%s avg60=0.00 avg300=0.00 total=%s\n' \
		"$some" "$some_total" "$full" "$full_total" >"$_d/memory.pressure"
	: >"$_d/cgroup.procs"
	_i=0
	while [ "$_i" -lt "$procs" ]; do echo $((1000 + _i)) >>"$_d/cgroup.procs"; _i=$((_i + 1)); done
}

# lf_v2_root ROOT: the hierarchy's root, memory enabled.
lf_v2_root() {
	_d=$1/sys/fs/cgroup
	mkdir -p "$_d"
	_lf_put "$_d/cgroup.controllers" "cpuset cpu io memory hugetlb pids rdma misc"
	_lf_put "$_d/cgroup.subtree_control" "cpu io memory pids"
	printf 'anon 2147483648\nfile 1073741824\nshmem 0\ninactive_file 536870912\n' >"$_d/memory.stat"
	printf 'some avg10=0.50 avg60=0.00 avg300=0.00 total=100\nfull avg10=0.10 avg60=0.00 avg300=0.00 total=50\n' \
		>"$_d/memory.pressure"
	printf '1\n2\n' >"$_d/cgroup.procs"
}

# lf_v1 ROOT PATH [key=value ...]: a v1 memory cgroup; hierarchical_memory_limit is the
# parent's when tighter (the parent must exist first).
lf_v1() {
	_r=$1 _p=$2
	shift 2
	usage=0 limit=$LF_V1_UNLIMITED soft=$LF_V1_UNLIMITED maxusage=0 memsw_limit=$LF_V1_UNLIMITED
	memsw_usage= failcnt=0 oom_kill=0 under_oom=0 rss=0 cache=0 shmem=0 inactive_file=0
	swap=0 procs=0
	for _kv; do eval "${_kv%%=*}=\${_kv#*=}"; done
	[ -n "$memsw_usage" ] || memsw_usage=$((usage + swap))
	_base=$_r/sys/fs/cgroup/memory
	_d=$_base$_p
	mkdir -p "$_d"
	_hl=$limit _hs=$memsw_limit
	if [ "$_p" != / ]; then
		_parent=${_d%/*}
		[ -f "$_parent/memory.stat" ] || _parent=$_base
		_phl=$(awk '$1 == "hierarchical_memory_limit" {print $2}' "$_parent/memory.stat")
		_phs=$(awk '$1 == "hierarchical_memsw_limit" {print $2}' "$_parent/memory.stat")
		[ "$_phl" -lt "$_hl" ] && _hl=$_phl
		[ "$_phs" -lt "$_hs" ] && _hs=$_phs
	fi
	_lf_put "$_d/memory.usage_in_bytes" "$usage"
	_lf_put "$_d/memory.limit_in_bytes" "$limit"
	_lf_put "$_d/memory.soft_limit_in_bytes" "$soft"
	_lf_put "$_d/memory.max_usage_in_bytes" "$maxusage"
	_lf_put "$_d/memory.memsw.limit_in_bytes" "$memsw_limit"
	_lf_put "$_d/memory.memsw.usage_in_bytes" "$memsw_usage"
	_lf_put "$_d/memory.failcnt" "$failcnt"
	printf 'oom_kill_disable 0\nunder_oom %s\noom_kill %s\n' "$under_oom" "$oom_kill" \
		>"$_d/memory.oom_control"
	printf 'cache %s\nrss %s\nshmem %s\nswap %s\ninactive_file %s\nhierarchical_memory_limit %s\nhierarchical_memsw_limit %s\ntotal_cache %s\ntotal_rss %s\ntotal_shmem %s\ntotal_swap %s\ntotal_inactive_file %s\n' \
		"$cache" "$rss" "$shmem" "$swap" "$inactive_file" "$_hl" "$_hs" "$cache" "$rss" \
		"$shmem" "$swap" "$inactive_file" >"$_d/memory.stat"
	: >"$_d/cgroup.procs"
	_i=0
	while [ "$_i" -lt "$procs" ]; do echo $((2000 + _i)) >>"$_d/cgroup.procs"; _i=$((_i + 1)); done
}

# lf_docker ROOT ID NAME: Docker's config.v2.json, the name at the top level after nested
# objects with "Name" keys of their own.
lf_docker() {
	_d=$1/var/lib/docker/containers/$2
	mkdir -p "$_d"
	printf '{"StreamConfig":{},"State":{"Running":true,"Pid":4242,"Health":null},"ID":"%s","Created":"2024-09-08T12:00:00Z","Managed":false,"Path":"nginx","Args":["-g","daemon off;"],"Config":{"Hostname":"web","Env":["PATH=/usr/bin","NAME=\\"quoted\\""],"Labels":{"Name":"not-this-one"}},"Image":"sha256:0","NetworkSettings":{"Networks":{"bridge":{"Name":"bridge"}}},"LogPath":"","Name":"%s","Driver":"overlay2","MountPoints":{"/data":{"Name":"vol1"}}}\n' \
		"$2" "$3" >"$_d/config.v2.json"
}

# lf_pod_dir ROOT NAMESPACE POD UID CONTAINER...: the kubelet's /var/log/pods directory.
lf_pod_dir() {
	_d=$1/var/log/pods/$2_$3_$4
	shift 4
	mkdir -p "$_d"
	for _c; do mkdir -p "$_d/$_c" && : >"$_d/$_c/0.log"; done
}

# lf_ctr_link ROOT NAMESPACE POD UID CONTAINER ID: its /var/log/containers link.
lf_ctr_link() {
	mkdir -p "$1/var/log/containers"
	ln -sf "/var/log/pods/$2_$3_$4/$5/0.log" "$1/var/log/containers/$3_$2_$5-$6.log"
}

limits_fixture_v2_systemd() {
	R=$1
	M=$LF_MiB
	U1=$(echo "$LF_UID1" | tr - _) U2=$(echo "$LF_UID2" | tr - _) U3=$(echo "$LF_UID3" | tr - _)
	lf_v2_root "$R"
	lf_v2 "$R" /system.slice current=$((900 * M)) anon=$((600 * M)) file=$((300 * M))
	lf_v2 "$R" /system.slice/nginx.service current=$((300 * M)) max=$((512 * M)) \
		high=$((450 * M)) peak=$((500 * M)) oom_kill=2 local_kill=2 events_oom=3 local_oom=3 \
		some=1.50 full=0.25 some_total=1500000 full_total=250000 anon=$((200 * M)) \
		file=$((100 * M)) shmem=$((10 * M)) inactive_file=$((60 * M)) procs=3 ehigh=7 emax=3
	lf_v2 "$R" /system.slice/nginx.service/worker current=$((100 * M)) procs=2
	lf_v2 "$R" "/system.slice/docker-$LF_ID1.scope" current=$((200 * M)) max=$((1024 * M)) \
		swapmax=$((1024 * M)) peak=$((300 * M)) procs=4
	lf_docker "$R" "$LF_ID1" /web
	lf_v2 "$R" "/system.slice/docker-$LF_ID2.scope" current=$((10 * M)) max=$((256 * M)) procs=1
	lf_v2 "$R" "/system.slice/docker-$LF_ID5.scope" current=$((5 * M)) max=$((128 * M)) procs=1
	mkdir -p "$R/var/lib/docker/containers/$LF_ID5"
	printf '{"State":{"Running":tr' >"$R/var/lib/docker/containers/$LF_ID5/config.v2.json"
	lf_v2 "$R" /system.slice/cron.service current=$((2 * M)) procs=1
	lf_v2 "$R" /machine.slice
	lf_v2 "$R" "/machine.slice/libpod-$LF_ID3.scope" current=$((50 * M)) max=$((2048 * M))
	lf_v2 "$R" "/machine.slice/libpod-$LF_ID3.scope/container" current=$((49 * M)) procs=1
	lf_v2 "$R" /kubepods.slice max=$((7168 * M)) current=$((1200 * M))
	lf_v2 "$R" /kubepods.slice/kubepods-burstable.slice current=$((700 * M))
	lf_v2 "$R" "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$U1.slice" \
		current=$((600 * M)) max=$((1024 * M)) oom_kill=3
	lf_v2 "$R" "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$U1.slice/cri-containerd-$LF_ID7.scope" \
		current=$((500 * M)) max=$((512 * M)) oom_kill=3 local_kill=3 events_oom=3 \
		local_oom=3 some=12.50 inactive_file=$((100 * M)) procs=2 nopeak=1
	lf_v2 "$R" "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$U1.slice/cri-containerd-$LF_ID8.scope" \
		current=$((1 * M)) procs=1
	lf_pod_dir "$R" default web-0 "$LF_UID1" nginx
	lf_ctr_link "$R" default web-0 "$LF_UID1" nginx "$LF_ID7"
	lf_v2 "$R" /kubepods.slice/kubepods-besteffort.slice current=$((30 * M))
	lf_v2 "$R" "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod$U2.slice" \
		current=$((30 * M))
	lf_v2 "$R" "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod$U2.slice/crio-$LF_ID4.scope" \
		current=$((29 * M)) oom_kill=1 local_kill=1 procs=1
	lf_pod_dir "$R" kube-system coredns-x "$LF_UID2" coredns
	lf_v2 "$R" "/kubepods.slice/kubepods-pod$U3.slice" current=$((400 * M)) max=$((2048 * M))
	lf_v2 "$R" "/kubepods.slice/kubepods-pod$U3.slice/cri-containerd-$LF_ID6.scope" \
		current=$((399 * M)) max=$((2048 * M)) procs=1
	# no /var/log/pods directory for this pod: its container's link still names it
	lf_ctr_link "$R" monitoring prom-0 "$LF_UID3" prometheus "$LF_ID6"
	lf_v2 "$R" /user.slice current=$((100 * M))
	lf_v2 "$R" /user.slice/user-1000.slice current=$((100 * M))
	lf_v2 "$R" /user.slice/user-1000.slice/user@1000.service current=$((90 * M))
	lf_v2 "$R" /user.slice/user-1000.slice/user@1000.service/app.slice current=$((90 * M))
	lf_v2 "$R" /user.slice/user-1000.slice/user@1000.service/app.slice/editor.service \
		current=$((80 * M)) max=$((100 * M)) procs=1
	# a cgroup without the memory controller, and one below it
	mkdir -p "$R/sys/fs/cgroup/init.scope/inner"
	printf '1\n' >"$R/sys/fs/cgroup/init.scope/cgroup.procs"
}

limits_fixture_v2_cgroupfs() {
	R=$1
	M=$LF_MiB
	lf_v2_root "$R"
	lf_v2 "$R" /docker current=$((300 * M))
	lf_v2 "$R" "/docker/$LF_ID1" current=$((200 * M)) max=$((256 * M)) procs=2
	lf_docker "$R" "$LF_ID1" /db
	lf_v2 "$R" "/docker/$LF_ID2" current=$((100 * M)) max=$((512 * M)) procs=1
	lf_v2 "$R" /kubepods current=$((500 * M)) max=$((4096 * M))
	lf_v2 "$R" /kubepods/burstable current=$((300 * M))
	lf_v2 "$R" "/kubepods/burstable/pod$LF_UID1" current=$((300 * M)) max=$((1024 * M))
	lf_v2 "$R" "/kubepods/burstable/pod$LF_UID1/$LF_ID3" current=$((299 * M)) \
		max=$((1024 * M)) procs=3
	# dockershim: Docker names a pod's container k8s_<container>_<pod>_<namespace>_<uid>_<n>
	lf_docker "$R" "$LF_ID3" "/k8s_app_api-7d9_prod_${LF_UID1}_0"
	lf_v2 "$R" /kubepods/besteffort current=$((100 * M))
	lf_v2 "$R" "/kubepods/besteffort/pod$LF_UID2" current=$((100 * M))
	lf_v2 "$R" "/kubepods/besteffort/pod$LF_UID2/$LF_ID4" current=$((100 * M)) oom_kill=4 \
		local_kill=4
	lf_v2 "$R" "/kubepods/pod$LF_UID3" current=$((100 * M)) max=$((256 * M))
	lf_v2 "$R" "/kubepods/pod$LF_UID3/$LF_ID5" current=$((100 * M)) max=$((256 * M))
}

limits_fixture_v1() {
	R=$1
	M=$LF_MiB
	U=$LF_V1_UNLIMITED
	lf_v1 "$R" / usage=$((3000 * M)) rss=$((2000 * M)) cache=$((1000 * M)) procs=5
	lf_v1 "$R" /system.slice usage=$((800 * M))
	lf_v1 "$R" /system.slice/nginx.service usage=$((300 * M)) limit=$((512 * M)) \
		memsw_limit=$((1024 * M)) maxusage=$((510 * M)) failcnt=5 oom_kill=1 \
		rss=$((250 * M)) cache=$((50 * M)) shmem=$((5 * M)) inactive_file=$((20 * M)) \
		swap=$((8 * M)) soft=$((400 * M)) procs=2
	lf_v1 "$R" "/system.slice/docker-$LF_ID1.scope" usage=$((100 * M)) limit=$((256 * M)) \
		memsw_limit=$((512 * M)) procs=1
	lf_docker "$R" "$LF_ID1" /web
	lf_v1 "$R" /docker usage=$((128 * M))
	lf_v1 "$R" "/docker/$LF_ID2" usage=$((120 * M)) limit=$((128 * M)) maxusage=$((128 * M)) \
		failcnt=40 oom_kill=2 under_oom=1 procs=1
	lf_v1 "$R" /kubepods usage=$((200 * M)) limit=$((4096 * M))
	lf_v1 "$R" /kubepods/burstable usage=$((200 * M))
	lf_v1 "$R" "/kubepods/burstable/pod$LF_UID1" usage=$((200 * M)) limit=$((1024 * M))
	lf_v1 "$R" "/kubepods/burstable/pod$LF_UID1/$LF_ID7" usage=$((199 * M)) \
		limit=$((1024 * M)) procs=1
	lf_pod_dir "$R" default web-0 "$LF_UID1" nginx
	lf_ctr_link "$R" default web-0 "$LF_UID1" nginx "$LF_ID7"
	lf_v1 "$R" /user.slice usage=$((50 * M))
	lf_v1 "$R" /user.slice/user-1000.slice usage=$((50 * M))
	lf_v1 "$R" /user.slice/user-1000.slice/session-1.scope usage=$((50 * M)) procs=2
	lf_v1 "$R" /limited usage=$((10 * M)) limit=$((1024 * M))
	lf_v1 "$R" /limited/child usage=$((9 * M)) procs=1
	: "$U"
}

# System containers (LXD/Incus, Proxmox) with their monitors and their own units inside, and
# Slurm jobs under slurmstepd.scope: the hosts whose cgroups no unit names.
limits_fixture_v2_hosts() {
	R=$1 M=$LF_MiB
	lf_v2_root "$R"
	mkdir -p "$R/run/systemd/system"
	lf_v2 "$R" /lxc.payload.build-agent current=$((200 * M)) max=$((256 * M)) procs=1
	lf_v2 "$R" /lxc.payload.build-agent/system.slice current=$((150 * M))
	lf_v2 "$R" /lxc.payload.build-agent/system.slice/nginx.service current=$((100 * M)) procs=2
	lf_v2 "$R" /lxc.monitor.build-agent current=$((2 * M)) procs=1
	lf_v2 "$R" /lxc current=$((900 * M))
	lf_v2 "$R" /lxc/131 current=$((900 * M)) max=$((1024 * M)) local_kill=1 oom_kill=1
	lf_v2 "$R" /lxc/131/ns current=$((900 * M)) procs=3
	lf_v2 "$R" /system.slice current=$((3000 * M))
	lf_v2 "$R" /system.slice/slurmstepd.scope current=$((3000 * M))
	lf_v2 "$R" /system.slice/slurmstepd.scope/system current=$((10 * M)) procs=1
	lf_v2 "$R" /system.slice/slurmstepd.scope/job_901122 current=$((2900 * M)) max=$((4096 * M))
	lf_v2 "$R" /system.slice/slurmstepd.scope/job_901122/step_0 current=$((2900 * M))
	lf_v2 "$R" /system.slice/slurmstepd.scope/job_901122/step_0/user current=$((2900 * M))
	lf_v2 "$R" /system.slice/slurmstepd.scope/job_901122/step_0/user/task_0 \
		current=$((2900 * M)) procs=1
}
