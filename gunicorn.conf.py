"""gunicorn settings every web process shares (the Procfile and the Dockerfile pass
``--config gunicorn.conf.py``; gunicorn also reads this file by itself from its working
directory). Bind address, worker count and timeouts stay on the command line.

Prometheus multiprocess mode (docs/deployment.md, "Monitoring"): each worker writes its request
metrics to files in ``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` adds up every worker's, so a
scrape answered by any worker counts every request. The directory must be set before a worker
imports prometheus_client: set here, in the master, and inherited by the workers. Unset, a
fresh private directory is made for this master and removed when it exits; set, it is emptied
at start (a previous run's files would add its counts to this one's), so give each gunicorn
master a directory of its own.
"""

import glob
import os
import shutil
import tempfile

# The access and error logs with every calendar address and API token redacted (core.access_log).
logger_class = "core.access_log.RedactingLogger"

_made_here = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _made_here:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="glab-prometheus-")
else:
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)


def on_starting(server):
    if not _made_here:
        for path in glob.glob(os.path.join(os.environ["PROMETHEUS_MULTIPROC_DIR"], "*.db")):
            os.remove(path)


def child_exit(server, worker):
    """A worker that ended (or was killed) no longer reports its live gauges; its counters
    and histograms stay in the totals."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _made_here:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
