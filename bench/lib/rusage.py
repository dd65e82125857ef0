"""Fallback for GNU time (bench/lib/measure.mjs): runs a command and writes the child's
user seconds, system seconds and peak RSS in KiB to a file, like `time -f '%U %S %M' -o FILE`."""
import resource, subprocess, sys

out, cmd = sys.argv[1], sys.argv[2:]
code = subprocess.call(cmd)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "w") as f:
    f.write(f"{ru.ru_utime} {ru.ru_stime} {ru.ru_maxrss}\n")
sys.exit(code)
