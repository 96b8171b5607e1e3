"""DynamoDB handles, created once per execution environment."""
import os

import boto3

dynamodb = boto3.resource("dynamodb")

orders_table = dynamodb.Table(os.environ["ORDERS_TABLE"])
customers_table = dynamodb.Table(os.environ["CUSTOMERS_TABLE"])
inventory_table = dynamodb.Table(os.environ["INVENTORY_TABLE"])
reservations_table = dynamodb.Table(os.environ["RESERVATIONS_TABLE"])
