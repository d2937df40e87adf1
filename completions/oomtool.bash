# bash completion for oomtool(1)
# Kept in step with each command's --help by tests/cli/options-documented.sh.

_oomtool_columns()
{
	local cmd=$1
	"${COMP_WORDS[0]}" "$cmd" --help 2>/dev/null |
		awk '/^Columns/ {on=1; next} on && /^ +[A-Z_]+ / {print $1} on && /^$/ {on=0}'
}

_oomtool()
{
	local cur prev words cword
	_init_completion || return

	local commands="scan-logs explain-kill top-mem swap-setup"
	commands+=" run"
	commands+=" protect tune"
	commands+=" limits"
	commands+=" watch"
	commands+=" metrics"
	if ((cword == 1)); then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return
	fi

	local cmd=${words[1]} opts=""
	case $cmd in
	scan-logs)
		opts="--directory --since --until --host --kind --follow --sysroot --output
		      --list-columns --raw --noheadings --bytes --json --verbose --help --version"
		case $prev in
		-D | --directory | --sysroot) _filedir -d; return ;;
		--since | --until | --host) return ;;
		--kind)
			COMPREPLY=($(compgen -W "oom_kill oom_panic allocation_failure all" -- "${cur##*,}"))
			return ;;
		-o | --output)
			local IFS=$'\n'
			COMPREPLY=($(compgen -W "$(_oomtool_columns scan-logs)" -- "${cur##*,}"))
			return ;;
		esac ;;
	explain-kill)
		opts="--event --all --kind --since --until --directory --sysroot --count --now --raw
		      --noheadings --bytes --json --help --version"
		case $prev in
		-D | --directory | --sysroot) _filedir -d; return ;;
		--kind)
			COMPREPLY=($(compgen -W "oom_kill oom_panic allocation_failure all" -- "${cur##*,}"))
			return ;;
		--event | --since | --until | -c | --count) return ;;
		esac ;;
	top-mem)
		opts="--count --sort --user --pid --cgroup --kernel-threads --by --sample --watch --delay
		      --output --json --raw --noheadings --bytes --sysroot --help --version"
		case $prev in
		-s | --sort) COMPREPLY=($(compgen -W "rss pss swap oom growth" -- "$cur")); return ;;
		--by) COMPREPLY=($(compgen -W "user cgroup unit command" -- "$cur")); return ;;
		-u | --user) COMPREPLY=($(compgen -u -- "$cur")); return ;;
		-p | --pid) COMPREPLY=($(compgen -W "$(ls /proc | grep -E '^[0-9]+$')" -- "$cur")); return ;;
		--sysroot) _filedir -d; return ;;
		--cgroup | -c | --count | --sample | -d | --delay) return ;;
		-o | --output)
			COMPREPLY=($(compgen -W "$(_oomtool_columns top-mem)" -- "${cur##*,}"))
			return ;;
		esac ;;
	swap-setup)
		opts="--size --path --priority --swappiness --no-persist --resize --remove --status
		      --yes --dry-run --sysroot --root --json --raw --noheadings --bytes --output --help
		      --version"
		case $prev in
		-p | --path) _filedir; return ;;
		--sysroot | --root) _filedir -d; return ;;
		-s | --size | --priority | --swappiness) return ;;
		-o | --output) COMPREPLY=($(compgen -W "NAME TYPE SIZE USED PRIO" -- "${cur##*,}")); return ;;
		esac ;;
	run)
		# after "--", or from the command's name on: the command and its own completion
		local i
		for ((i = 2; i < COMP_CWORD; i++)); do
			case ${COMP_WORDS[i]} in
			--) _command_offset $((i + 1)); return ;;
			-l | --limit | --high | --swap | --step | --report | =) ((i++)) ;;
			--find-limit) [[ ${COMP_WORDS[i + 1]} == *..* ]] && ((i++)) ;;
			-*) ;;
			*) _command_offset "$i"; return ;;
			esac
		done
		opts="--limit --high --swap --keep-going --find-limit --step --json --report --help
		      --version"
		case $prev in
		--report) _filedir; return ;;
		-l | --limit | --high | --swap | --step) return ;;
		esac
		[[ $cur == -* ]] || { COMPREPLY=($(compgen -c -- "$cur")); return; } ;;
	protect)
		opts="--all --sample --children --persist --force --yes --dry-run --no-systemd
		      --sysroot --root --json --raw --noheadings --bytes --output --help --version"
		case $prev in
		--sysroot | --root) _filedir -d; return ;;
		--sample) return ;;
		-o | --output)
			COMPREPLY=($(compgen -W "$(_oomtool_columns protect)" -- "${cur##*,}"))
			return ;;
		protect) [[ $cur != -* ]] && COMPREPLY=($(compgen -W "set reset" -- "$cur")) && return ;;
		set | reset)
			[[ $cur != -* ]] && COMPREPLY=($(compgen -W "$(ls /proc | grep -E '^[0-9]+$')" -- "$cur")) && return ;;
		esac ;;
	tune)
		opts="--persist --sync-timeout --yes --dry-run --sysroot --root --json --raw
		      --noheadings --output --help --version"
		case $prev in
		--sysroot | --root) _filedir -d; return ;;
		--sync-timeout) return ;;
		-o | --output)
			COMPREPLY=($(compgen -W "$(_oomtool_columns tune)" -- "${cur##*,}"))
			return ;;
		tune) [[ $cur != -* ]] && COMPREPLY=($(compgen -W "check set reset drop-caches" -- "$cur")) && return ;;
		drop-caches) [[ $cur != -* ]] && COMPREPLY=($(compgen -W "pagecache slab all" -- "$cur")) && return ;;
		esac
		if [[ $cur != -* ]] && [[ " ${words[*]} " == *" set "* || " ${words[*]} " == *" reset "* ]]; then
			local keys
			keys=$(oomtool tune --help 2>/dev/null | awk '/^Keys set accepts/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on=0}')
			COMPREPLY=($(compgen -W "$keys" -- "$cur"))
			return
		fi ;;
	limits)
		if [[ ${words[2]} == set ]]; then
			opts="--high --swap --runtime --persistent --force --dry-run --yes --json --sysroot
			      --help --version"
			case $prev in
			--high | --swap) return ;;
			--sysroot) _filedir -d; return ;;
			esac
		else
			opts="--all --tree --cgroup --unit --container --pod --output --json --raw
			      --noheadings --bytes --sysroot --help --version"
			case $prev in
			--sysroot) _filedir -d; return ;;
			--cgroup | --unit | --container | --pod) return ;;
			-o | --output)
				COMPREPLY=($(compgen -W "$(_oomtool_columns limits)" -- "${cur##*,}"))
				return ;;
			esac
			if ((cword == 2)) && [[ $cur != -* ]]; then
				COMPREPLY=($(compgen -W "set" -- "$cur"))
				return
			fi
		fi ;;
	watch)
		opts="--count --for --cgroup --unit --host --no-host --interval --window --eta-warn
		      --pressure --top --exec --exec-timeout --no-kills --no-lock --state-file
		      --no-state-file --json --bytes --quiet --sysroot --help --version"
		case $prev in
		--sysroot) _filedir -d; return ;;
		--pressure) COMPREPLY=($(compgen -W "some:300ms/2s full:1s/10s off" -- "$cur")); return ;;
		--unit)
			COMPREPLY=($(compgen -W "$(systemctl list-units --type=service,scope --plain \
				--no-legend 2>/dev/null | awk '{print $1}')" -- "$cur"))
			return ;;
		--exec) COMPREPLY=($(compgen -c -- "$cur")); return ;;
		--state-file) _filedir; return ;;
		-c | --count | --for | --cgroup | -i | --interval | --window | --eta-warn | --top | \
		--exec-timeout) return ;;
		esac ;;
	metrics)
		opts="--textfile-dir --state --no-state --watch-state --max-workloads --max-cgroups
		      --sysroot --quiet --help --version"
		case $prev in
		-d | --textfile-dir | --sysroot) _filedir -d; return ;;
		--state | --watch-state) _filedir; return ;;
		--max-workloads | --max-cgroups) return ;;
		esac ;;
	*) return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	elif [[ $cmd == scan-logs || $cmd == explain-kill ]]; then
		_filedir
	fi
}
complete -F _oomtool oomtool
