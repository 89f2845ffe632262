"""Run a language server under cProfile that is switched on and off by signals.

    python benchmarks/profiled_server.py OUT.prof pep_lsp              # a module (-m)
    python benchmarks/profiled_server.py OUT.prof benchmarks/floor_server.py

The profiler starts disabled: SIGUSR1 enables it, SIGUSR2 disables it and writes OUT.prof.
So a client can profile exactly the edits it wants (not start-up, not didOpen). Signal
handlers run in the main thread, which is the thread running pygls' asyncio loop and the
handlers; work the server moves to other threads is not profiled.
"""

import cProfile
import runpy
import signal
import sys

out, target = sys.argv[1], sys.argv[2]
sys.argv = [target, *sys.argv[3:]]
profiler = cProfile.Profile()


def _on(*_):
    profiler.enable()


def _off(*_):
    profiler.disable()
    profiler.dump_stats(out)


signal.signal(signal.SIGUSR1, _on)
signal.signal(signal.SIGUSR2, _off)

if target.endswith(".py"):
    runpy.run_path(target, run_name="__main__")
else:
    runpy.run_module(target, run_name="__main__", alter_sys=True)
