"""The inline SVG bar chart: accessible, escaped, proportional, script-free."""
import xml.etree.ElementTree as ET

from portal_core.reports import bar_chart

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(markup):
    return ET.fromstring(markup)


def test_chart_has_role_label_title_and_a_text_description():
    svg = parse(bar_chart([("Xã Yên Thịnh", 3), ("Thị trấn Bằng Lũng", 0)],
                          "Số bài được đăng", chart_id="c1"))
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == "Số bài được đăng"
    assert svg.find("svg:title", NS).text == "Số bài được đăng"
    desc = svg.find("svg:desc", NS)
    assert desc.get("id") == "c1-desc" and svg.get("aria-describedby") == "c1-desc"
    assert desc.text == "Xã Yên Thịnh: 3; Thị trấn Bằng Lũng: 0"
    labels = [[t.text for t in g.findall("svg:text", NS)] for g in svg.findall("svg:g", NS)]
    assert labels == [["Xã Yên Thịnh", "3"], ["Thị trấn Bằng Lũng", "0"]]


def test_bars_are_proportional_and_zero_is_empty():
    svg = parse(bar_chart([("a", 4), ("b", 2), ("c", 0)], "t"))
    widths = [int(rect.get("width")) for rect in svg.iter("{%s}rect" % NS["svg"])]
    assert widths[0] == 2 * widths[1] and widths[2] == 0 and widths[0] > 0
    assert parse(bar_chart([("a", 0)], "t")) is not None         # all zero: no division


def test_every_text_is_escaped():
    evil = '<script>alert("x")</script>&'
    markup = bar_chart([(evil, 1)], evil + " title", chart_id='x"><script>')
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    svg = parse(markup)                                          # still well-formed XML
    assert svg.get("aria-label") == evil + " title"
    assert svg.find("svg:g/svg:title", NS).text == evil + ": 1"
    assert not list(svg.iter("{%s}script" % NS["svg"]))


def test_long_labels_are_shortened_with_the_full_name_in_the_tooltip():
    name = "Ủy ban nhân dân xã Yên Thịnh, huyện Chợ Đồn, tỉnh Bắc Kạn (cũ)"
    svg = parse(bar_chart([(name, 5)], "t"))
    shown = svg.find("svg:g/svg:text", NS).text
    assert shown.endswith("…") and len(shown) <= 42 and name.startswith(shown[:-1])
    assert svg.find("svg:g/svg:title", NS).text == name + ": 5"


def test_no_bars_no_chart():
    assert bar_chart([], "t") == ""
