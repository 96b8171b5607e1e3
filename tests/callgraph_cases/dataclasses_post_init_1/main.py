from dataclasses import dataclass


def normalize_email(raw):
    return raw.strip().lower()


@dataclass
class Contact:
    name: str
    email: str

    def __post_init__(self):
        self.email = normalize_email(self.email)

    def domain(self):
        return self.email.split("@")[1]


contact = Contact("Ada", "  ADA@Example.com ")
print(contact.domain())
