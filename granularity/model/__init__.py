"""The domain model: plain, frozen, picklable values. Imports nothing else of the package."""
