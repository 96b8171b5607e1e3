class Logger:
    def __init__(self):
        self.lines = []

    def info(self, msg):
        self.lines.append(msg)


class Job:
    def __init__(self, logger):
        self.logger: Logger = logger

    def run(self):
        self.logger.info("job started")
        return len(self.logger.lines)


log = Logger()
job = Job(log)
print(job.run())
