"""Index helpers and element placement (r_, c_, s_, mgrid, ogrid, ix_, indices, tril/triu indices, put, place, insert, delete, choose, compress, ...)."""
__all__: list = []
