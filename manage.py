#!/usr/bin/env python
"""Django's command-line utility; `awda` is the same thing installed as a command."""

from awda.__main__ import main

if __name__ == "__main__":
    main()
