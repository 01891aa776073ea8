"""Django's Redis cache, reusing one client object per connection pool.

Django builds a new `redis.Redis` client for every cache operation; building one sets up ~170
response callbacks, which costs more CPU than the round trip itself on the hottest paths (the
session read of every logged-in request, the page-cache generations). The client is thread-safe
(each command takes a connection from the pool), so one per pool is enough.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


def redis_client():
    """The redis-py client of the default cache when it is Redis (ours or Django's own backend), for
    what the cache API cannot say in one round trip (a pipeline); None for other caches."""
    from django.core.cache import caches

    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return backend._cache.get_client(write=True)
    return None
