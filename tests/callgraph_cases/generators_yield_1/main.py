def parse(line):
    name, age = line.split(":")
    return name, int(age)


def read_records(lines):
    for line in lines:
        if line:
            yield parse(line)


def main():
    total = 0
    for _, age in read_records(["ann:30", "", "bob:25"]):
        total += age
    print(total)


main()
