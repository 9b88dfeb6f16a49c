"""The one HTTP route the app adds to Streamlit's server (serve.py): ``/_maeul/session?n=<nonce>`` answers a
one-time nonce from maeul.auth.session.HANDOFF with the Set-Cookie that stores (or deletes) the signed session cookie
— HttpOnly, SameSite=Strict, Secure when the request came over https — and 204 No Content. An unknown, used or
expired nonce gets 404 and no cookie. Nothing else is read or written."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from maeul.auth import session

NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


async def session_cookie(request: Request) -> Response:
    item = session.HANDOFF.take(request.query_params.get("n"))
    if item is None:
        return Response(status_code=404, headers=NO_STORE)
    value, max_age = item
    header = session.cookie_header(value, max_age, secure=request.url.scheme == "https")
    return Response(status_code=204, headers={**NO_STORE, "Set-Cookie": header})


def routes(base_url: str | None = None) -> list[Route]:
    """The route for st.App(routes=...); from then on the login box offers session cookies (session.ROUTE_ACTIVE)."""
    if base_url is None:
        from streamlit import config

        base_url = config.get_option("server.baseUrlPath")
    session.ROUTE_ACTIVE = True
    return [Route(session.route_path(base_url), session_cookie, methods=["GET"])]
