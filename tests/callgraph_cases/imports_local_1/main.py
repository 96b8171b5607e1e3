def main():
    import report

    print(report.build([1, 2]))


main()
