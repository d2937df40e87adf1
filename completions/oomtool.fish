# fish completion for oomtool(1)
# Kept in step with each command's --help by tests/cli/options-documented.sh.

set -l commands scan-logs explain-kill top-mem swap-setup
set -a commands run
complete -c oomtool -f
complete -c oomtool -n "not __fish_seen_subcommand_from $commands" -l help -d 'Show help'
complete -c oomtool -n "not __fish_seen_subcommand_from $commands" -l version -d 'Show version'
complete -c oomtool -n "not __fish_seen_subcommand_from $commands" -a scan-logs -d 'Find every OOM kill in the logs'
complete -c oomtool -n "not __fish_seen_subcommand_from $commands" -a explain-kill -d 'Explain why the kernel chose its victim'
complete -c oomtool -n "not __fish_seen_subcommand_from $commands" -a top-mem -d 'Show who holds the memory now'
complete -c oomtool -n "not __fish_seen_subcommand_from $commands" -a swap-setup -d 'Add, inspect or remove swap safely'
complete -c oomtool -n "not __fish_seen_subcommand_from $commands" -a run -d 'Run a command under a trial memory limit'

# scan-logs
set -l c '__fish_seen_subcommand_from scan-logs'
complete -c oomtool -n $c -F
complete -c oomtool -n $c -s D -l directory -r -a '(__fish_complete_directories)' -d 'Read a journal directory'
complete -c oomtool -n $c -l since -x -d 'Only incidents at or after TIME'
complete -c oomtool -n $c -l until -x -d 'Only incidents at or before TIME'
complete -c oomtool -n $c -l host -x -d 'Only incidents of host NAME'
complete -c oomtool -n $c -s f -l follow -d 'Report new incidents as they happen'
complete -c oomtool -n $c -l sysroot -r -a '(__fish_complete_directories)' -d 'Read host logs under DIR'
complete -c oomtool -n $c -s o -l output -x -d 'Columns to show'
complete -c oomtool -n $c -l list-columns -d 'List the columns and exit'
complete -c oomtool -n $c -s r -l raw -d 'Raw output'
complete -c oomtool -n $c -s n -l noheadings -d 'No header line'
complete -c oomtool -n $c -s b -l bytes -d 'Sizes in bytes'
complete -c oomtool -n $c -s J -l json -d 'JSON output'
complete -c oomtool -n $c -s v -l verbose -d 'Memory summary and largest tasks'
complete -c oomtool -n $c -s h -l help -d 'Show help'
complete -c oomtool -n $c -s V -l version -d 'Show version'

# explain-kill
set -l c '__fish_seen_subcommand_from explain-kill'
complete -c oomtool -n $c -F
complete -c oomtool -n $c -l event -x -d 'Explain incident ID'
complete -c oomtool -n $c -l all -d 'Explain every incident'
complete -c oomtool -n $c -l since -x -d 'Only incidents at or after TIME'
complete -c oomtool -n $c -l until -x -d 'Only incidents at or before TIME'
complete -c oomtool -n $c -s D -l directory -r -a '(__fish_complete_directories)' -d 'Read a journal directory'
complete -c oomtool -n $c -l sysroot -r -a '(__fish_complete_directories)' -d 'Read logs, /proc and /sys under DIR'
complete -c oomtool -n $c -s c -l count -x -d 'Ranking rows to show'
complete -c oomtool -n $c -l now -d 'Who would the kernel kill right now'
complete -c oomtool -n $c -s r -l raw -d 'Raw ranking table'
complete -c oomtool -n $c -s n -l noheadings -d 'No header line'
complete -c oomtool -n $c -s b -l bytes -d 'Sizes in bytes'
complete -c oomtool -n $c -s J -l json -d 'JSON output'
complete -c oomtool -n $c -s h -l help -d 'Show help'
complete -c oomtool -n $c -s V -l version -d 'Show version'

# top-mem
set -l c '__fish_seen_subcommand_from top-mem'
complete -c oomtool -n $c -s c -l count -x -d 'Rows to show'
complete -c oomtool -n $c -s s -l sort -x -a 'rss pss swap oom growth' -d 'Sort key'
complete -c oomtool -n $c -s u -l user -x -a '(__fish_complete_users)' -d 'Only processes of USER'
complete -c oomtool -n $c -s p -l pid -x -a '(__fish_complete_pids)' -d 'Only these processes'
complete -c oomtool -n $c -l cgroup -x -d 'Only processes in this cgroup'
complete -c oomtool -n $c -s K -l kernel-threads -d 'Show kernel threads too'
complete -c oomtool -n $c -l by -x -a 'user cgroup unit command' -d 'Sum per key'
complete -c oomtool -n $c -l sample -x -d 'Measure twice and show growth'
complete -c oomtool -n $c -s w -l watch -d 'Live view'
complete -c oomtool -n $c -s d -l delay -x -d 'Live view refresh interval'
complete -c oomtool -n $c -s o -l output -x -d 'Columns to show'
complete -c oomtool -n $c -s J -l json -d 'JSON output'
complete -c oomtool -n $c -s r -l raw -d 'Raw table'
complete -c oomtool -n $c -s n -l noheadings -d 'No header lines'
complete -c oomtool -n $c -s b -l bytes -d 'Sizes in bytes'
complete -c oomtool -n $c -l sysroot -r -a '(__fish_complete_directories)' -d 'Read DIR/proc and DIR/sys'
complete -c oomtool -n $c -s h -l help -d 'Show help'
complete -c oomtool -n $c -s V -l version -d 'Show version'

# swap-setup
set -l c '__fish_seen_subcommand_from swap-setup'
complete -c oomtool -n $c -s s -l size -x -d 'Size of the swap file'
complete -c oomtool -n $c -s p -l path -r -F -d 'The swap file'
complete -c oomtool -n $c -l priority -x -d 'Swap priority'
complete -c oomtool -n $c -l swappiness -x -d 'Set vm.swappiness'
complete -c oomtool -n $c -l no-persist -d 'Do not write fstab or sysctl.d'
complete -c oomtool -n $c -l resize -d 'Re-create the swap file at --size'
complete -c oomtool -n $c -l remove -d 'Swap off, delete, remove the fstab line'
complete -c oomtool -n $c -l status -d 'Show swap areas and settings'
complete -c oomtool -n $c -s y -l yes -d 'Apply without asking'
complete -c oomtool -n $c -l dry-run -d 'Print the plan, change nothing'
complete -c oomtool -n $c -l sysroot -r -a '(__fish_complete_directories)' -d 'Read and write etc/ and proc/sys/ under DIR'
complete -c oomtool -n $c -l root -r -a '(__fish_complete_directories)' -d 'The same as --sysroot'
complete -c oomtool -n $c -s J -l json -d 'JSON output'
complete -c oomtool -n $c -s r -l raw -d 'Raw table'
complete -c oomtool -n $c -s n -l noheadings -d 'No table header'
complete -c oomtool -n $c -s b -l bytes -d 'Sizes in bytes'
complete -c oomtool -n $c -s o -l output -x -a 'NAME TYPE SIZE USED PRIO' -d 'Columns for --status'
complete -c oomtool -n $c -s h -l help -d 'Show help'
complete -c oomtool -n $c -s V -l version -d 'Show version'

# run: its options, then after "--" the command and that command's own completion
function __oomtool_run_command
    set -l tokens (commandline -opc)
    set -l i (contains -i -- -- $tokens)
    and __fish_complete_subcommand --fcs-skip=$i
end
set -l c '__fish_seen_subcommand_from run; and not contains -- -- (commandline -opc)'
complete -c oomtool -n $c -s l -l limit -x -d 'The trial memory limit'
complete -c oomtool -n $c -l high -x -d 'Throttle above SIZE (memory.high)'
complete -c oomtool -n $c -l swap -x -d 'Swap the command may use'
complete -c oomtool -n $c -l keep-going -d 'Run on after an OOM kill'
complete -c oomtool -n $c -l find-limit -d 'Bisect to the smallest limit that works ([=LOW..HIGH])'
complete -c oomtool -n $c -l step -x -d 'Precision of --find-limit (SIZE or N%)'
complete -c oomtool -n $c -s J -l json -d 'JSON report'
complete -c oomtool -n $c -l report -r -F -d 'Write the report to FILE'
complete -c oomtool -n $c -s h -l help -d 'Show help'
complete -c oomtool -n $c -s V -l version -d 'Show version'
complete -c oomtool -n '__fish_seen_subcommand_from run; and contains -- -- (commandline -opc)' -x -a '(__oomtool_run_command)'
