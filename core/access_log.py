"""gunicorn's logs without secrets: ``gunicorn.conf.py`` names ``RedactingLogger`` as
``logger_class``, so the access log (``--access-logfile -``: the request line, the path, the
referrer) and gunicorn's error log ("Error handling request /calendar/cal_…") go through
``core.request_log.RedactSecrets`` like Django's own records. Imports nothing of Django: the
gunicorn master loads it before the application."""

from gunicorn import glogging

from .request_log import RedactSecrets


class RedactingLogger(glogging.Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactSecrets) for f in log.filters):
                log.addFilter(RedactSecrets())
