"""A Streamlit client without a browser: Streamlit's own websocket protocol (BackMsg rerun
requests with widget states, ForwardMsg deltas back), so one test process can be many users of
a real `streamlit run` server at little cost. Sign-in goes the browser's way: the sign-in
button's redirect, the OpenID provider's page, the callback's cookie (tests/oidc_provider.py)."""

import asyncio
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

XSRF_COOKIE = "_streamlit_xsrf"
RUN_TIMEOUT_S = 120  # one script run, however loaded the machine


@dataclass(frozen=True)
class Element:
    kind: str  # "heading", "text_area", "button", ...
    widget_id: str  # "" for elements that are not widgets
    text: str  # a heading's or markdown's body, a widget's label

    @property
    def key(self) -> str:
        """The widget's user key (Streamlit ids end with it: $$ID-<hash>-<key>)."""
        return self.widget_id.split("-", 2)[-1] if self.widget_id else ""


@dataclass
class Run:
    """What one script run (and the reruns it asked for) sent back."""

    elements: list[Element] = field(default_factory=list)
    redirect: str | None = None  # st.login / st.logout send the browser here

    def widget(self, key_prefix: str) -> Element:
        return next(e for e in reversed(self.elements) if e.key.startswith(key_prefix))

    def texts(self, kind: str) -> list[str]:
        return [e.text for e in self.elements if e.kind == kind]


def _element(message: ForwardMsg) -> Element | None:
    if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != "new_element":
        return None
    element = message.delta.new_element
    kind = element.WhichOneof("type")
    body = getattr(element, kind)
    text = getattr(body, "body", "") or getattr(body, "label", "")
    return Element(kind, getattr(body, "id", ""), text)


class Session:
    """One browser tab's session: a websocket to the server, with the cookies of `http`."""

    def __init__(self, app_url: str, http: httpx.AsyncClient) -> None:
        self.app_url = app_url
        self.http = http
        self.socket = None
        self.widgets: dict[str, tuple[str, object]] = {}  # widget id -> (field, value) sent

    async def __aenter__(self) -> "Session":
        # As the page does before it connects: the health check sets the XSRF cookie.
        await self.http.get(self.app_url + "/_stcore/health")
        xsrf = self.http.cookies.get(XSRF_COOKIE)
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies.jar)
        self.socket = await websockets.connect(
            self.app_url.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
            origin=self.app_url,
            additional_headers={"Cookie": cookies} if cookies else None,
            max_size=None,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.socket.close()

    async def run(self, changes: dict[str, tuple[str, object]] | None = None) -> Run:
        """Rerun the script with widgets changed (widget id -> (field, value)); a button's
        trigger is sent this run only, as a browser does."""
        changes = changes or {}
        message = BackMsg()
        message.rerun_script.query_string = ""
        for widget_id, (name, value) in {**self.widgets, **changes}.items():
            state = message.rerun_script.widget_states.widgets.add()
            state.id = widget_id
            setattr(state, name, value)
        self.widgets.update({k: v for k, v in changes.items() if v[0] != "trigger_value"})
        await self.socket.send(message.SerializeToString())
        return await asyncio.wait_for(self._until_finished(), RUN_TIMEOUT_S)

    async def _until_finished(self) -> Run:
        run = Run()
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self.socket.recv())
            kind = message.WhichOneof("type")
            if kind == "auth_redirect":
                run.redirect = message.auth_redirect.url
            elif element := _element(message):
                run.elements.append(element)
            elif kind == "script_finished" and (
                message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
            ):
                return run

    async def click(self, key: str, current: Run) -> Run:
        """Press the button whose key starts with `key`, as shown in the `current` run."""
        return await self.run({current.widget(key).widget_id: ("trigger_value", True)})

    async def type(self, key: str, current: Run, text: str) -> Run:
        """Put `text` in the text box whose key starts with `key`."""
        return await self.run({current.widget(key).widget_id: ("string_value", text)})


async def sign_in(app_url: str, http: httpx.AsyncClient, subject: str) -> None:
    """Press "Sign in", follow the redirect to the provider, pick `subject` there, and come
    back through /oauth2callback with the identity cookie in `http`'s jar."""
    async with Session(app_url, http) as session:
        page = await session.run()
        run = await session.click("sign_in::", page)
    if run.redirect is None:
        raise AssertionError("the sign-in button sent no redirect")
    provider_page = await http.get(urljoin(app_url + "/", run.redirect), follow_redirects=True)
    provider_page.raise_for_status()
    back = await http.post(str(provider_page.url), data={"sub": subject}, follow_redirects=True)
    back.raise_for_status()
    if not any(c.name.startswith("_streamlit_user") for c in http.cookies.jar):
        raise AssertionError(f"no identity cookie after signing in as {subject}")
