"""`make bench`'s harness: targets (in Django, per database), servers and CPU readings,
the interleaved measurement, the report, and the deadline rush and reminder dispatch."""
