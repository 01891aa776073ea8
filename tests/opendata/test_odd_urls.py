"""Issue 19 item 12: odd URLs are refused on the way in; stored ones break neither the catalogue nor the link check."""

import pytest
import rdflib
from django.core.exceptions import ValidationError

from opendata import services
from opendata.models import Resource
from opendata.services.quality import link_check_all

from .conftest import reply

QUOTE_URL = 'https://data.example/file".csv'
DEL_URL = "https://data.example/\x7ffile.csv"


@pytest.mark.parametrize(
    "url", [QUOTE_URL, DEL_URL, "https://data.example/a b.csv", "https://data.example/{x}.csv"]
)
def test_an_address_with_characters_no_url_may_hold_is_refused(make_dataset, english, url):
    dataset = make_dataset(resources=())
    with pytest.raises(ValidationError, match="not allowed in a URL"):
        services.resource_add(dataset=dataset, name="odd", url=url, fmt="CSV")
    assert not Resource.objects.exists()


def test_the_catalogue_survives_an_odd_address_stored_earlier(client, make_dataset):
    dataset = make_dataset(name="odd", resources=[("CSV", "https://data.example/ok.csv")])
    Resource.objects.filter(dataset=dataset).update(url=QUOTE_URL)  # stored before the check existed
    for path, fmt in (("/opendata/catalog.ttl", "turtle"), ("/opendata/catalog.jsonld", "json-ld")):
        response = client.get(path)
        assert response.status_code == 200, path
        graph = rdflib.Graph().parse(data=response.content, format=fmt)
        urls = {str(o) for o in graph.objects(None, rdflib.URIRef("http://www.w3.org/ns/dcat#accessURL"))}
        assert "https://data.example/file%22.csv" in urls


def test_one_odd_address_does_not_stop_the_link_check_of_the_others(http_server, make_dataset):
    http_server.table["/ok.csv"] = reply(200, b"a,b\n1,2\n", "text/csv")
    make_dataset(name="odd", resources=[("CSV", f"{http_server.base}/odd.csv")])
    good = make_dataset(name="good", resources=[("CSV", f"{http_server.base}/ok.csv")])
    Resource.objects.filter(dataset__name="odd").update(url=DEL_URL)
    results = link_check_all(timeout=2)
    assert len(results) == 2
    good_resource = good.resources.get()
    good_resource.refresh_from_db()
    assert good_resource.last_status == 200 and not good_resource.is_broken
    odd = Resource.objects.get(dataset__name="odd")
    assert odd.is_broken and "invalid address" in odd.last_error
