# The lookalikes dnstwist makes of the shipped catalogs' domains, for
# bench/lookalike.mjs. Generated offline: dnstwist's Fuzzer only permutes
# names, and nothing here resolves or fetches anything.
#   python3 -m venv /tmp/dnstwist && /tmp/dnstwist/bin/pip install dnstwist==20250130
#   /tmp/dnstwist/bin/python bench/lookalike_permutations.py > /tmp/permutations.json
import json
import sys

import dnstwist

FUZZERS = ["homoglyph", "omission", "repetition", "replacement", "transposition", "insertion",
           "vowel-swap", "hyphenation", "addition", "bitsquatting", "subdomain", "various", "tld-swap",
           "dictionary", "cyrillic", "plural"]

out = []
for region in ("us", "jp"):
    with open(f"extension/catalogs/{region}.json", encoding="utf-8") as f:
        catalog = json.load(f)
    for store in catalog["stores"]:
        domain = store["domains"][0].split("/")[0]
        fuzzer = dnstwist.Fuzzer(domain, dictionary=["outlet", "sale", "shop", "store", "deals", "official"])
        fuzzer.generate()
        perms = [{"fuzzer": d["fuzzer"], "domain": d["domain"]} for d in fuzzer.domains if d["fuzzer"] != "*original"]
        out.append({"store": store["id"], "domain": domain, "perms": perms})
json.dump(out, sys.stdout)
