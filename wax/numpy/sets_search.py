"""Set operations, unique, searching, counting and histograms (jnp.unique*, isin, searchsorted, bincount, digitize, histogram*, argwhere, partition, lexsort, ...)."""
__all__: list = []
