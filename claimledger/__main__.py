"""`python -m claimledger`: the `claimledger` command, for environments without the script."""

from claimledger.cli import main

if __name__ == "__main__":
    main()
