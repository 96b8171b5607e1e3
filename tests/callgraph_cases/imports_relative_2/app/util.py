def clamp(value, lo, hi):
    return max(lo, min(value, hi))
