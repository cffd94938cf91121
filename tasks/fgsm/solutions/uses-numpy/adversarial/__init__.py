"""Problems 1-3 of the fgsm task in plain Python (standard library only)."""
