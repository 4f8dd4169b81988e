#!/usr/bin/env python3
"""Writes ShopTrip's sample catalogs from one table of shops.

    python3 tools/sample_catalogs.py [--today YYYY-MM-DD]

- `extension/catalogs/*.json`, the catalogs the extension ships. The shops and
  their domains are real; every offer, coupon and boost is a sample figure, not
  a merchant's terms. They carry no `tracking` templates: a real publisher's
  feed supplies those, and a placeholder host would strand the shopper on an
  error page after Shop Now. Their boosts and coupons are dated relative to the
  day the tool runs (`--today`), so a fresh copy always shows them working.
- `tests/fixtures/catalogs/*.json`, the same shops for the tests, with tracking
  links on the test server's hosts and every date fixed around
  `tests/support/clock.mjs`'s TEST_NOW (2030-06-15): what a test asserts never
  depends on the day it runs. A few fixture-only shops have tracking links that
  fail in the ways shoppers meet (a host that does not resolve, a 503, a click
  server that never answers).
"""
import argparse
import datetime
import json
import pathlib

TRACKING = "https://go.shoptrip.example/t?store={store}&trip={trip}&u={url}"
SAMPLE_NOTE = "Sample figures for development: real shops and domains, invented offers."
FIXTURE_NOTE = "Test fixture: written by tools/sample_catalogs.py; dates fixed around 2030-06-15."

def pct(rate, up_to=False):
    o = {"kind": "percent", "rate": rate}
    if up_to:
        o["upTo"] = True
    return o

def flat(amount):
    return {"kind": "flat", "amount": amount}

# Placeholders filled in per output: "{boost}" a boost window, "{expires}" a
# coupon's last day.
BOOST = "{boost}"
EXPIRES = "{expires}"

# (id, name, domains, offer, extras)
US = [
    ("amazon", "Amazon", ["amazon.com", "amazon.ca", "amazon.com.mx", "amazon.com.br", "amazon.co.uk",
        "amazon.de", "amazon.fr", "amazon.it", "amazon.es", "amazon.nl", "amazon.se", "amazon.pl",
        "amazon.com.be", "amazon.com.tr", "amazon.ae", "amazon.sa", "amazon.eg", "amazon.in",
        "amazon.co.jp", "amazon.sg", "amazon.com.au", "amazon.ie"], pct("1", True),
        {"exclusions": ["Gift cards", "Amazon devices", "Digital subscriptions"], "membershipRewards": False}),
    ("walmart", "Walmart", ["walmart.com", "walmart.ca", "walmart.com.mx"], pct("2", True), {}),
    ("target", "Target", ["target.com"], pct("1.5"), {"exclusions": ["Gift cards", "Alcohol"]}),
    ("macys", "Macy's", ["macys.com"], pct("6", True), {
        "categories": [{"name": "Beauty", "offer": pct("2")}, {"name": "Furniture", "offer": pct("4")}],
        "boosts": [{"window": BOOST, "offer": pct("4")}],
        "exclusions": ["Gift cards", "Last Act clearance"],
        "coupons": [{"code": "FALL10", "description": "10% off $50+", "expires": EXPIRES}],
        "orderPage": {"path": "/my-bag/order-confirmation", "subtotal": "#order-subtotal"}}),
    ("bestbuy", "Best Buy", ["bestbuy.com", "bestbuy.ca"], pct("1", True), {"exclusions": ["Apple products", "Gift cards"]}),
    ("ebay", "eBay", ["ebay.com", "ebay.ca", "ebay.co.uk", "ebay.de", "ebay.fr", "ebay.it", "ebay.es",
        "ebay.com.au", "ebay.at", "ebay.ch", "ebay.ie", "ebay.nl", "ebay.be", "ebay.pl"], pct("1", True), {}),
    ("nike", "Nike", ["nike.com"], pct("5"), {"boosts": [{"window": BOOST, "offer": pct("3")}]}),
    ("homedepot", "The Home Depot", ["homedepot.com", "homedepot.ca"], pct("2"), {}),
    ("lowes", "Lowe's", ["lowes.com"], pct("2"), {}),
    ("kohls", "Kohl's", ["kohls.com"], pct("4"), {"coupons": [{"code": "SAVE15", "description": "15% off sitewide"}]}),
    ("nordstrom", "Nordstrom", ["nordstrom.com", "nordstrom.ca"], pct("3", True), {}),
    ("nordstromrack", "Nordstrom Rack", ["nordstromrack.com"], pct("3"), {}),
    ("sephora", "Sephora", ["sephora.com", "sephora.ca", "sephora.fr", "sephora.de", "sephora.it", "sephora.es"], pct("4"), {}),
    ("ulta", "Ulta Beauty", ["ulta.com"], pct("4", True), {}),
    ("wayfair", "Wayfair", ["wayfair.com", "wayfair.ca", "wayfair.co.uk", "wayfair.de"], pct("5", True), {}),
    ("etsy", "Etsy", ["etsy.com"], pct("3"), {}),
    ("costco", "Costco", ["costco.com", "costco.ca", "costco.co.uk", "costco.com.mx"], pct("1"), {}),
    ("apple", "Apple Store", ["apple.com/shop", "apple.com/ca/shop", "apple.com/uk/shop", "apple.com/au/shop"], pct("1"), {}),
    ("dell", "Dell", ["dell.com"], pct("4", True), {}),
    ("hp", "HP", ["hp.com"], pct("5", True), {}),
    ("lenovo", "Lenovo", ["lenovo.com"], pct("4", True), {}),
    ("expedia", "Expedia", ["expedia.com", "expedia.ca", "expedia.co.uk", "expedia.de", "expedia.fr",
        "expedia.com.au", "expedia.co.jp"], pct("3", True), {"categories": [{"name": "Hotels", "offer": pct("4")}, {"name": "Flights", "offer": flat("0.50")}]}),
    ("hotels", "Hotels.com", ["hotels.com"], pct("4"), {}),
    ("booking", "Booking.com", ["booking.com"], pct("4", True), {}),
    ("adidas", "adidas", ["adidas.com", "adidas.ca", "adidas.co.uk"], pct("5"), {}),
    ("underarmour", "Under Armour", ["underarmour.com"], pct("4"), {}),
    ("gap", "Gap", ["gap.com", "gapcanada.ca"], pct("5"), {}),
    ("athleta", "Athleta", ["athleta.gap.com", "athleta.com"], pct("6"), {}),
    ("oldnavy", "Old Navy", ["oldnavy.com", "oldnavy.gap.com", "oldnavy.ca"], pct("5"), {}),
    ("bananarepublic", "Banana Republic", ["bananarepublic.com", "bananarepublic.gap.com"], pct("5"), {}),
    ("jcrew", "J.Crew", ["jcrew.com"], pct("4"), {}),
    ("jcpenney", "JCPenney", ["jcpenney.com"], pct("3"), {}),
    ("saks", "Saks Fifth Avenue", ["saksfifthavenue.com", "saksoff5th.com"], pct("5", True), {}),
    ("neimanmarcus", "Neiman Marcus", ["neimanmarcus.com"], pct("4"), {}),
    ("bloomingdales", "Bloomingdale's", ["bloomingdales.com"], pct("4", True), {}),
    ("dillards", "Dillard's", ["dillards.com"], pct("2"), {}),
    ("zappos", "Zappos", ["zappos.com"], pct("3"), {}),
    ("newegg", "Newegg", ["newegg.com", "newegg.ca"], pct("1", True), {}),
    ("bhphotovideo", "B&H Photo", ["bhphotovideo.com"], pct("2", True), {}),
    ("microsoft", "Microsoft Store", ["microsoft.com/en-us/store", "microsoft.com/en-ca/store", "microsoft.com/en-gb/store"], pct("2"), {}),
    ("samsung", "Samsung", ["samsung.com"], pct("3", True), {}),
    ("chewy", "Chewy", ["chewy.com"], flat("15.00"), {"exclusions": ["Autoship orders after the first"]}),
    ("petco", "Petco", ["petco.com"], pct("4"), {}),
    ("petsmart", "PetSmart", ["petsmart.com"], pct("3"), {}),
    ("bedbathandbeyond", "Bed Bath & Beyond", ["bedbathandbeyond.com", "overstock.com"], pct("5"), {}),
    ("crateandbarrel", "Crate & Barrel", ["crateandbarrel.com", "crateandbarrel.ca"], pct("3"), {}),
    ("potterybarn", "Pottery Barn", ["potterybarn.com", "potterybarnkids.com", "pbteen.com"], pct("3"), {}),
    ("westelm", "West Elm", ["westelm.com"], pct("3"), {}),
    ("williamssonoma", "Williams Sonoma", ["williams-sonoma.com"], pct("3"), {}),
    ("ikea", "IKEA", ["ikea.com"], pct("2"), {}),
    ("llbean", "L.L.Bean", ["llbean.com"], pct("4"), {}),
    ("rei", "REI", ["rei.com"], pct("3"), {}),
    ("dickssportinggoods", "DICK'S Sporting Goods", ["dickssportinggoods.com"], pct("3", True), {}),
    ("academy", "Academy Sports + Outdoors", ["academy.com"], pct("3"), {}),
    ("footlocker", "Foot Locker", ["footlocker.com", "footlocker.ca"], pct("4"), {}),
    ("finishline", "Finish Line", ["finishline.com"], pct("3"), {}),
    ("puma", "PUMA", ["puma.com", "us.puma.com"], pct("6"), {}),
    ("newbalance", "New Balance", ["newbalance.com"], pct("5"), {}),
    ("asics", "ASICS", ["asics.com"], pct("5"), {}),
    ("skechers", "Skechers", ["skechers.com"], pct("4"), {}),
    ("crocs", "Crocs", ["crocs.com"], pct("6"), {}),
    ("converse", "Converse", ["converse.com"], pct("4"), {}),
    ("vans", "Vans", ["vans.com"], pct("4"), {}),
    ("levi", "Levi's", ["levi.com"], pct("5"), {}),
    ("americaneagle", "American Eagle", ["ae.com"], pct("4"), {}),
    ("hollister", "Hollister", ["hollisterco.com"], pct("4"), {}),
    ("abercrombie", "Abercrombie & Fitch", ["abercrombie.com"], pct("4"), {}),
    ("uniqlo", "UNIQLO", ["uniqlo.com/us", "uniqlo.com/ca", "uniqlo.com/uk"], pct("3"), {}),
    ("hm", "H&M", ["hm.com"], pct("3"), {}),
    ("zara", "Zara", ["zara.com"], pct("2"), {}),
    ("asos", "ASOS", ["asos.com"], pct("5"), {}),
    ("express", "Express", ["express.com"], pct("6"), {}),
    ("lululemon", "lululemon", ["lululemon.com", "shop.lululemon.com", "lululemon.co.uk"], pct("2"), {}),
    ("victoriassecret", "Victoria's Secret", ["victoriassecret.com"], pct("4"), {}),
    ("bathandbodyworks", "Bath & Body Works", ["bathandbodyworks.com"], pct("5"), {}),
    ("dermstore", "Dermstore", ["dermstore.com"], pct("8"), {}),
    ("lookfantastic", "LOOKFANTASTIC", ["lookfantastic.com", "lookfantastic.co.uk"], pct("8"), {}),
    ("glossier", "Glossier", ["glossier.com"], pct("5"), {}),
    ("clinique", "Clinique", ["clinique.com"], pct("6"), {}),
    ("esteelauder", "Estée Lauder", ["esteelauder.com"], pct("6"), {}),
    ("maccosmetics", "MAC Cosmetics", ["maccosmetics.com"], pct("6"), {}),
    ("kiehls", "Kiehl's", ["kiehls.com"], pct("6"), {}),
    ("cvs", "CVS Pharmacy", ["cvs.com"], pct("3"), {"exclusions": ["Prescriptions"]}),
    ("walgreens", "Walgreens", ["walgreens.com"], pct("3"), {"exclusions": ["Prescriptions"]}),
    ("vitaminshoppe", "The Vitamin Shoppe", ["vitaminshoppe.com"], pct("5"), {}),
    ("gnc", "GNC", ["gnc.com"], pct("5"), {}),
    ("iherb", "iHerb", ["iherb.com"], pct("5"), {}),
    ("samsclub", "Sam's Club", ["samsclub.com"], flat("10.00"), {"categories": [{"name": "Membership", "offer": flat("20.00")}]}),
    ("staples", "Staples", ["staples.com", "staples.ca"], pct("2"), {}),
    ("officedepot", "Office Depot OfficeMax", ["officedepot.com"], pct("2"), {}),
    ("michaels", "Michaels", ["michaels.com"], pct("3"), {}),
    ("joann", "JOANN", ["joann.com"], pct("3"), {}),
    ("barnesandnoble", "Barnes & Noble", ["barnesandnoble.com"], pct("3"), {}),
    ("audible", "Audible", ["audible.com", "audible.co.uk", "audible.ca"], flat("5.00"), {}),
    ("gamestop", "GameStop", ["gamestop.com"], pct("2"), {}),
    ("adobe", "Adobe", ["adobe.com"], pct("6", True), {}),
    ("norton", "Norton", ["norton.com"], pct("25", True), {}),
    ("mcafee", "McAfee", ["mcafee.com"], pct("20", True), {}),
    ("godaddy", "GoDaddy", ["godaddy.com"], pct("10"), {}),
    ("squarespace", "Squarespace", ["squarespace.com"], flat("25.00"), {}),
    ("shutterfly", "Shutterfly", ["shutterfly.com"], pct("6"), {}),
    ("vistaprint", "Vistaprint", ["vistaprint.com"], pct("5"), {}),
    ("1800flowers", "1-800-Flowers", ["1800flowers.com"], pct("10"), {}),
    ("ftd", "FTD", ["ftd.com"], pct("10"), {}),
    ("proflowers", "ProFlowers", ["proflowers.com"], pct("10"), {}),
    ("harryanddavid", "Harry & David", ["harryanddavid.com"], pct("8"), {}),
    ("omahasteaks", "Omaha Steaks", ["omahasteaks.com"], pct("6"), {}),
    ("hellofresh", "HelloFresh", ["hellofresh.com", "hellofresh.ca", "hellofresh.co.uk"], flat("10.00"), {}),
    ("marriott", "Marriott", ["marriott.com"], pct("3"), {}),
    ("hilton", "Hilton", ["hilton.com"], pct("3"), {}),
    ("hyatt", "Hyatt", ["hyatt.com"], pct("2"), {}),
    ("ihg", "IHG Hotels & Resorts", ["ihg.com"], pct("3"), {}),
    ("priceline", "Priceline", ["priceline.com"], pct("3", True), {}),
    ("orbitz", "Orbitz", ["orbitz.com"], pct("3", True), {}),
    ("travelocity", "Travelocity", ["travelocity.com"], pct("3", True), {}),
    ("hotwire", "Hotwire", ["hotwire.com"], pct("3", True), {}),
    ("vrbo", "Vrbo", ["vrbo.com"], pct("2"), {}),
    ("agoda", "Agoda", ["agoda.com"], pct("4"), {}),
    ("tripcom", "Trip.com", ["trip.com"], pct("3"), {}),
    ("hertz", "Hertz", ["hertz.com"], pct("3"), {}),
    ("avis", "Avis", ["avis.com"], pct("3"), {}),
    ("enterprise", "Enterprise Rent-A-Car", ["enterprise.com"], pct("2"), {}),
    ("budget", "Budget Car Rental", ["budget.com"], pct("3"), {}),
    ("carnival", "Carnival Cruise Line", ["carnival.com"], flat("50.00"), {}),
    ("royalcaribbean", "Royal Caribbean", ["royalcaribbean.com"], flat("50.00"), {}),
    ("groupon", "Groupon", ["groupon.com"], pct("4"), {}),
    ("aliexpress", "AliExpress", ["aliexpress.com", "aliexpress.us"], pct("4", True), {}),
    ("temu", "Temu", ["temu.com"], pct("5", True), {}),
    ("qvc", "QVC", ["qvc.com"], pct("3"), {}),
    ("hsn", "HSN", ["hsn.com"], pct("3"), {}),
    ("belk", "Belk", ["belk.com"], pct("4"), {}),
    ("acehardware", "Ace Hardware", ["acehardware.com"], pct("2"), {}),
    ("harborfreight", "Harbor Freight", ["harborfreight.com"], pct("2"), {}),
    ("tractorsupply", "Tractor Supply", ["tractorsupply.com"], pct("2"), {}),
    ("autozone", "AutoZone", ["autozone.com"], pct("2"), {}),
    ("advanceautoparts", "Advance Auto Parts", ["advanceautoparts.com"], pct("3"), {}),
    ("tirerack", "Tire Rack", ["tirerack.com"], pct("2"), {}),
    ("revolve", "REVOLVE", ["revolve.com"], pct("5"), {}),
    ("farfetch", "FARFETCH", ["farfetch.com"], pct("6", True), {}),
    ("ssense", "SSENSE", ["ssense.com"], pct("4"), {}),
    ("netaporter", "NET-A-PORTER", ["net-a-porter.com"], pct("4"), {}),
    ("mrporter", "MR PORTER", ["mrporter.com"], pct("4"), {}),
    ("shopbop", "Shopbop", ["shopbop.com"], pct("4"), {}),
    ("anthropologie", "Anthropologie", ["anthropologie.com"], pct("4"), {}),
    ("freepeople", "Free People", ["freepeople.com"], pct("4"), {}),
    ("urbanoutfitters", "Urban Outfitters", ["urbanoutfitters.com"], pct("4"), {}),
    ("madewell", "Madewell", ["madewell.com"], pct("4"), {}),
    ("everlane", "Everlane", ["everlane.com"], pct("4"), {}),
    ("allbirds", "Allbirds", ["allbirds.com"], pct("5"), {}),
    ("warbyparker", "Warby Parker", ["warbyparker.com"], pct("5"), {}),
    ("1800contacts", "1-800 Contacts", ["1800contacts.com"], pct("4"), {}),
    ("casper", "Casper", ["casper.com"], pct("8"), {}),
    ("purple", "Purple", ["purple.com"], pct("8"), {}),
    ("sleepnumber", "Sleep Number", ["sleepnumber.com"], flat("100.00"), {}),
    ("brooklinen", "Brooklinen", ["brooklinen.com"], pct("6"), {}),
    ("dyson", "Dyson", ["dyson.com", "dyson.ca", "dyson.co.uk"], pct("3"), {}),
    ("kitchenaid", "KitchenAid", ["kitchenaid.com"], pct("3"), {}),
    ("vitamix", "Vitamix", ["vitamix.com"], pct("4"), {}),
    ("lego", "LEGO", ["lego.com"], pct("2"), {}),
    ("buildabear", "Build-A-Bear Workshop", ["buildabear.com"], pct("4"), {}),
    ("carters", "Carter's", ["carters.com"], pct("4"), {}),
    ("childrensplace", "The Children's Place", ["childrensplace.com"], pct("4"), {}),
    ("fanatics", "Fanatics", ["fanatics.com", "nflshop.com", "mlbshop.com"], pct("6"), {}),
    ("stubhub", "StubHub", ["stubhub.com"], pct("4", True), {}),
    ("ticketmaster", "Ticketmaster", ["ticketmaster.com"], flat("2.00"), {}),
    ("seatgeek", "SeatGeek", ["seatgeek.com"], pct("3"), {}),
    ("hulu", "Hulu", ["hulu.com"], flat("5.00"), {}),
    ("verizon", "Verizon", ["verizon.com"], flat("30.00"), {}),
    ("att", "AT&T", ["att.com"], flat("25.00"), {}),
    ("tmobile", "T-Mobile", ["t-mobile.com"], flat("25.00"), {}),
    ("mintmobile", "Mint Mobile", ["mintmobile.com"], flat("10.00"), {}),
    ("backmarket", "Back Market", ["backmarket.com", "backmarket.co.uk"], pct("4"), {}),
    ("poshmark", "Poshmark", ["poshmark.com"], pct("2"), {}),
    ("thredup", "thredUP", ["thredup.com"], pct("6"), {}),
    ("therealreal", "The RealReal", ["therealreal.com"], pct("4"), {}),
    ("stockx", "StockX", ["stockx.com"], pct("2"), {}),
    ("zazzle", "Zazzle", ["zazzle.com"], pct("8"), {}),
    ("redbubble", "Redbubble", ["redbubble.com"], pct("6"), {}),
    ("cricut", "Cricut", ["cricut.com"], pct("4"), {}),
    ("bose", "Bose", ["bose.com"], pct("3"), {}),
    ("sonos", "Sonos", ["sonos.com"], pct("2"), {}),
    ("garmin", "Garmin", ["garmin.com"], pct("2"), {}),
    ("googlestore", "Google Store", ["store.google.com"], pct("2"), {}),
    ("nintendo", "Nintendo", ["nintendo.com"], pct("1"), {}),
]

JP = [
    ("rakuten-ichiba", "楽天市場", ["rakuten.co.jp", "item.rakuten.co.jp"], pct("1", True), {}),
    ("amazon-jp", "Amazon.co.jp", ["amazon.co.jp"], pct("0.5"), {"exclusions": ["ギフト券"]}),
    ("yodobashi", "ヨドバシ.com", ["yodobashi.com"], pct("1"), {}),
    ("biccamera", "ビックカメラ.com", ["biccamera.com"], pct("1.5"), {}),
    ("uniqlo-jp", "ユニクロ", ["uniqlo.com/jp"], pct("2"), {}),
    ("zozotown", "ZOZOTOWN", ["zozo.jp"], pct("2"), {}),
    ("yahoo-shopping", "Yahoo!ショッピング", ["shopping.yahoo.co.jp"], pct("1"), {}),
    ("lohaco", "LOHACO", ["lohaco.yahoo.co.jp"], pct("2"), {}),
    ("jalan", "じゃらんnet", ["jalan.net"], pct("2"), {}),
    ("ikyu", "一休.com", ["ikyu.com"], pct("3"), {}),
    ("muji-jp", "無印良品", ["muji.com/jp"], pct("2"), {}),
    ("nitori", "ニトリネット", ["nitori-net.jp"], pct("2"), {}),
    ("hmv-jp", "HMV&BOOKS online", ["hmv.co.jp"], pct("2"), {}),
    ("expedia-jp", "エクスペディア", ["expedia.co.jp"], pct("3", True), {}),
    ("unext", "U-NEXT", ["unext.jp", "video.unext.jp"], {"kind": "points", "points": 300}, {}),
    ("dmm", "DMM.com", ["dmm.com"], {"kind": "points", "points": 100}, {}),
]

# Fixture-only shops whose tracking links fail as they do for shoppers.
FAILING = [
    ("unreachable-shop", "Unreachable Outfitters", ["unreachable-shop.example"], pct("5"),
        {"tracking": "https://unreachable.shoptrip.test/t?store={store}&trip={trip}&u={url}"}),
    ("status-shop", "Status Supply", ["status-shop.example"], pct("4"),
        {"tracking": "https://go.shoptrip.example/status/503?store={store}&trip={trip}&u={url}"}),
    ("slow-shop", "Slowpoke Goods", ["slow-shop.example"], pct("3"),
        {"tracking": "https://go.shoptrip.example/hang?store={store}&trip={trip}&u={url}"}),
]


def dated(value, boost, expires):
    """The table's placeholders replaced by this output's dates."""
    if isinstance(value, dict):
        if value.get("window") == BOOST:
            return dict(boost, offer=value["offer"])
        return {k: dated(v, boost, expires) for k, v in value.items()}
    if isinstance(value, list):
        return [dated(v, boost, expires) for v in value]
    return expires if value == EXPIRES else value


def build(rows, region, currency, *, tracking, boost, expires, updated, note):
    stores = []
    for store_id, name, domains, offer, extras in rows:
        store = {"id": store_id, "name": name, "domains": domains, "offer": offer}
        store.update(dated(extras, boost, expires))
        if tracking and "tracking" not in store:
            store["tracking"] = TRACKING
        stores.append(store)
    return {"schema": 1, "region": region, "currency": currency, "updated": updated,
            "note": note, "stores": stores}


def write(out, docs):
    out.mkdir(parents=True, exist_ok=True)
    for name, doc in docs:
        (out / name).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(out / name, len(doc["stores"]), "stores")


def rfc3339(day):
    return day.strftime("%Y-%m-%dT00:00:00Z")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=datetime.date.today(),
                        help="the day the shipped catalogs' boosts and coupons are dated from")
    today = parser.parse_args().today
    root = pathlib.Path(__file__).resolve().parent.parent

    shipped = {"tracking": False, "updated": today.isoformat(), "note": SAMPLE_NOTE,
               "boost": {"from": rfc3339(today), "until": rfc3339(today + datetime.timedelta(days=7)),
                         "label": "Sample boost"},
               "expires": (today + datetime.timedelta(days=90)).isoformat()}
    write(root / "extension" / "catalogs",
          [("us.json", build(US, "US", "USD", **shipped)), ("jp.json", build(JP, "JP", "JPY", **shipped))])

    # Fixed dates: TEST_NOW (2030-06-15T12:00Z) is outside the boost and
    # before the coupons expire; a test that wants the boost sets its clock.
    fixture = {"tracking": True, "updated": "2030-06-01", "note": FIXTURE_NOTE,
               "boost": {"from": "2030-11-29T00:00:00Z", "until": "2030-12-03T08:00:00Z", "label": "Black Friday"},
               "expires": "2030-12-31"}
    write(root / "tests" / "fixtures" / "catalogs",
          [("us.json", build(US + FAILING, "US", "USD", **fixture)), ("jp.json", build(JP, "JP", "JPY", **fixture))])


if __name__ == "__main__":
    main()
