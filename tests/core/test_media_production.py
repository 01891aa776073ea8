"""Issue 19 item 16: /media/ under production settings is the proxy's job; reaching Django is logged clearly."""

import logging


def test_media_reaching_django_is_a_404_that_says_the_proxy_is_not_configured(client, db, caplog):
    with caplog.at_level(logging.ERROR, logger="sharik.media"):
        response = client.get("/media/blog/picture.png")
    assert response.status_code == 404
    assert any("configure the reverse proxy to serve MEDIA_ROOT" in r.getMessage() for r in caplog.records)
