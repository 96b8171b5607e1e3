from app.models import User
from app.greeting import greet

print(greet(User("ada")))
