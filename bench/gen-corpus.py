#!/usr/bin/env python3
"""Generate kehoach's benchmark corpus (issue 7), deterministically.

A national-scale corpus: one plan per commune of Vietnam after the 2025
reform (3,300 by default), each derived from one of the three real plans
under plans/ by text substitution on the YAML (no YAML library: only the
Python 3 standard library is used, and the seeds' layout is known):

  - the commune's name (unique across the corpus) and its province or
    centrally-run city;
  - the plan's date (full date, month draft or year draft), its number, the
    numbers of the local plans it cites, the reporting deadline, the signer;
  - the commune's agency catalogue (name variants, extra agencies), and the
    lead agency of some tasks;
  - the number of tasks (0.6x to 3x the seed, and 5x for about one plan in
    twenty) and, for the strategy plan, of indicators (same factor).

Output (relative to --out, default build/bench):

  corpus/NAME.yaml                     the commune plans
  corpus/danh-muc/xa-SLUG.yaml         each commune's agency catalogue
  corpus/danh-muc/van-ban-trung-uong.yaml  the shared catalogue (copied)
  growth/GROWTH-xK.yaml                one seed with its tasks repeated K times
  growth/danh-muc/...                  (K = 1, 2, 5, 20); 1x is the seed itself
  corpus.tsv                           one line per plan: name, seed, tasks,
                                       indicators, bytes
  growth.tsv                           one line per growth variant

The same arguments always give the same bytes (one random.Random with a
fixed seed; no dependence on time, locale or hash seeds).
"""

import argparse
import datetime
import os
import random
import re
import shutil
import sys
import unicodedata

SEED = 20250701  # the day the two-level local government took effect

# Post-reform (2025) provinces and centrally-run cities.
CITIES = ["Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"]
PROVINCES = [
    "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Ninh Bình", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau",
    "An Giang", "Cao Bằng", "Điện Biên", "Hà Tĩnh", "Lai Châu", "Lạng Sơn",
    "Nghệ An", "Quảng Ninh", "Thanh Hóa", "Sơn La",
]

# Syllables of commune names (pairs give well over 3,300 names).
SYLLABLES = [
    "An", "Bình", "Hòa", "Phú", "Tân", "Thạnh", "Long", "Mỹ", "Hưng", "Phước",
    "Thuận", "Đông", "Tây", "Nam", "Bắc", "Trung", "Hải", "Sơn", "Lâm", "Thủy",
    "Yên", "Hà", "Quang", "Minh", "Đức", "Thành", "Lợi", "Hiệp", "Vĩnh", "Xuân",
    "Thịnh", "Lộc", "Khánh", "Hợp", "Tiến", "Thắng", "Cường", "Định", "Kim",
    "Ngọc", "Châu", "Gia", "Lạc", "Thái", "Hương", "Trà", "Cẩm", "Vân", "Hồng",
    "Liên", "Phong", "Quế", "Tường", "Nghĩa", "Hiếu", "Trường", "Điền", "Mai",
    "Đạo", "Bảo", "Tú", "Lương", "Hậu", "Khê", "Giang", "Tri", "Lang", "Chánh",
]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
            "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Thân"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Hữu", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Chiến", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng",
         "Hương", "Khoa", "Lan", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân",
         "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vinh", "Yến"]

# Name variants of catalogue agencies (by id), when the seed has that id.
AGENCY_NAMES = {
    "van-phong": ["Văn phòng HĐND và UBND",
                  "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã",
                  "Văn phòng HĐND&UBND xã"],
    "phong-kt": ["Phòng Kinh tế", "Phòng Kinh tế xã"],
    "ttdvsnc": ["Trung tâm Dịch vụ sự nghiệp công",
                "Trung tâm Dịch vụ tổng hợp xã"],
    "cong-an": ["Công an xã"],
}

# Extra agencies a commune's catalogue may list (ids unused by the seeds).
EXTRA_AGENCIES = [
    ("bchqs-xa", "Ban Chỉ huy Quân sự xã", False),
    ("tram-yt-xa", "Trạm Y tế xã", False),
    ("truong-mn-xa", "Trường Mầm non xã", False),
    ("truong-thcs-xa", "Trường Trung học cơ sở xã", False),
    ("phong-tc-kt", "Phòng Tài chính - Kế hoạch xã", False),
    ("doan-tn-xa", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", True),
    ("hoi-nd-xa", "Hội Nông dân xã", True),
    ("hoi-ccb-xa", "Hội Cựu chiến binh xã", True),
]

# The three seeds. `scale` says which list holds the tasks that are dropped
# or repeated: the top-level tasks, or the items of one top-level task.
SEEDS = [
    dict(name="tan-yen-2026", commune="Tân Yên", province="Bắc Ninh",
         kind="province", catalogue="xa-tan-yen.yaml", year=2026,
         date_from=(5, 26), date_to=(7, 31), scale=None),
    dict(name="ha-bac-2026-2030", commune="Hà Bắc", province="Hải Phòng",
         kind="city", catalogue="xa-ha-bac.yaml", year=2026,
         date_from=(5, 8), date_to=(8, 31), scale="t-cu-the"),
    dict(name="ngok-bay-2025", commune="Ngọk Bay", province="Quảng Ngãi",
         kind="province", catalogue="xa-ngok-bay.yaml", year=2025,
         date_from=(8, 22), date_to=(10, 31), scale=None),
]
SHARED_CATALOGUE = "van-ban-trung-uong.yaml"
GROWTH_SEED = "tan-yen-2026"
GROWTH_FACTORS = [1, 2, 5, 20]

ID_DEF = re.compile(r"(\bid:\s*)([a-z0-9._-]+)")
TOP_KEY = re.compile(r"^[a-z_]+:")


def nfc(s):
    return unicodedata.normalize("NFC", s)


def slugify(name):
    s = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def working_days(year, month, first, last):
    return [d for d in range(first, last + 1)
            if datetime.date(year, month, d).weekday() < 5]


def days_in(month, year):
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


# ---------------------------------------------------------------------------
# Blocks of YAML lines.

def section(lines, key):
    """(start, end) of the lines of top-level `key:` (after the key line, up
    to the next top-level key; trailing comments and blanks excluded)."""
    start = next(i for i, l in enumerate(lines) if l.startswith(key + ":"))
    end = start + 1
    while end < len(lines) and not TOP_KEY.match(lines[end]):
        end += 1
    while end > start + 1 and (not lines[end - 1].strip()
                               or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return start + 1, end


def split_items(lines, indent):
    """Split a block into (head, items, tail): items start with `- ` at
    `indent`; comment lines just above an item belong to it."""
    dash = " " * indent + "- "
    starts = [i for i, l in enumerate(lines) if l.startswith(dash)]
    if not starts:
        return lines, [], []
    # Pull preceding comment lines into the item.
    begins = []
    for s in starts:
        b = s
        while b > 0 and lines[b - 1].strip().startswith("#") and \
                len(lines[b - 1]) - len(lines[b - 1].lstrip()) == indent:
            b -= 1
        begins.append(b)
    head = lines[:begins[0]]
    items = [lines[begins[k]:begins[k + 1]] for k in range(len(begins) - 1)]
    items.append(lines[begins[-1]:])
    return head, items, []


def defined_ids(block):
    return [m.group(2) for l in block for m in ID_DEF.finditer(l)
            if not l.lstrip().startswith("#")]


def copy_item(block, suffix, lead=None):
    """A copy of an item with every id it defines renamed (and the {ref:}s
    to them inside the copy); optionally another lead agency."""
    ids = set(defined_ids(block))
    out = []
    for l in block:
        if l.lstrip().startswith("#"):
            continue  # comments describe the seed, not the copy
        l = ID_DEF.sub(lambda m: m.group(1) + m.group(2) + suffix
                       if m.group(2) in ids else m.group(0), l)
        l = re.sub(r"\{ref:([a-z0-9._-]+)",
                   lambda m: "{ref:" + m.group(1) + suffix
                   if m.group(1) in ids else m.group(0), l)
        if lead and re.match(r"^\s+lead: ", l):
            l = re.sub(r"lead: .*", "lead: " + lead, l)
        out.append(l)
    return out


def scale_list(items, n, rng, referenced, extra_leads, tag):
    """Keep or repeat `items` to get `n` of them. Items defining an id that
    is referenced elsewhere are always kept."""
    base = len(items)
    if n <= base:
        required = [k for k, it in enumerate(items)
                    if set(defined_ids(it)) & referenced]
        optional = [k for k in range(base) if k not in required]
        keep = set(required) | set(rng.sample(optional,
                                              max(0, min(len(optional), n - len(required)))))
        return [it for k, it in enumerate(items) if k in keep]
    out = list(items)
    for j in range(n - base):
        src = items[j % base]
        lead = rng.choice(extra_leads) if extra_leads and rng.random() < 0.3 else None
        out.append(copy_item(src, "-%s%d" % (tag, j // base + 2), lead))
    return out


def referenced_ids(text):
    """Ids that `text` refers to by {ref:} or `serves`."""
    refs = set(re.findall(r"\{ref:([a-z0-9._-]+)", text))
    for lst in re.findall(r"\bserves: \[([^\]]*)\]", text):
        refs |= {x.strip() for x in lst.split(",")}
    return refs


# ---------------------------------------------------------------------------
# Tasks and indicators.

def task_items(lines, seed):
    """(before, items, after, indent): the list of task units of a plan."""
    s, e = section(lines, "tasks")
    block = lines[s:e]
    if seed["scale"] is None:
        head, items, _ = split_items(block, 2)
        return lines[:s] + head, items, lines[e:], 2
    # The items of one top-level task (ha-bac: II.2 "Nhiệm vụ, giải pháp cụ thể").
    head, tops, _ = split_items(block, 2)
    k = next(i for i, t in enumerate(tops) if re.search(r"id: %s$" % seed["scale"], t[0]))
    top = tops[k]
    il = next(i for i, l in enumerate(top) if l.startswith("    items:"))
    sub_head, subs, _ = split_items(top[il + 1:], 6)
    before = lines[:s] + head + [l for t in tops[:k] for l in t] + top[:il + 1] + sub_head
    after = [l for t in tops[k + 1:] for l in t] + lines[e:]
    return before, subs, after, 6


def scale_tasks(text, seed, factor, rng, extra_leads, exact=False):
    lines = text.split("\n")
    before, items, after, _ = task_items(lines, seed)
    base = len(items)
    n = base * factor if exact else max(1, round(base * factor))
    outside = "\n".join(before + after)
    items = scale_list(items, n, rng, referenced_ids(outside), extra_leads, "b")
    return "\n".join(before + [l for it in items for l in it] + after), len(items)


def scale_indicators(text, factor, rng):
    """Repeat indicators of `objectives.specific` (strategy plans)."""
    lines = text.split("\n")
    if not any(l.startswith("objectives:") for l in lines):
        return text, 0
    s, e = section(lines, "objectives")
    block = lines[s:e]
    # Objectives are items at indent 4 under `specific:`; indicators at 8.
    sp = next(i for i, l in enumerate(block) if l.startswith("  specific:"))
    head, objs, _ = split_items(block[sp + 1:], 4)
    parsed = []
    for ob in objs:
        il = next(i for i, l in enumerate(ob) if l.startswith("      indicators:"))
        ih, inds, _ = split_items(ob[il + 1:], 8)
        parsed.append((ob[:il + 1] + ih, inds))
    # Indicators that no remaining task serves go with the tasks that were
    # dropped (an objective keeps at least its first indicator).
    served = referenced_ids(text)
    parsed = [(h, [ind for k, ind in enumerate(inds)
                   if k == 0 or set(defined_ids(ind[:1])) & served])
              for h, inds in parsed]
    base = sum(len(inds) for _, inds in parsed)
    n = max(base, round(base * factor))
    if base == 0:
        return text, 0
    flat = [(k, ind) for k, (_, inds) in enumerate(parsed) for ind in inds]
    extra = [[] for _ in parsed]
    for j in range(n - base):
        k, ind = flat[j % base]
        extra[k].append(copy_item(ind, "-c%d" % (j // base + 2)))
    out = block[:sp + 1] + head
    for (h, inds), more in zip(parsed, extra):
        out += h + [l for it in inds + more for l in it]
    return "\n".join(lines[:s] + out + lines[e:]), n


def serve_copies(text):
    """Tasks that serve an indicator also serve its copies (ID-cK)."""
    defined = set(re.findall(r"(?m)^\s+- id: ([a-z0-9._-]+-c\d+)$", text))
    if not defined:
        return text
    copies = {}
    for d in sorted(defined, key=lambda x: (x.rsplit("-c", 1)[0], int(x.rsplit("-c", 1)[1]))):
        copies.setdefault(d.rsplit("-c", 1)[0], []).append(d)

    def widen(m):
        ids = [x.strip() for x in m.group(1).split(",")]
        return "serves: [%s]" % ", ".join(ids + [c for x in ids for c in copies.get(x, [])])
    return re.sub(r"\bserves: \[([^\]]*)\]", widen, text)


def add_duties(text, extra_leads):
    """Give each extra agency that leads a task a duty in `organization` and
    a line in `recipients`, as an author would."""
    used = [a for a in extra_leads if re.search(r"lead: %s$" % re.escape(a), text, re.M)]
    if not used:
        return text
    lines = text.split("\n")
    s, e = section(lines, "organization")
    duty = []
    for a in used:
        duty += ["  - agency: %s" % a,
                 "    text: >-",
                 "      Chủ trì thực hiện các nhiệm vụ được giao trong Kế hoạch; báo cáo kết quả",
                 "      thực hiện về {agency:phong-vhxh} để tổng hợp."]
    lines[e:e] = duty
    s, e = section(lines, "recipients")
    lines[e:e] = ["  - {agency: %s}" % a for a in used]
    return "\n".join(lines)


def prune_unused(text):
    """Delete the plan's own agencies, documents and footnotes that nothing
    uses any more (the tasks that used them were dropped)."""
    while True:
        lines = text.split("\n")
        live = [l for l in lines if not l.lstrip().startswith("#")]
        removed = False
        for key in ("footnotes", "documents", "agencies"):
            if not any(l.startswith(key + ":") for l in lines):
                continue
            s, e = section(lines, key)
            head, items, _ = split_items(lines[s:e], 2)
            keep = []
            for it in items:
                ids = defined_ids(it)
                own = set(l for l in it if not l.lstrip().startswith("#"))
                rest = "\n".join(l for l in live if l not in own)
                if ids and not re.search(r"(?<![a-z0-9_.-])%s(?![a-z0-9_.-])"
                                         % re.escape(ids[0]), rest):
                    removed = True
                    continue
                keep.append(it)
            if removed:
                if keep:
                    lines[s:e] = head + [l for it in keep for l in it]
                else:
                    lines[s - 1:e] = []
                text = "\n".join(lines)
                break
        if not removed:
            return text


# ---------------------------------------------------------------------------
# One commune.

def commune_names(rng, count, taken):
    names, slugs = [], set(taken)
    pairs = [(a, b) for a in SYLLABLES for b in SYLLABLES if a != b]
    rng.shuffle(pairs)
    for a, b in pairs:
        name = nfc(a + " " + b)
        slug = slugify(name)
        if slug in slugs:
            continue
        slugs.add(slug)
        names.append(name)
        if len(names) == count:
            return names
    sys.exit("gen-corpus: not enough commune names for %d plans" % count)


def vary_catalogue(text, seed, commune, rng):
    """The commune's agency catalogue and the extra agency ids it defines."""
    text = text.replace(seed["commune"], commune)
    for aid, names in AGENCY_NAMES.items():
        text = re.sub(r"(\{id: %s, name: )([^,}]+)" % re.escape(aid),
                      lambda m: m.group(1) + rng.choice(names), text)
    extras = rng.sample(EXTRA_AGENCIES, rng.randint(0, len(EXTRA_AGENCIES)))
    extras.sort(key=EXTRA_AGENCIES.index)
    if extras:
        text = text.rstrip("\n") + "\n\n  # Các đơn vị khác / other units\n"
        for aid, name, req in extras:
            text += "  - {id: %s, name: %s%s}\n" % (aid, name, ", request: true" if req else "")
    return text, [aid for aid, _, _ in extras]


def vary_plan(text, seed, commune, province, rng, extra_leads, factor):
    slug = slugify(commune)
    lines = text.split("\n")
    # Drop the seed's header comments (they describe the seed document).
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    text = "\n".join(["# Benchmark corpus: xã %s (%s %s), derived from plans/%s.yaml."
                      % (commune, "thành phố" if seed["kind"] == "city" else "tỉnh",
                         province, seed["name"])] + lines)
    text = text.replace(seed["province"], province)
    text = text.replace(seed["commune"], commune)
    text = text.replace("danh-muc/" + seed["catalogue"], "danh-muc/xa-%s.yaml" % slug)

    year = seed["year"]
    # The plan's date: a full date two times in three, else a draft.
    r = rng.random()
    if r < 0.67:
        (m0, d0), (m1, d1) = seed["date_from"], seed["date_to"]
        m = rng.randint(m0, m1)
        lo = d0 if m == m0 else 1
        hi = d1 if m == m1 else days_in(m, year)
        date = '"%04d-%02d-%02d"' % (year, m, rng.randint(lo, hi))
        number = rng.randint(1, 250)
    elif r < 0.85:
        date, number = '"%04d-%02d"' % (year, rng.randint(seed["date_from"][0], seed["date_to"][0])), None
    else:
        date, number = '"%04d"' % year, None
    text, k = re.subn(r"(?m)^  date: .*$", "  date: " + date, text)
    assert k == 1, seed["name"]
    if number is not None:
        text, k = re.subn(r"(?m)^(  authority_short: .*)$",
                          lambda m: m.group(1) + "\n  number: %d" % number, text)
        assert k == 1, seed["name"]
    # Numbers of the plans (Kế hoạch) it cites: distinct, two digits at least.
    kh = re.findall(r"\bnumber: \d+/KH-UBND", text)
    numbers = iter(rng.sample(range(1, 400), len(kh)))
    text = re.sub(r"\bnumber: \d+/KH-UBND",
                  lambda m: "number: %02d/KH-UBND" % next(numbers), text)
    # Reporting deadline: a working day in the second half of November.
    text = re.sub(r"deadline: \{by: (\d{4})-11-\d\d\}",
                  lambda m: "deadline: {by: %s-11-%02d}"
                  % (m.group(1), rng.choice(working_days(int(m.group(1)), 11, 15, 30))),
                  text)
    # The signer.
    signer = "%s %s %s" % (rng.choice(SURNAMES), rng.choice(MIDDLE), rng.choice(GIVEN))
    text, k = re.subn(r"(?m)^  name: .*$", "  name: " + signer, text)
    assert k == 1, seed["name"]

    text, ntasks = scale_tasks(text, seed, factor, rng, extra_leads)
    text, ninds = scale_indicators(text, factor, rng)
    text = serve_copies(text)
    text = add_duties(text, extra_leads)
    text = prune_unused(text)
    return nfc(text), ntasks, ninds


def pick_factor(rng):
    r = rng.random()
    if r < 0.05:
        return 5.0
    if r < 0.15:
        return rng.uniform(2.0, 3.0)
    return rng.uniform(0.6, 1.6)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plans", default="plans", help="directory of the seed plans")
    ap.add_argument("--out", default="build/bench", help="output directory")
    ap.add_argument("-n", "--count", type=int, default=3300, help="number of commune plans")
    ap.add_argument("--seed", type=int, default=SEED, help="random seed")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    seeds = []
    for s in SEEDS:
        with open(os.path.join(args.plans, s["name"] + ".yaml"), encoding="utf-8") as f:
            plan = f.read()
        with open(os.path.join(args.plans, "danh-muc", s["catalogue"]), encoding="utf-8") as f:
            cat = f.read()
        seeds.append((s, plan, cat))

    corpus = os.path.join(args.out, "corpus")
    if os.path.isdir(corpus):
        shutil.rmtree(corpus)
    os.makedirs(os.path.join(corpus, "danh-muc"))
    shutil.copyfile(os.path.join(args.plans, "danh-muc", SHARED_CATALOGUE),
                    os.path.join(corpus, "danh-muc", SHARED_CATALOGUE))

    # Seed communes' names stay reserved so that no plan is named like a seed.
    names = commune_names(rng, args.count, [slugify(s["commune"]) for s in SEEDS])
    rows = []
    for i, commune in enumerate(names):
        s, plan, cat = seeds[i % len(seeds)]
        province = rng.choice(CITIES if s["kind"] == "city" else PROVINCES)
        catalogue, extras = vary_catalogue(cat, s, commune, rng)
        factor = pick_factor(rng)
        text, ntasks, ninds = vary_plan(plan, s, commune, province, rng, extras, factor)
        slug = slugify(commune)
        name = s["name"].replace(slugify(s["commune"]), slug)
        with open(os.path.join(corpus, "danh-muc", "xa-%s.yaml" % slug), "w", encoding="utf-8") as f:
            f.write(nfc(catalogue))
        data = text.encode("utf-8")
        with open(os.path.join(corpus, name + ".yaml"), "wb") as f:
            f.write(data)
        rows.append((name, s["name"], factor, ntasks, ninds, len(data)))
    with open(os.path.join(args.out, "corpus.tsv"), "w", encoding="utf-8") as f:
        f.write("plan\tseed\tfactor\ttasks\tindicators\tbytes\n")
        for r in rows:
            f.write("%s\t%s\t%.2f\t%d\t%d\t%d\n" % r)

    # Growth variants: one seed, its tasks repeated K times, nothing else changed.
    growth = os.path.join(args.out, "growth")
    if os.path.isdir(growth):
        shutil.rmtree(growth)
    shutil.copytree(os.path.join(args.plans, "danh-muc"), os.path.join(growth, "danh-muc"))
    s, plan, _ = next(x for x in seeds if x[0]["name"] == GROWTH_SEED)
    grow_rows = []
    for k in GROWTH_FACTORS:
        text, ntasks = scale_tasks(plan, s, k, random.Random(args.seed), [], exact=True)
        data = nfc(text).encode("utf-8")
        name = "%s-x%d" % (s["name"], k)
        with open(os.path.join(growth, name + ".yaml"), "wb") as f:
            f.write(data)
        grow_rows.append((name, k, ntasks, len(data)))
    with open(os.path.join(args.out, "growth.tsv"), "w", encoding="utf-8") as f:
        f.write("plan\tfactor\ttasks\tbytes\n")
        for r in grow_rows:
            f.write("%s\t%d\t%d\t%d\n" % r)

    total = sum(r[5] for r in rows)
    big = sum(1 for r in rows if r[2] == 5.0)
    print("gen-corpus: %d plans (%.1f MB of plan YAML, %d of them 5x a seed) in %s; "
          "growth x%s of %s in %s"
          % (len(rows), total / 1e6, big, corpus, ",".join(map(str, GROWTH_FACTORS)),
             GROWTH_SEED, growth))


if __name__ == "__main__":
    main()
