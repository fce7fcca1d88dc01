"""Unit: the bot filter, the visitor hash and number formatting."""
import pytest

from portal_core.stats import format_number, is_bot
from portal_core.stats.tracking import secret_key, visitor_key

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36 coc_coc_browser/125.0",
    "Mozilla/5.0 (Linux; Android 13; Zalo) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
]
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
    "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)",
    "Baiduspider+(+http://www.baidu.com/search/spider.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "CCBot/2.0 (https://commoncrawl.org/faq/)",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.32.3",
    "Python-urllib/3.11",
    "Go-http-client/1.1",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/126.0.0.0 Safari/537.36",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Java/17.0.2",
    "",
    "   ",
    None,
]


@pytest.mark.parametrize("agent", BROWSERS)
def test_browsers_are_not_bots(agent):
    assert not is_bot(agent)


@pytest.mark.parametrize("agent", BOTS)
def test_obvious_bots_and_missing_agents_are_bots(agent):
    assert is_bot(agent)


def test_bot_patterns_ignore_case():
    assert is_bot("SomeCRAWLER/1.0") and is_bot("MySpider") and is_bot("CURL/7")


def test_visitor_key_is_a_keyed_hash_of_address_and_agent():
    key = secret_key("one secret")
    first = visitor_key(key, "203.0.113.5", BROWSERS[0])
    assert isinstance(first, int) and first.bit_length() <= 64
    assert visitor_key(key, "203.0.113.5", BROWSERS[0]) == first
    assert visitor_key(key, "203.0.113.6", BROWSERS[0]) != first
    assert visitor_key(key, "203.0.113.5", BROWSERS[1]) != first
    assert visitor_key(secret_key("another secret"), "203.0.113.5", BROWSERS[0]) != first
    assert "203.0.113.5" not in repr(first)


@pytest.mark.parametrize("value,language,text", [
    (0, "vi", "0"), (999, "vi", "999"), (1000, "vi", "1.000"),
    (1379407, "vi", "1.379.407"), (1379407, "en", "1,379,407"),
    (12_345_678_901, "vi", "12.345.678.901"),
])
def test_format_number(value, language, text):
    assert format_number(value, language) == text
