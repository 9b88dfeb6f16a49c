"""Production entry point: ``streamlit run serve.py`` serves app.py as ``streamlit run app.py`` would, and at server
start — before anyone connects — freezes the import-time objects out of the garbage collector's way and starts
warming every page's default view in the background (maeul.web.warm), again after every change of the data.

It also serves the one route the app adds, ``/_maeul/session`` (maeul.auth.route), through which a password login
gets its signed HttpOnly session cookie, so a reload keeps the user logged in for a working day.

``streamlit run app.py`` still works; warming then starts with the first visitor, who pays for their own page, and a
login lasts one browser session.
"""

from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

from maeul.auth import route
from maeul.web import warm


@asynccontextmanager
async def lifespan(_app):
    warm.start(server=True)
    yield


app = st.App(str(Path(__file__).parent / "app.py"), lifespan=lifespan, routes=route.routes())
