from app.api.handlers import status

print(status())
