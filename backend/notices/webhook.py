"""Post the bulletin summary to a WeCom (企业微信) or DingTalk (钉钉) group robot."""
import json
import logging
import urllib.error
import urllib.parse
import urllib.request

log = logging.getLogger(__name__)
KINDS = ("wecom", "dingtalk")
TIMEOUT_SECONDS = 5


def robot_body(kind: str, title: str, markdown: str) -> dict:
    """The markdown message each robot expects."""
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title, "text": markdown}}
    return {"msgtype": "markdown", "markdown": {"content": markdown}}


def post_summary(url: str, kind: str, title: str, markdown: str) -> tuple[str, str]:
    """Send the message; return ("sent" or "failed", what the robot or the network said).

    Both robots answer HTTP 200 with {"errcode": 0} on success and a non-zero errcode otherwise.
    """
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        return "failed", "机器人地址必须以 http:// 或 https:// 开头"
    data = json.dumps(robot_body(kind, title, markdown), ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        # The scheme is checked above, so no file: or custom scheme is opened.
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # nosec B310
            answer = response.read(2000).decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        log.warning("webhook post to %s failed: %s", kind, exc)
        return "failed", str(exc)[:500]
    try:
        errcode = json.loads(answer).get("errcode", 0)
    except (ValueError, AttributeError):
        errcode = None
    if errcode != 0:
        log.warning("webhook %s refused the message: %s", kind, answer)
        return "failed", answer[:500]
    return "sent", answer[:500]
