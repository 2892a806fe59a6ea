#!/usr/bin/env python
"""Same as the `ocop` console script."""

from ocop.manage import main

if __name__ == "__main__":
    main()
