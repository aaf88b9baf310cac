#!/usr/bin/env python3
"""Build the same corpus with Sapar, Hugo and Zola, and index Hugo's output with Pagefind.

Run it through scripts/bench (see there for the options). The corpus comes from
../shared/bench/gen_corpus.py: N bundles, each a page in ru, ky and en with the same text for
every tool. Hugo and Zola use the skeletons beside it; Sapar uses benches/theme, which writes the
same markup, so every tool does the same work. `sapar-portal` is Sapar with the real portal
theme (menus, notices, quick facts: about 15 KB a page instead of 3 KB), for reference.

Each size is built once by every tool to warm the page cache and leave an output behind (an
editor's build is a rebuild), then RUNS times in rotating order, so that a slow spell on a noisy
machine falls on every tool alike. Wall time and peak memory come from GNU time.

`--cache cold` empties the page cache before every run (as root), so that every tool at every
size starts from the disk. Without it, what is still cached depends on the machine: a host that
pages out file pages idle for more than a few seconds (DAMON reclaim, shown in the report) keeps
the small sizes, whose rotation is short, in memory, and the large ones not.
"""
import argparse
import os
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent.parent
SHARED = HERE.parent / "shared" / "bench"


def find_pagefind():
    if os.environ.get("PAGEFIND"):
        return os.environ["PAGEFIND"]
    found = shutil.which("pagefind") or shutil.which("pagefind_extended")
    if found:
        return found
    try:
        import pagefind_bin  # PyPI package pagefind-bin

        p = pathlib.Path(pagefind_bin.__file__).parent / "pagefind"
        if p.exists():
            return str(p)
    except ImportError:
        pass
    return None


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "not found"


def du(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(d, f))
            except OSError:
                pass
    return total


def count_html(path):
    return sum(1 for _, _, files in os.walk(path) for f in files if f.endswith(".html"))


def timed(cmd, log):
    """Runs cmd under GNU time; returns (wall s, peak RSS KiB, cpu s)."""
    stats = log.with_suffix(".time")
    with open(log, "ab") as out:
        r = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M %U %S", "-o", str(stats)] + cmd,
            stdout=out,
            stderr=out,
        )
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}; see {log}")
    wall, rss, user, sys_ = stats.read_text().split()[-4:]
    return float(wall), int(rss), float(user) + float(sys_)


DROP_CACHES = pathlib.Path("/proc/sys/vm/drop_caches")


def drop_caches():
    """Writes dirty pages out and empties the page cache, so the next run reads from disk."""
    os.sync()
    DROP_CACHES.write_text("3\n")


def damon_reclaim():
    """How this machine pages out idle memory, if it uses DAMON's sysfs interface to do so."""
    ctx = pathlib.Path("/sys/kernel/mm/damon/admin/kdamonds/0/contexts/0")
    try:
        state = (ctx.parent.parent / "state").read_text().strip()
        action = (ctx / "schemes/0/action").read_text().strip()
        min_age = int((ctx / "schemes/0/access_pattern/age/min").read_text())
        aggr_us = int((ctx / "monitoring_attrs/intervals/aggr_us").read_text())
    except (OSError, ValueError):
        return None
    if state != "on":
        return None
    return f"DAMON {action} of memory not used for {min_age * aggr_us / 1e6:.0f} s or more"


def prepare(tool, d, n):
    if tool in ("sapar", "sapar-portal"):
        theme = "simple" if tool == "sapar" else "portal"
        subprocess.run(
            [str(HERE / "scripts" / "bench-corpus"), str(d), str(n), theme],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(SHARED / f"{tool}-site", d)
    subprocess.run(
        [sys.executable, str(SHARED / "gen_corpus.py"), str(d), str(n), tool],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,3000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default="/tmp/sapar-bench")
    ap.add_argument("--tools", default="sapar,hugo,zola,pagefind,sapar-portal")
    ap.add_argument("--report", help="also write the Markdown report here")
    ap.add_argument("--cache", choices=["as-is", "cold"], default="as-is",
                    help="cold: empty the page cache before every run (needs root)")
    args = ap.parse_args()
    if args.cache == "cold" and not os.access(DROP_CACHES, os.W_OK):
        sys.exit(f"--cache cold needs to write {DROP_CACHES} (run as root)")

    sapar = os.environ.get("SAPAR", str(HERE / "target" / "release" / "sapar"))
    hugo = os.environ.get("HUGO", shutil.which("hugo") or "hugo")
    zola = os.environ.get("ZOLA", shutil.which("zola") or "zola")
    pagefind = find_pagefind()
    wanted = args.tools.split(",")
    if "zola" in wanted and version([zola, "--version"]) == "not found":
        print("zola not found (set ZOLA=path): leaving it out", file=sys.stderr)
        wanted.remove("zola")
    if "pagefind" in wanted and not pagefind:
        print("pagefind not found (pip install pagefind-bin): leaving it out", file=sys.stderr)
        wanted.remove("pagefind")
    if "pagefind" in wanted and "hugo" not in wanted:
        sys.exit("pagefind indexes Hugo's output: add hugo to --tools")

    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    lines = [
        "# Build benchmark",
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- machine: {os.cpu_count()} cores, {platform.machine()}, load average at start "
        f"{os.getloadavg()[0]:.2f}",
        f"- page cache: {'emptied before every run' if args.cache == 'cold' else 'as it is'}"
        f"; this machine: {damon_reclaim() or 'no DAMON reclaim seen'}",
        f"- sapar: {version([sapar, '--version'])} ({sapar})",
        f"- hugo: {version([hugo, 'version'])}",
    ]
    if "zola" in wanted:
        lines.append(f"- zola: {version([zola, '--version'])}")
    if "pagefind" in wanted:
        lines.append(f"- pagefind: {version([pagefind, '--version'])}")
    lines += [
        f"- {args.runs} runs per tool and size, in rotating order, after one warm-up run each; "
        "medians, with min–max",
        "- sapar: pages, sitemap, feeds *and* the tantivy search index for ky, ru and en; "
        "hugo and zola: pages and sitemap, no search; pagefind: indexing Hugo's output "
        "(run after each Hugo build; `hugo+pagefind` is the sum)",
        "",
    ]
    results = {}  # (tool, n) -> dict
    for n in sizes:
        dirs = {}
        builds = [t for t in wanted if t != "pagefind"]
        for t in builds:
            dirs[t] = work / f"{t}-{n}"
            print(f"generating {t} corpus, {n} bundles", file=sys.stderr)
            prepare(t, dirs[t], n)
        cmds = {
            "sapar": [sapar, "build", "--root", str(dirs.get("sapar", ""))],
            "sapar-portal": [sapar, "build", "--root", str(dirs.get("sapar-portal", ""))],
            "hugo": [hugo, "--quiet", "-s", str(dirs.get("hugo", ""))],
            "zola": [zola, "--root", str(dirs.get("zola", "")), "build", "--force"],
        }
        pf_cmd = [pagefind, "--site", str(dirs.get("hugo", "") / pathlib.Path("public"))]
        samples = {t: [] for t in wanted}
        log = work / f"log-{n}.txt"
        log.write_text("")
        for r in range(args.runs + 1):
            order = builds[r % len(builds):] + builds[: r % len(builds)]
            for t in order:
                runs = [(t, cmds[t])]
                if t == "hugo" and "pagefind" in wanted:
                    runs.append(("pagefind", pf_cmd))
                for name, cmd in runs:
                    if args.cache == "cold":
                        drop_caches()
                    s = timed(cmd, log)
                    if r > 0:
                        samples[name].append(s)
                    print(f"  n={n} run {r}{' (warm-up)' if r == 0 else ''} {name}: "
                          f"{s[0]:.2f} s, {s[1] / 1024:.0f} MiB", file=sys.stderr)
        for t in wanted:
            walls = [s[0] for s in samples[t]]
            out_dir = dirs["hugo"] / "public" if t == "pagefind" else dirs[t] / "public"
            pages = count_html(out_dir) if t != "pagefind" else count_html(dirs["hugo"] / "public")
            if t in ("sapar", "sapar-portal"):
                index = du(dirs[t] / "search_index")
            elif t == "pagefind":
                index = du(dirs["hugo"] / "public" / "pagefind")
            else:
                index = None
            results[(t, n)] = {
                "wall": statistics.median(walls),
                "min": min(walls),
                "max": max(walls),
                "rss": statistics.median(s[1] for s in samples[t]) / 1024,
                "cpu": statistics.median(s[2] for s in samples[t]),
                "pages": pages,
                "index": index,
                # Hugo's folder also holds Pagefind's index: counted under pagefind instead.
                "out": None if t == "pagefind" else du(out_dir) - du(out_dir / "pagefind"),
            }
        if "hugo" in wanted and "pagefind" in wanted:
            both = [h[0] + p[0] for h, p in zip(samples["hugo"], samples["pagefind"])]
            results[("hugo+pagefind", n)] = {
                "wall": statistics.median(both),
                "min": min(both),
                "max": max(both),
                "rss": max(results[("hugo", n)]["rss"], results[("pagefind", n)]["rss"]),
                "cpu": results[("hugo", n)]["cpu"] + results[("pagefind", n)]["cpu"],
                "pages": results[("hugo", n)]["pages"],
                "index": results[("pagefind", n)]["index"],
                "out": None,
            }

    tools = [t for t in ["sapar", "hugo", "zola", "pagefind", "hugo+pagefind", "sapar-portal"]
             if any((t, n) in results for n in sizes)]
    lines += [
        "| bundles | tool | wall s (median, min–max) | CPU s | peak MiB | HTML pages | pages/s "
        "| ms/page | search index | output |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n in sizes:
        for t in tools:
            x = results.get((t, n))
            if not x:
                continue
            idx = f"{x['index'] / 2**20:.1f} MiB" if x["index"] is not None else "none"
            out = f"{x['out'] / 2**20:.0f} MiB" if x["out"] is not None else ""
            lines.append(
                f"| {n} | {t} | {x['wall']:.2f} ({x['min']:.2f}–{x['max']:.2f}) | {x['cpu']:.2f} "
                f"| {x['rss']:.0f} | {x['pages']} | {x['pages'] / x['wall']:.0f} "
                f"| {1000 * x['wall'] / x['pages']:.3f} | {idx} | {out} |"
            )
    lines += ["", "## Ratios", ""]
    for n in sizes:
        s, h = results.get(("sapar", n)), results.get(("hugo", n))
        if s and h:
            line = (f"- {n} bundles: Sapar with search index / Hugo without search = "
                    f"{s['wall'] / h['wall']:.2f}×")
            hp = results.get(("hugo+pagefind", n))
            if hp:
                line += f"; / Hugo + Pagefind = {s['wall'] / hp['wall']:.2f}×"
            z = results.get(("zola", n))
            if z:
                line += f"; / Zola without search = {s['wall'] / z['wall']:.2f}×"
            lines.append(line)
    if len(sizes) > 1:
        lines += ["", "## Cost per page as the site grows (ms/page at N ÷ at the smallest N)", ""]
        first = sizes[0]
        for t in tools:
            base = results.get((t, first))
            if not base:
                continue
            per = [1000 * results[(t, n)]["wall"] / results[(t, n)]["pages"]
                   for n in sizes if (t, n) in results]
            growth = ", ".join(f"{n}: {p / per[0]:.2f}×" for n, p in zip(sizes, per))
            lines.append(f"- {t}: {growth}")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.report:
        pathlib.Path(args.report).write_text(report)


if __name__ == "__main__":
    main()
