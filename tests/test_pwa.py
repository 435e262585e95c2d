"""The phone app's files: the shell, its service worker and the manifest, as the browser gets them."""
import re

from backend import pwa


def test_service_worker_is_served_from_the_root_uncached_with_the_shell_list(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    source = response.get_data(as_text=True)
    assert "__SHELL" not in source
    assert re.search(r"xunke-shell-[0-9a-f]{12}'", source)
    for url in ("/", "/manifest.webmanifest", "/static/js/main.js", "/static/js/outbox.js",
                "/static/css/app.css", "/static/icons/icon-512.png"):
        assert f'"{url}"' in source


def test_every_shell_file_is_served(client):
    for url in pwa.shell_files():
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith(".js"):
            assert response.mimetype == "text/javascript", url
        if url.endswith(".css"):
            assert response.mimetype == "text/css", url
        response.close()


def test_manifest_names_icons_that_exist(client):
    manifest = client.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    sizes = set()
    for icon in manifest.json["icons"]:
        image = client.get(icon["src"])
        assert (image.status_code, image.mimetype) == (200, "image/png")
        sizes.add(icon["sizes"])
        image.close()
    assert {"192x192", "512x512"} <= sizes


def test_cache_version_follows_the_shell_files(tmp_path, monkeypatch):
    (tmp_path / "static").mkdir()
    (tmp_path / "sw.js").write_text("const CACHE = 'x-__SHELL_VERSION__'; const S = \"__SHELL_FILES__\";")
    (tmp_path / "static" / "a.js").write_text("one")
    monkeypatch.setattr(pwa, "PWA_DIR", tmp_path)
    pwa.service_worker.cache_clear()
    first = pwa.service_worker()
    (tmp_path / "static" / "a.js").write_text("two")
    pwa.service_worker.cache_clear()
    second = pwa.service_worker()
    pwa.service_worker.cache_clear()
    assert first != second
    assert '["/", "/manifest.webmanifest", "/static/a.js"]' in second


def test_office_only_modules_are_served_but_never_pre_cached(client):
    shell = pwa.shell_files()
    source = client.get("/sw.js").get_data(as_text=True)
    for module in ("rubric-editor.js", "rubric-fields.js", "records.js", "audit-trail.js"):
        url = f"/static/js/office-only/{module}"
        assert url not in shell and f'"{url}"' not in source  # a teacher's phone never fetches it
        response = client.get(url)
        assert (response.status_code, response.mimetype) == (200, "text/javascript")
        response.close()
    assert "/static/js/views/rubric-form.js" in shell  # the editor's preview reuses the phone's renderer
