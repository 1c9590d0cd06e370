from tests.redis_server import throwaway_redis  # noqa: F401 (a fixture)
from tests.s3_server import s3_bucket, s3_server  # noqa: F401 (fixtures)
