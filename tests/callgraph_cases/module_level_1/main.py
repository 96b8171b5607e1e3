import sys


def parse_args(argv):
    return [a for a in argv if not a.startswith("-")]


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    print(len(args))
    return 0


if __name__ == "__main__":
    sys.exit(main(["x", "-v"]))
