class Parser:
    def parse(self, text):
        return text.split(",")


def make_parser():
    return Parser()


def handle(text):
    parser: Parser = make_parser()
    return parser.parse(text)


print(handle("a,b"))
