"""Account endpoints."""
from flask import Blueprint, jsonify, request

from ..common import current_user, login_required
from ..common.auth import issue_token
from .services import UserService

bp = Blueprint("users", __name__)


@bp.post("/register")
def register():
    body = request.get_json(force=True)
    user = UserService().register(
        body.get("email", ""), body.get("password", ""), body.get("full_name", "")
    )
    return jsonify({"user": user.to_dict(), "token": issue_token(user)}), 201


@bp.post("/login")
def login():
    body = request.get_json(force=True)
    user = UserService().authenticate(body.get("email", ""), body.get("password", ""))
    return jsonify({"user": user.to_dict(), "token": issue_token(user)})


@bp.route("/me", methods=["GET"])
@login_required
def me():
    return jsonify(current_user().to_dict())


@bp.route("/me/addresses", methods=["GET", "POST"])
@login_required
def addresses():
    service = UserService()
    if request.method == "POST":
        address = service.add_address(current_user(), request.get_json(force=True))
        return jsonify(address.to_dict()), 201
    return jsonify({"addresses": [a.to_dict() for a in service.list_addresses(current_user())]})
