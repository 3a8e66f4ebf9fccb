"""gunicorn settings for wijkbudget in production, read from the environment.

Run it as ``gunicorn -c gunicorn.conf.py "wijkbudget:create_app()"`` with
``WIJKBUDGET_ENV=production`` (see deploy/ and README "Running it for a gemeente").

Why these choices:
- Sync workers, ``2 × cores + 1`` of them (``WEB_CONCURRENCY``): every request is short and
  talks to the database; nginx in front buffers slow phones, so a worker is never held up by one.
- ``preload_app = False``: each worker builds the app and opens its own database pool after the
  fork. A pool opened in the master and shared by forked workers mixes up connections. The
  master does import the code (``on_starting``): a worker that starts, or is recycled by
  ``max_requests``, then needs about 0.1 s of CPU instead of 1 s — on a voting morning on two
  cores that is the difference between recycling in passing and stealing a second from voters.
- ``timeout`` 30 s kills a stuck worker; ``graceful_timeout`` lets a vote in flight finish on a
  restart; ``max_requests`` with jitter recycles workers one by one, never all at once — every
  5,000 requests: about a minute of a busy voting morning per worker, not every few seconds.
- No gunicorn access log, and no access line built (``logger_class``): the app writes one line
  per request itself, with its request id and without query strings (``/stem?code=…`` carries
  a stemcode that must never be logged).
- ``forwarded_allow_ips``: only the proxy on this machine may say a request came over HTTPS.
"""

from __future__ import annotations

import multiprocessing
import os

from gunicorn.glogging import Logger

wsgi_app = "wijkbudget:create_app()"
bind = os.environ.get("WIJKBUDGET_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
timeout = 30
graceful_timeout = 30
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
preload_app = False


def on_starting(server: object) -> None:
    from wijkbudget import import_code

    import_code()


forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "wijkbudget"

accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


class WithoutAccessLines(Logger):
    """gunicorn's logger, minus the access line it builds for every request whenever logging
    is configured (``logconfig_dict`` below) even with no access log to write it to: on a
    voting morning that is 4 % of a worker's CPU spent on lines nobody reads. An access log
    asked for (``--access-logfile``) is written as gunicorn writes it."""

    def access(self, resp: object, req: object, environ: object, request_time: object) -> None:
        if self.cfg.accesslog:
            super().access(resp, req, environ, request_time)


logger_class = WithoutAccessLines

# The worker heartbeat file: on a memory file system, so a slow disk cannot make a healthy
# worker look stuck (gunicorn's advice for containers).
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# gunicorn's own lines (workers starting and stopping) as JSON too, so a log shipper reads one
# format. The root logger is left to the app, which adds its own handler in each worker.
production = os.environ.get("WIJKBUDGET_ENV") == "production"
if os.environ.get("LOG_FORMAT", "json" if production else "text").lower() == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "root": {"level": "WARNING", "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": loglevel.upper(), "handlers": ["json"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
        },
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "formatters": {"json": {"()": "wijkbudget.ops.logging.JsonFormatter"}},
    }
