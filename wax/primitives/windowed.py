"""reduce_window and its family (reduce_window_sum/max/min, ...), with their rules."""
__all__: list = []
